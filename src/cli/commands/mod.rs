//! One file per subcommand, each with a `run` that takes the parsed arguments and returns the
//! [`Outcome`](super::Outcome): what to print and the exit code.

pub(crate) mod annotate;
pub(crate) mod audit;
pub(crate) mod baseline;
pub(crate) mod check;
pub(crate) mod completions;
pub(crate) mod fix;
pub(crate) mod help;
pub(crate) mod init;
pub(crate) mod rule;
pub(crate) mod rules;
#[cfg(feature = "serve")]
pub(crate) mod serve;
