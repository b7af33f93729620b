//! Regular expressions of rule files: compiled once with limits fit for Chinese text, with
//! errors pointing at the pattern inside the TOML file.

use std::fmt;
use std::ops::Deref;
use std::sync::{LazyLock, OnceLock};

use regex::{Regex, RegexBuilder};
use toml::Spanned;

/// Lazy-DFA cache per pattern. The default 2 MiB makes counted repetitions over Unicode classes
/// (`《[^》]{60,}`) thrash and fall back to a slow engine, about 85× slower.
const DFA_CACHE_BYTES: usize = 32 << 20;
/// Compiled-program limit; generous because rule authors write long alternations of phrases.
const PROGRAM_BYTES: usize = 64 << 20;

/// Whether a match of the pattern inside a span is always also a match in the whole text: true
/// when the pattern has no anchors or word boundaries (`^`, `$`, `\b`), whose meaning changes
/// at span edges. Such patterns can be tried once on the whole report before any span.
#[must_use]
pub fn is_span_independent(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir.properties().look_set().is_empty())
}

/// What to put into the shared prefilter `RegexSet` for a pattern, such that the entry matches
/// a report whenever the pattern does: the pattern itself when it is span-independent and cheap
/// in a set; for a pattern with a long counted repetition over a class (`[^》]{0,80}`, which
/// blows up a set's lazy DFA), the alternation of the literals every match must start with;
/// `None` when there is no such entry (anchors, or no required prefix).
#[must_use]
pub fn set_entry(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    if !hir.properties().look_set().is_empty() {
        return None;
    }
    if !heavy(&hir) {
        return Some(pattern.to_string());
    }
    let prefixes = regex_syntax::hir::literal::Extractor::new().extract(&hir);
    let literals = prefixes.literals()?;
    if literals.is_empty() || literals.len() > 64 || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let escaped: Option<Vec<String>> =
        literals.iter().map(|l| std::str::from_utf8(l.as_bytes()).ok().map(regex::escape)).collect();
    Some(escaped?.join("|"))
}

/// Whether a pattern is cheap to put into a shared `RegexSet` as it is (see `set_entry`).
#[must_use]
pub fn is_set_friendly(pattern: &str) -> bool {
    regex_syntax::Parser::new().parse(pattern).is_ok_and(|hir| hir.properties().look_set().is_empty() && !heavy(&hir))
}

/// A counted repetition of more than 20 over anything but a literal.
fn heavy(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let big = rep.max.is_none_or(|max| max > 20) && rep.min > 20 || rep.max.is_some_and(|max| max > 20);
            (big && !matches!(rep.sub.kind(), HirKind::Literal(_))) || heavy(&rep.sub)
        }
        HirKind::Capture(cap) => heavy(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(heavy),
        _ => false,
    }
}

/// A pattern that failed to compile, with the byte range of the pattern in the rule file.
#[derive(Debug)]
pub struct PatternError {
    /// Span of the pattern string in the file.
    pub span: std::ops::Range<usize>,
    /// The regex crate's explanation.
    pub detail: String,
}

/// A rule's compiled pattern, or one whose compilation waits until it is first used.
///
/// Compiling every pattern of the built-in packs is most of a one-report run's start-up (about
/// two thirds of its instructions), while a report reaches only a few of them: most `forbid`
/// patterns are never tried because the prefilter says they cannot match. So the built-in
/// packs' patterns are checked at load only for their syntax and compiled when first needed;
/// a test compiles every one of them in full, so a pattern too large to compile cannot ship.
/// Rule files read from disk (a user's pack or `--rules` directory) are compiled at load, so
/// their author sees every error at once.
#[derive(Clone)]
pub struct Pattern {
    source: Box<str>,
    compiled: OnceLock<Regex>,
}

impl Pattern {
    /// A pattern already compiled.
    #[must_use]
    pub fn compiled(regex: Regex) -> Self {
        let compiled = OnceLock::new();
        let source = regex.as_str().into();
        let _ = compiled.set(regex);
        Self { source, compiled }
    }

    /// A pattern whose syntax was checked, compiled on first use.
    #[must_use]
    pub fn deferred(source: &str) -> Self {
        Self { source: source.into(), compiled: OnceLock::new() }
    }

    /// The pattern as written, without compiling it.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The compiled regex, compiled now if it has not been yet.
    #[must_use]
    pub fn regex(&self) -> &Regex {
        self.compiled.get_or_init(|| compile_str(&self.source).unwrap_or_else(|_| NEVER.clone()))
    }
}

/// What a deferred pattern becomes if it cannot be compiled after all (only a pattern whose
/// compiled program exceeds the size limit can, and the built-in packs' test rules that out).
static NEVER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[^\s\S]").expect("the empty class is a valid pattern"));

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Checks a pattern's syntax as the regex crate will parse it, without compiling it.
///
/// # Errors
/// The regex crate's explanation, exactly as compiling would give it.
pub fn check_syntax(pattern: &str) -> Result<(), String> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => Ok(()),
        // The regex crate's own message, located as compiling reports it.
        Err(_) => compile_str(pattern).map(|_| ()),
    }
}

/// Compiles a pattern written in a rule file.
///
/// # Errors
/// `PatternError` with the pattern's location and the regex crate's explanation.
pub fn compile(pattern: &Spanned<String>) -> Result<Regex, PatternError> {
    compile_str(pattern.get_ref()).map_err(|detail| PatternError { span: pattern.span(), detail })
}

/// Compiles a pattern that has no file location.
///
/// # Errors
/// The regex crate's explanation.
pub fn compile_str(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .size_limit(PROGRAM_BYTES)
        .dfa_size_limit(DFA_CACHE_BYTES)
        .build()
        .map_err(|e| crate::diagnostic::regex_error(&e))
}

/// Compiles patterns that already compiled one by one into a set (for prefiltering).
///
/// # Errors
/// The regex crate's explanation (only when the set is too large).
pub fn compile_set(patterns: &[String]) -> Result<regex::RegexSet, String> {
    regex::RegexSetBuilder::new(patterns)
        .size_limit(PROGRAM_BYTES)
        .dfa_size_limit(DFA_CACHE_BYTES)
        .build()
        .map_err(|e| crate::diagnostic::regex_error(&e))
}

/// Compiles a list of patterns, collecting every error.
///
/// # Errors
/// Every pattern that failed.
pub fn compile_all(patterns: &[Spanned<String>]) -> Result<Vec<Regex>, Vec<PatternError>> {
    let mut compiled = Vec::with_capacity(patterns.len());
    let mut errors = Vec::new();
    for pattern in patterns {
        match compile(pattern) {
            Ok(regex) => compiled.push(regex),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() { Ok(compiled) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::is_span_independent;

    #[test]
    fn anchors_make_a_pattern_span_dependent() {
        assert!(is_span_independent("截止目前"));
        assert!(is_span_independent(r#""([^"]*\p{Han}[^"]*)""#));
        assert!(!is_span_independent(":$"));
        assert!(!is_span_independent("^一、"));
        assert!(!is_span_independent(r"\bword"));
    }

    #[test]
    fn heavy_patterns_enter_sets_by_their_prefix_literals() {
        use super::set_entry;
        assert_eq!(set_entry("截止目前").as_deref(), Some("截止目前"));
        assert_eq!(set_entry(r"\(([^()]{0,80})\)").as_deref(), Some(r"\("));
        assert_eq!(set_entry(r"\[bookmark:[^\]]{0,40}\]").as_deref(), Some(r"\[bookmark:"));
        assert_eq!(set_entry(":$"), None);
        assert_eq!(set_entry(r"[^，]{0,30}的"), None, "no required prefix");
    }

    #[test]
    fn a_deferred_pattern_compiles_on_first_use_and_reports_syntax_at_once() {
        use super::{Pattern, check_syntax};
        let pattern = Pattern::deferred("截止(?:目前|到目前)");
        assert_eq!(pattern.as_str(), "截止(?:目前|到目前)");
        assert!(pattern.compiled.get().is_none(), "not compiled before use");
        assert!(pattern.is_match("截止目前，全区"));
        assert!(pattern.compiled.get().is_some());
        let error = check_syntax("截止(目前").expect_err("an unclosed group is a syntax error");
        assert!(error.contains("左括号"), "{error}");
        // A pattern can parse and still be too large to compile: why every built-in pattern is
        // compiled in full by a test (rules::load) rather than trusted to the syntax check.
        assert!(check_syntax(r"\w{2000}\w{2000}").is_ok());
        assert!(super::compile_str(r"\w{2000}\w{2000}").is_err());
    }

    #[test]
    fn long_counted_repetitions_stay_out_of_sets() {
        use super::is_set_friendly;
        assert!(is_set_friendly("截止目前"));
        assert!(is_set_friendly(r"(?:近|约)[^，。]{0,8}\d+"));
        assert!(!is_set_friendly(r"\(([^()]{0,80})\)"));
        assert!(!is_set_friendly("《[^》]{60,}"));
        assert!(!is_set_friendly(":$"));
    }
}
