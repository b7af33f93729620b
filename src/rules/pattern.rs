//! Regular expressions of rule files: compiled once with limits fit for Chinese text, with
//! errors pointing at the pattern inside the TOML file.

use regex::{Regex, RegexBuilder};
use toml::Spanned;

/// Lazy-DFA cache per pattern. The default 2 MiB makes counted repetitions over Unicode classes
/// (`《[^》]{60,}`) thrash and fall back to a slow engine, about 85× slower.
const DFA_CACHE_BYTES: usize = 32 << 20;
/// Compiled-program limit; generous because rule authors write long alternations of phrases.
const PROGRAM_BYTES: usize = 64 << 20;

/// A pattern that failed to compile, with the byte range of the pattern in the rule file.
#[derive(Debug)]
pub struct PatternError {
    /// Span of the pattern string in the file.
    pub span: std::ops::Range<usize>,
    /// The regex crate's explanation.
    pub detail: String,
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
        .map_err(|e| e.to_string())
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
