//! fazhi checks Chinese 法治政府建设年度报告 (annual reports on rule-of-law government
//! construction): it reads a report, finds its structure, runs TOML rules over it and scores it.
//!
//! The pipeline: `source` (bytes → text with positions) → `document` (structure) → `engine`
//! (elements + rules from `rules`, pack from `pack`) → `score` → `render` (human / JSON / …);
//! `fix` applies safe edits, `annotate` writes them and the findings into a Word copy; `cli` is
//! the command line and `serve` the local web page and HTTP API.

pub mod annotate;
pub mod baseline;
pub mod cli;
pub mod compare;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod examples;
pub mod finding;
pub mod fix;
#[doc(hidden)]
pub mod fuzz_support;
pub mod pack;
pub mod paths;
pub mod render;
pub mod results;
pub mod rules;
pub mod score;
#[cfg(feature = "serve")]
pub mod serve;
pub mod source;
pub mod suppress;
pub mod write;
