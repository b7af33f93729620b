//! What `fazhi fix` did: a line per file with the count of edits by rule, and with `--diff`
//! each changed line before and after, cropped around the change.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::fix::FixResult;

/// Characters kept on each side of a change.
const CONTEXT_CHARS: usize = 16;

/// The summary line of one file, and its diff when asked.
#[must_use]
pub fn render(result: &FixResult, show_diff: bool) -> String {
    let mut out = String::new();
    let path = result.path.display();
    if result.applied.is_empty() {
        let _ = writeln!(out, "{path}：没有可以自动修改的问题");
        return out;
    }
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for applied in &result.applied {
        *by_rule.entry(&applied.rule).or_default() += 1;
    }
    let counts: Vec<String> = by_rule.iter().map(|(rule, n)| format!("{rule} {n}")).collect();
    let verb = if result.written { "已修改" } else { "可修改" };
    let _ = writeln!(out, "{path}：{verb}{}处（{}）", result.applied.len(), counts.join("，"));
    if show_diff {
        out.push_str(&line_diff(&result.before, &result.after));
    }
    out
}

/// Changed lines, before (−) and after (+). Fixes never add or remove line breaks, so lines
/// correspond one to one.
fn line_diff(before: &str, after: &str) -> String {
    let mut out = String::new();
    for (number, (old, new)) in before.lines().zip(after.lines()).enumerate() {
        if old == new {
            continue;
        }
        let old_chars: Vec<char> = old.chars().collect();
        let new_chars: Vec<char> = new.chars().collect();
        let prefix = old_chars.iter().zip(&new_chars).take_while(|(a, b)| a == b).count();
        let suffix =
            old_chars[prefix..].iter().rev().zip(new_chars[prefix..].iter().rev()).take_while(|(a, b)| a == b).count();
        let crop = |chars: &[char], end_keep: usize| -> String {
            let from = prefix.saturating_sub(CONTEXT_CHARS);
            let to = (chars.len() - end_keep + CONTEXT_CHARS).min(chars.len());
            let mut s = String::new();
            if from > 0 {
                s.push('…');
            }
            s.extend(&chars[from..to]);
            if to < chars.len() {
                s.push('…');
            }
            s
        };
        let _ = writeln!(out, "  第{}行", number + 1);
        let _ = writeln!(out, "  - {}", crop(&old_chars, suffix));
        let _ = writeln!(out, "  + {}", crop(&new_chars, suffix));
    }
    out
}
