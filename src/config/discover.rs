//! Finding the configuration that governs a report: the nearest `fazhi.toml` above it.

use std::path::{Path, PathBuf};

use super::FILE_NAME;

/// The nearest `fazhi.toml` at or above `dir`, relative to the working directory when it is
/// inside it (so messages show short paths).
#[must_use]
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = crate::paths::absolute(dir);
    let found = start.ancestors().map(|d| d.join(FILE_NAME)).find(|candidate| candidate.is_file())?;
    let cwd = std::env::current_dir().ok();
    Some(cwd.and_then(|cwd| found.strip_prefix(&cwd).ok().map(Path::to_path_buf)).unwrap_or(found))
}
