//! The bound on how deeply a page nests, measured on the raw markup before the tree is built.

use std::collections::HashMap;

/// More nested open elements than this is not a page but an attack on the parser: the HTML
/// tree builder scans its stack of open elements for every start tag, so time grows with the
/// square of the depth (measured, debug build: 5,000 nested `<div>`s 4.7 s, 20,000 64 s,
/// 40,000 274 s). Real report pages nest fewer than 50 deep.
pub(super) const MAX_NESTING: usize = 1_000;

/// A cheap estimate of how deep the page nests, as the tree builder will nest it: a stack of
/// open elements where an end tag closes the innermost open element of its name and all
/// inside it, and an end tag that closes nothing open (`</x>` after `<div>`) is ignored, as the
/// tree builder ignores it. Void elements and the tags HTML closes implicitly (p, li, td …),
/// which real pages leave open, are not counted. Linear: each element is pushed and popped
/// once.
pub(super) fn nesting_depth(text: &str) -> usize {
    const IMPLIED: &[&str] = &[
        "p", "li", "td", "th", "tr", "dt", "dd", "option", "br", "img", "meta", "link", "input", "hr", "area", "base",
        "col", "embed", "source", "track", "wbr", "param", "tbody", "thead", "tfoot",
    ];
    let bytes = text.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut open_by_name: HashMap<String, usize> = HashMap::new();
    let mut deepest = 0usize;
    for pos in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[pos + 1..];
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = String::from_utf8_lossy(&rest[name_start..name_start + name_len]).to_ascii_lowercase();
        if IMPLIED.contains(&name.as_str()) {
            continue;
        }
        if !closing {
            *open_by_name.entry(name.clone()).or_default() += 1;
            open.push(name);
            deepest = deepest.max(open.len());
        } else if open_by_name.get(&name).is_some_and(|n| *n > 0) {
            while let Some(top) = open.pop() {
                let done = top == name;
                if let Some(n) = open_by_name.get_mut(&top) {
                    *n -= 1;
                }
                if done {
                    break;
                }
            }
        }
    }
    deepest
}
