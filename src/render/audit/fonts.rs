//! Finding a CJK font for the printed audit sheets: the font the user names (`--font FILE`), or
//! the first of the usual Chinese fonts found in the system's font folders on Linux, Windows
//! and macOS. A `.ttc` collection holds several faces; the simplified-Chinese one is chosen.

use std::path::{Path, PathBuf};

/// Font files tried, in order of preference: the 宋体 and 仿宋 that government documents use,
/// then the free Noto and Source Han (思源) families.
const PREFERRED: &[&str] = &[
    "simsun.ttc",
    "simsun.ttf",
    "simfang.ttf",
    "NotoSerifCJK-Regular.ttc",
    "NotoSerifCJKsc-Regular.otf",
    "NotoSerifSC-Regular.otf",
    "SourceHanSerifSC-Regular.otf",
    "SourceHanSerif-Regular.ttc",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSansSC-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "SourceHanSans-Regular.ttc",
    "Songti.ttc",
    "STSong.ttf",
    "PingFang.ttc",
    "Hiragino Sans GB.ttc",
];

/// A font chosen for printing: its bytes and the face to use in a collection.
#[derive(Debug, Clone)]
pub struct FontChoice {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in a `.ttc` collection (0 for a single font).
    pub index: u32,
    /// The file's bytes.
    pub data: Vec<u8>,
}

/// Why no font could be used.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// No CJK font in the system's font folders.
    #[error(
        "没有找到中文字体，无法生成 PDF。请安装宋体（SimSun）、仿宋或思源宋体/Noto Serif CJK（Debian/Ubuntu：apt-get install fonts-noto-cjk；Fedora：dnf install google-noto-serif-cjk-fonts），或用 --font 指定一个 .ttf/.otf/.ttc 字体文件。"
    )]
    NotFound,
    /// The named font cannot be read or holds no face with Chinese characters.
    #[error("字体文件 {path} 无法使用：{reason}")]
    Unusable {
        /// The font file as named.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The system's font folders: fontconfig's usual folders on Linux, `C:\Windows\Fonts` (and the
/// user's own fonts) on Windows, the system and user font folders on macOS.
#[must_use]
pub fn system_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = std::env::var_os("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if cfg!(target_os = "macos") {
        dirs.extend(
            ["/System/Library/Fonts", "/System/Library/Fonts/Supplemental", "/Library/Fonts"].map(PathBuf::from),
        );
        if let Some(home) = &home {
            dirs.push(home.join("Library/Fonts"));
        }
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        if let Some(home) = &home {
            dirs.push(home.join(".local/share/fonts"));
            dirs.push(home.join(".fonts"));
        }
    }
    dirs
}

/// The preferred font found under `dirs` (searched to a depth of four folders), best first.
#[must_use]
pub fn find_in(dirs: &[PathBuf]) -> Option<PathBuf> {
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    for dir in dirs {
        collect(dir, 0, &mut found);
    }
    found.sort();
    found.into_iter().next().map(|(_, path)| path)
}

fn collect(dir: &Path, depth: usize, found: &mut Vec<(usize, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if depth < 4 {
                collect(&path, depth + 1, found);
            }
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str())
            && let Some(rank) = PREFERRED.iter().position(|p| p.eq_ignore_ascii_case(name))
        {
            found.push((rank, path));
        }
    }
}

/// The font to print with: `named` when given, else the best system font.
///
/// # Errors
/// `NotFound` (naming what to install) when no system font is found; `Unusable` when the named
/// file cannot be read or has no face that holds Chinese characters.
pub fn choose(named: Option<&Path>) -> Result<FontChoice, FontError> {
    let path = match named {
        Some(path) => path.to_path_buf(),
        None => find_in(&system_dirs()).ok_or(FontError::NotFound)?,
    };
    load(&path)
}

/// Reads `path` and picks its simplified-Chinese face.
///
/// # Errors
/// `Unusable` when the file cannot be read, is no font, or has no face with Chinese characters.
pub fn load(path: &Path) -> Result<FontChoice, FontError> {
    let unusable = |reason: String| FontError::Unusable { path: path.display().to_string(), reason };
    let data = std::fs::read(path).map_err(|e| {
        unusable(if e.kind() == std::io::ErrorKind::NotFound { "文件不存在".to_string() } else { e.to_string() })
    })?;
    let index = face_index(&data).ok_or_else(|| unusable("不是字体文件，或其中没有中文字形".to_string()))?;
    Ok(FontChoice { path: path.to_path_buf(), index, data })
}

/// The face of `data` to print with: in a collection the first face named as simplified
/// Chinese (… SC, …GB…), else the first face that has a glyph for 审; `None` when none has.
#[must_use]
pub fn face_index(data: &[u8]) -> Option<u32> {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let faces: Vec<(u32, ttf_parser::Face<'_>)> =
        (0..count).filter_map(|i| ttf_parser::Face::parse(data, i).ok().map(|f| (i, f))).collect();
    let has_cjk = |face: &ttf_parser::Face<'_>| face.glyph_index('审').is_some();
    let simplified = |face: &ttf_parser::Face<'_>| {
        face.names().into_iter().filter(|n| n.name_id == ttf_parser::name_id::FAMILY).filter_map(|n| n.to_string()).any(
            |name| name.ends_with(" SC") || name.contains(" SC ") || name.contains("GB") || name.contains("SimSun"),
        )
    };
    faces
        .iter()
        .find(|(_, f)| has_cjk(f) && simplified(f))
        .or_else(|| faces.iter().find(|(_, f)| has_cjk(f)))
        .map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTO: &str = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";

    #[test]
    #[allow(clippy::print_stderr)] // the skip must be visible
    fn a_collection_gives_its_simplified_chinese_face() {
        let Ok(data) = std::fs::read(NOTO) else {
            eprintln!("跳过：没有 {NOTO}（安装 fonts-noto-cjk 后可运行此测试）");
            return;
        };
        let index = face_index(&data).expect("Noto Serif CJK has CJK faces");
        let face = ttf_parser::Face::parse(&data, index).unwrap();
        let family: Vec<String> = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
            .filter_map(|n| n.to_string())
            .collect();
        assert!(family.iter().any(|n| n == "Noto Serif CJK SC"), "{family:?}");
    }

    #[test]
    fn the_preferred_file_wins_and_others_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("opentype/noto");
        std::fs::create_dir_all(&nested).unwrap();
        for name in ["DejaVuSans.ttf", "NotoSansCJK-Regular.ttc"] {
            std::fs::write(nested.join(name), b"").unwrap();
        }
        std::fs::write(dir.path().join("NotoSerifCJK-Regular.ttc"), b"").unwrap();
        let found = find_in(&[dir.path().to_path_buf()]).unwrap();
        assert_eq!(found, dir.path().join("NotoSerifCJK-Regular.ttc"));
        assert!(find_in(&[dir.path().join("missing")]).is_none());
    }

    #[test]
    fn a_file_that_is_no_font_is_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("假字体.ttf");
        std::fs::write(&path, b"not a font").unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(message.contains("假字体.ttf") && message.contains("不是字体文件"), "{message}");
        assert!(FontError::NotFound.to_string().contains("fonts-noto-cjk"));
    }
}
