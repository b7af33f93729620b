//! Writing a file so that a reader never sees half of it and nobody can lead the write
//! elsewhere. Every file fazhi writes goes through here: a fixed report (`fix`), `--output`,
//! `fazhi report -o`, `fazhi baseline -o` and `fazhi init`.
//!
//! The bytes go to a temporary file created in the destination's folder with an unpredictable
//! name and `O_EXCL` (the `tempfile` crate), so a link planted in a shared folder cannot make
//! fazhi write through it; the temporary is renamed over the destination. A destination that is
//! a symbolic link is resolved and the file it points to is replaced, beside it, so the link
//! stays a link.
//!
//! **Invariant:** a write either replaces the whole destination or leaves it untouched, and
//! never writes a file other than the destination (or, for a link, the file the link names).

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// How many links are followed before a destination is taken for a loop.
const MAX_LINKS: usize = 40;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// Reading or writing failed.
    #[error("{}", crate::diagnostic::io_error(.0))]
    Io(#[from] std::io::Error),
    /// The file changed on disk after it was read.
    #[error("文件在检查期间被修改过，未写入；请重新运行")]
    Changed,
    /// The file to replace is read-only.
    #[error("文件是只读的，未修改；要修改请先去掉只读属性")]
    ReadOnly,
    /// The destination is a chain of links too long to be real.
    #[error("符号链接 {0} 层数过多或指向自身，未写入")]
    LinkLoop(PathBuf),
}

/// What replacing an input asks beyond an output: the file must still hold what was read, and
/// a read-only file is refused rather than replaced (a rename would ignore its mode).
#[derive(Debug, Clone, Copy)]
pub struct Replace<'a> {
    /// The bytes the file held when it was read.
    pub original: &'a [u8],
}

/// Writes an output: `bytes` replace `path` whole, or `path` is untouched.
///
/// # Errors
/// The folder cannot be written, the rename fails, or `path` is a link loop.
pub fn write_atomic(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), WriteError> {
    write(path, bytes.as_ref(), None)
}

/// An output written piece by piece (`std::io::Write`, buffered) into a temporary file beside
/// its destination, which [`Self::commit`] renames over the destination: a long output never
/// has to be held in memory, and the destination is still replaced whole or not at all (a
/// writer dropped without `commit` leaves it untouched and removes the temporary file).
#[derive(Debug)]
pub struct AtomicWriter {
    temp: std::io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl AtomicWriter {
    /// Starts writing an output to `path`.
    ///
    /// # Errors
    /// The folder cannot be written, or `path` is a link loop.
    pub fn create(path: &Path) -> Result<Self, WriteError> {
        let target = resolve_links(path)?;
        let temp = temp_beside(&target, ordinary_permissions())?;
        Ok(Self { temp: std::io::BufWriter::with_capacity(1 << 16, temp), target })
    }

    /// Puts the whole output in place of the destination.
    ///
    /// # Errors
    /// Writing, syncing or the rename failed; the destination is then untouched.
    pub fn commit(self) -> Result<(), WriteError> {
        let temp = self.temp.into_inner().map_err(|e| WriteError::Io(e.into_error()))?;
        temp.as_file().sync_all()?;
        temp.persist(&self.target).map_err(|e| WriteError::Io(e.error))?;
        Ok(())
    }
}

impl std::io::Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.temp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.temp.flush()
    }
}

/// A private temporary file in the folder of `target`, named after it, that will have
/// `permissions` (when given) once renamed.
fn temp_beside(target: &Path, permissions: Option<fs::Permissions>) -> Result<tempfile::NamedTempFile, WriteError> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".fazhi.tmp");
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    Ok(builder.tempfile_in(dir)?)
}

/// Replaces an input file (a report being fixed) with `bytes`, keeping its permissions, if it
/// still holds `replace.original` and is not read-only.
///
/// # Errors
/// `Changed` when someone edited the file since it was read, `ReadOnly`, or an IO error; the
/// file is then untouched.
pub fn replace_input(path: &Path, bytes: &[u8], replace: Replace<'_>) -> Result<(), WriteError> {
    write(path, bytes, Some(replace))
}

fn write(path: &Path, bytes: &[u8], replace: Option<Replace<'_>>) -> Result<(), WriteError> {
    let target = resolve_links(path)?;
    let existing = fs::metadata(&target).ok();
    if let Some(replace) = replace {
        if existing.as_ref().is_some_and(|m| m.permissions().readonly()) {
            return Err(WriteError::ReadOnly);
        }
        if fs::read(&target)? != replace.original {
            return Err(WriteError::Changed);
        }
    }
    // A temporary file is private (0600); the file it becomes is not: an input keeps its mode,
    // a new output gets what `File::create` gives (0666 less the umask).
    let permissions = match (&replace, &existing) {
        (Some(_), Some(meta)) => Some(meta.permissions()),
        _ => ordinary_permissions(),
    };
    let mut temp = temp_beside(&target, permissions.clone())?;
    temp.write_all(bytes)?;
    if let Some(permissions) = permissions {
        // The umask applies at creation; an input's exact mode is set again.
        if replace.is_some() {
            temp.as_file().set_permissions(permissions)?;
        }
    }
    temp.as_file().sync_all()?;
    if let Some(replace) = replace
        && fs::read(&target)? != replace.original
    {
        return Err(WriteError::Changed);
    }
    temp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// The file a path finally names: the path itself, or the end of its chain of links (which
/// may not exist yet). A relative link is read from the link's own folder.
fn resolve_links(path: &Path) -> Result<PathBuf, WriteError> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(WriteError::LinkLoop(path.to_path_buf()))
}

#[cfg(unix)]
#[allow(clippy::unnecessary_wraps, reason = "systems without Unix modes have none")]
fn ordinary_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn ordinary_permissions() -> Option<fs::Permissions> {
    None
}

/// Whether two paths name the same file (the same inode on Unix, so a hard link counts; the
/// same canonical path elsewhere). A path that does not exist is no file.
#[must_use]
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("结果.sarif");
        write_atomic(&path, "旧").unwrap();
        write_atomic(&path, "新的内容").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的内容");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(write_atomic(&dir.path().join("no/such/dir/x.xml"), "x").is_err());
    }

    #[test]
    fn an_output_written_in_pieces_appears_whole_on_commit_and_not_at_all_without() {
        use std::io::Write as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("结果.json");
        write_atomic(&path, "旧").unwrap();
        let mut writer = AtomicWriter::create(&path).unwrap();
        writer.write_all("新的".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "旧", "nothing shows before the commit");
        writer.write_all("内容".as_bytes()).unwrap();
        writer.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的内容");
        let mut dropped = AtomicWriter::create(&path).unwrap();
        dropped.write_all(b"half").unwrap();
        drop(dropped);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新的内容");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
    }

    #[test]
    fn changed_inputs_are_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "new content by someone else").unwrap();
        let err = replace_input(&path, b"fixed", Replace { original: b"what fazhi read" }).unwrap_err();
        assert!(matches!(err, WriteError::Changed));
        assert_eq!(fs::read_to_string(&path).unwrap(), "new content by someone else");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn an_input_keeps_its_mode_and_a_link_chain_is_followed_to_its_end() {
        use std::os::unix::fs::{PermissionsExt, symlink};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        fs::write(&real, "旧").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        symlink("real.txt", dir.path().join("one")).unwrap();
        symlink(dir.path().join("one"), dir.path().join("two")).unwrap();
        replace_input(&dir.path().join("two"), "新".as_bytes(), Replace { original: "旧".as_bytes() }).unwrap();
        assert_eq!(fs::read_to_string(&real).unwrap(), "新");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        assert!(fs::symlink_metadata(dir.path().join("two")).unwrap().file_type().is_symlink());
        assert!(same_file(&real, &dir.path().join("two")));
        assert!(!same_file(&real, &dir.path().join("missing")));
    }
}
