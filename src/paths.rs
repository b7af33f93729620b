//! Paths as fazhi compares and records them: the folder of a file, a path made absolute without
//! touching the file system, and a path relative to a folder.
//!
//! Every setting that names reports (`exclude`, `[[per-file]] path`, `[[suppress]] path`, the
//! keys of a baseline) is relative to the folder of the file that declares it. Neither the
//! working directory nor the way a path is written (`a.txt`, `./a.txt`, `sub/../a.txt`) may
//! change what matches. Two traps of the standard library are handled here, and only here:
//! `Path::parent` of a bare file name is `Some("")`, not `None`, and `std::path::absolute`
//! keeps `..` components.
//!
//! **Invariant:** every comparison of a report's path with a configured pattern or a recorded
//! key goes through [`relative_to`] (or [`key`]), so each sees the same path.

use std::path::{Component, Path, PathBuf};

/// The folder holding `file`: `.` for a bare file name.
#[must_use]
pub fn folder_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` made absolute against the working directory and cleaned lexically: `.` components
/// dropped and `..` taken off the component before it. Symbolic links are not resolved (the file
/// need not exist). When the working directory cannot be read the path stays relative, cleaned.
#[must_use]
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => path.to_path_buf(),
        }
    };
    clean(&joined)
}

/// `path` with `.` components dropped and each `..` cancelling the normal component before it.
fn clean(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                // `/..` is `/`.
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(component),
            },
            _ => out.push(component),
        }
    }
    out.iter().collect()
}

/// `path` relative to `folder`, both taken as [`absolute`]: `乡镇/乙镇.txt`, or with `..` when
/// the path is outside the folder. When the two share no root (another drive on Windows) the
/// absolute path is returned.
#[must_use]
pub fn relative_to(path: &Path, folder: &Path) -> PathBuf {
    let path = absolute(path);
    let folder = absolute(folder);
    let (mut ours, mut theirs) = (path.components().peekable(), folder.components().peekable());
    let same_root = matches!(
        (path.components().next(), folder.components().next()),
        (Some(a), Some(b)) if a == b
    );
    if !same_root {
        return path;
    }
    while let (Some(a), Some(b)) = (ours.peek(), theirs.peek()) {
        if a != b {
            break;
        }
        ours.next();
        theirs.next();
    }
    let mut relative: PathBuf = theirs.map(|_| Component::ParentDir).collect();
    relative.extend(ours);
    relative
}

/// A relative path with `/` between its components, as patterns are written and baselines
/// record it on every system.
#[must_use]
pub fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| match c {
            Component::RootDir => String::new(),
            other => other.as_os_str().to_string_lossy().into_owned(),
        })
        .collect();
    if parts.first().is_some_and(String::is_empty) { format!("/{}", parts[1..].join("/")) } else { parts.join("/") }
}

/// The key of `path` in a file kept in `folder` (a baseline): [`relative_to`] the folder, with
/// `/` separators.
#[must_use]
pub fn key(path: &Path, folder: &Path) -> String {
    slashed(&relative_to(path, folder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_is_in_the_working_directory() {
        assert_eq!(folder_of(Path::new("fazhi.toml")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("./fazhi.toml")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("repo/fazhi.toml")), PathBuf::from("repo"));
        assert_eq!(folder_of(Path::new("/fazhi.toml")), PathBuf::from("/"));
    }

    #[test]
    fn absolute_paths_are_clean() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("")), cwd);
        assert_eq!(absolute(Path::new(".")), cwd);
        assert_eq!(absolute(Path::new("./a/./b/../c.txt")), cwd.join("a/c.txt"));
        assert_eq!(absolute(Path::new("/x/../../y")), PathBuf::from("/y"));
    }

    #[test]
    fn keys_do_not_depend_on_how_a_path_is_written() {
        let cwd = std::env::current_dir().unwrap();
        for (path, folder) in
            [("乡镇/乙镇.txt", ""), ("./乡镇/乙镇.txt", "."), ("乡镇/乙镇.txt", "./"), ("乡镇/../乡镇/乙镇.txt", ".")]
        {
            assert_eq!(key(Path::new(path), Path::new(folder)), "乡镇/乙镇.txt", "{path} in {folder:?}");
        }
        assert_eq!(key(&cwd.join("repo/乡镇/乙镇.txt"), Path::new("repo")), "乡镇/乙镇.txt");
        assert_eq!(key(Path::new("reports/a.txt"), Path::new("ci")), "../reports/a.txt");
        assert_eq!(key(Path::new("/srv/a.txt"), Path::new("/srv/ci/deep")), "../../a.txt");
        assert!(!key(Path::new("a.txt"), Path::new(".")).starts_with('/'));
    }
}
