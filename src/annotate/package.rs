//! The annotated copy as a zip: the new `word/document.xml`, the comments part (extended, or
//! new with its relationship and content type), and every other entry copied raw — its
//! compressed bytes as they were, never decompressed.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::splice::qname;
use crate::document::readers::docx::PartEncoding;
use crate::document::readers::docx::mapped::{MappedDocx, XmlPart};

const COMMENTS_TYPE: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const COMMENTS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const RELS_TYPE: &str = "application/vnd.openxmlformats-package.relationships+xml";
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Writes the copy: `document` replaces the main document part, `comments` (whole
/// `w:comment` elements) are added to the comments part. Returns the zip's bytes.
///
/// # Errors
/// A message when the input archive cannot be copied (it was read a moment ago, so only a
/// zip the reader accepted but the writer cannot copy gets here).
pub(super) fn write(bytes: &[u8], mapped: &MappedDocx, document: &str, comments: &str) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut replaced: Vec<(String, Vec<u8>)> = vec![(mapped.document.name.clone(), encode(&mapped.document, document))];
    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    if !comments.is_empty() {
        let name = match (&mapped.comments, &mapped.relationships.comments) {
            (Some(existing), _) => {
                let text = append_to_root(&existing.part, comments);
                replaced.push((existing.part.name.clone(), encode(&existing.part, &text)));
                existing.part.name.clone()
            }
            // A relationship to a part that is missing: the part is made at that name.
            (None, Some(target)) => {
                added.push((target.clone(), new_comments_part(comments)));
                target.clone()
            }
            (None, None) => {
                let name = free_name(&archive, &mapped.document.name);
                added.push((name.clone(), new_comments_part(comments)));
                let relationship = format!(
                    "<Relationship Id=\"{}\" Type=\"{COMMENTS_REL}\" Target=\"{}\"/>",
                    free_id(&mapped.relationships.ids),
                    name.rsplit_once('/').map_or(name.as_str(), |(_, file)| file)
                );
                match &mapped.relationships.part {
                    Some(rels) => {
                        let text = append_to_root(rels, &relationship);
                        replaced.push((rels.name.clone(), encode(rels, &text)));
                    }
                    None => added.push((
                        mapped.relationships.name.clone(),
                        format!(
                            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{relationship}</Relationships>"
                        )
                        .into_bytes(),
                    )),
                }
                name
            }
        };
        let types = &mapped.content_types;
        let mut entries = String::new();
        let prefix = child_prefix(&types.part);
        if !types.overrides.contains(&format!("/{}", name.to_lowercase())) {
            entries.push_str(&format!("<{prefix}Override PartName=\"/{name}\" ContentType=\"{COMMENTS_TYPE}\"/>"));
        }
        if mapped.relationships.part.is_none() && !types.defaults.iter().any(|d| d == "rels") {
            entries.push_str(&format!(
                "<{prefix}Override PartName=\"/{}\" ContentType=\"{RELS_TYPE}\"/>",
                mapped.relationships.name
            ));
        }
        if !entries.is_empty() {
            replaced.push((types.part.name.clone(), encode(&types.part, &append_to_root(&types.part, &entries))));
        }
    }

    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len() + document.len() / 4)));
    let mut time = zip::DateTime::default();
    for index in 0..archive.len() {
        let file = archive.by_index_raw(index).map_err(|e| e.to_string())?;
        let raw_name = file.name_raw().to_vec();
        if let Some((name, data)) = replaced.iter().find(|(n, _)| n.as_bytes() == raw_name) {
            let modified = file.last_modified().unwrap_or_default();
            if *name == mapped.document.name {
                time = modified;
            }
            drop(file);
            zip.start_file(name.as_str(), options(name, data, modified)).map_err(|e| e.to_string())?;
            zip.write_all(data).map_err(|e| e.to_string())?;
        } else {
            zip.raw_copy_file(file).map_err(|e| e.to_string())?;
        }
    }
    for (name, data) in &added {
        zip.start_file(name.as_str(), options(name, data, time)).map_err(|e| e.to_string())?;
        zip.write_all(data).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// How a rewritten entry is stored. The document and comments parts are deflated at the
/// fastest level (8–24 % larger than at the default level on the seed reports, and several
/// times faster to write); the small
/// relationship and content-type parts are stored, which every reader accepts and which saves
/// setting up a compressor for a few hundred bytes.
fn options(name: &str, data: &[u8], modified: zip::DateTime) -> SimpleFileOptions {
    let options = SimpleFileOptions::default().last_modified_time(modified);
    let small_part = name.to_ascii_lowercase().ends_with(".rels") || name == "[Content_Types].xml";
    if data.len() < 4096 && small_part {
        options.compression_method(CompressionMethod::Stored)
    } else {
        options.compression_method(CompressionMethod::Deflated).compression_level(Some(1))
    }
}

/// A part's bytes for its new text, in the encoding it came in (UTF-16 becomes UTF-8, and its
/// declaration says so).
fn encode(part: &XmlPart, text: &str) -> Vec<u8> {
    match part.encoding {
        PartEncoding::Utf8 => text.as_bytes().to_vec(),
        PartEncoding::Utf8Bom => {
            let mut out = b"\xEF\xBB\xBF".to_vec();
            out.extend_from_slice(text.as_bytes());
            out
        }
        PartEncoding::Utf16 => utf8_declaration(text).into_bytes(),
    }
}

/// The text with the encoding its XML declaration names changed to UTF-8.
fn utf8_declaration(text: &str) -> String {
    if let Some(rest) = text.strip_prefix("<?xml")
        && let Some(end) = rest.find("?>")
        && let Some(at) = rest[..end].find("encoding")
    {
        let after = &rest[at..end];
        if let Some(open) = after.find(['"', '\'']) {
            let quote = after.as_bytes()[open];
            if let Some(close) = after[open + 1..].find(char::from(quote)) {
                let (value_start, value_end) = (5 + at + open + 1, 5 + at + open + 1 + close);
                return format!("{}UTF-8{}", &text[..value_start], &text[value_end..]);
            }
        }
    }
    text.to_string()
}

/// The part's text with `content` put before the root element's end tag.
fn append_to_root(part: &XmlPart, content: &str) -> String {
    let text = &part.text;
    let root = &text[part.root.clone()];
    if root.ends_with("/>") && !root.contains("</") {
        let at = part.root.end - 2;
        return format!("{}>{content}</{}>{}", &text[..at], qname(text, part.root.start), &text[part.root.end..]);
    }
    let at = text[..part.root.end].rfind("</").unwrap_or(part.root.end);
    format!("{}{content}{}", &text[..at], &text[at..])
}

/// The prefix (with its colon, or empty) of the root element, for writing its children.
fn child_prefix(part: &XmlPart) -> String {
    qname(&part.text, part.root.start).rsplit_once(':').map(|(p, _)| format!("{p}:")).unwrap_or_default()
}

/// A new comments part holding `comments`.
fn new_comments_part(comments: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W}\">{comments}</w:comments>")
        .into_bytes()
}

/// `comments.xml` beside the main document part, or a name no entry has.
fn free_name(archive: &ZipArchive<Cursor<&[u8]>>, document: &str) -> String {
    let dir = document.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let taken = |name: &str| archive.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)));
    let first = format!("{dir}comments.xml");
    if !taken(&first) {
        return first;
    }
    // One more candidate than there are entries: one of them is free.
    (1..=archive.len() + 1).map(|n| format!("{dir}comments{n}.xml")).find(|n| !taken(n)).expect("a free name exists")
}

/// A relationship id no relationship has.
fn free_id(ids: &[String]) -> String {
    (1..=ids.len() + 1).map(|n| format!("rId{n}")).find(|id| !ids.iter().any(|i| i == id)).expect("a free id exists")
}

#[cfg(test)]
mod tests {
    use super::utf8_declaration;

    #[test]
    fn declarations_are_rewritten_to_utf8() {
        assert_eq!(
            utf8_declaration("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"
        );
        assert_eq!(
            utf8_declaration("<?xml version='1.0' encoding='utf-16' standalone='yes'?>"),
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        );
        assert_eq!(utf8_declaration("<a/>"), "<a/>");
    }
}
