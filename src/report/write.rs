//! Writing an output to a file (`--output FILE`) so that a reader never sees half of it: the
//! text goes to a temporary file in the same folder, which is then renamed over the target.

use std::fs;
use std::io::Write as _;
use std::path::Path;

/// Writes `contents` to `path` atomically: through `.NAME.fazhi-PID.tmp` beside it, renamed over it.
/// A CI step that uploads the file after fazhi exits, or one that reads it while fazhi runs,
/// gets the old content or the whole new one.
///
/// # Errors
/// The IO error when the folder cannot be written or the rename fails; the temporary file is
/// then removed and `path` is untouched.
pub fn write_atomic(path: &Path, contents: impl AsRef<[u8]>) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.fazhi-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(contents.as_ref())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::write_atomic;

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
}
