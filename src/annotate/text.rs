//! A new Word document holding a plain-text report, one paragraph per line, so that a report
//! submitted as .txt can be sent back annotated like a .docx. The package is the smallest Word
//! and WPS open without complaint: content types, relationships, the document and a style
//! sheet giving the body 仿宋 三号 and the title 小标宋 二号, as 公文 are set.

use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::render::xml::escape_text;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The .docx bytes of `text`: each line a paragraph (blank lines stay as empty paragraphs,
/// tabs as tabs), the first non-blank line centred as the title.
///
/// # Panics
/// Never: the zip is written into memory.
#[must_use]
pub fn docx_of_text(text: &str) -> Vec<u8> {
    let mut body = String::with_capacity(text.len() * 2);
    let mut title_done = false;
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            body.push_str("<w:p/>");
            continue;
        }
        if title_done {
            body.push_str("<w:p>");
        } else {
            title_done = true;
            body.push_str("<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr>");
        }
        body.push_str("<w:r>");
        for (i, part) in line.split('\t').enumerate() {
            if i > 0 {
                body.push_str("<w:tab/>");
            }
            if !part.is_empty() {
                body.push_str("<w:t xml:space=\"preserve\">");
                body.push_str(&escape_text(part));
                body.push_str("</w:t>");
            }
        }
        body.push_str("</w:r></w:p>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>\
         <w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"200\"/><w:jc w:val=\"both\"/></w:pPr>\
         <w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:ind w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:rPr><w:rFonts w:eastAsia=\"方正小标宋简体\"/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style></w:styles>"
    );
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
             <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>"
                .to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"
                .to_string(),
        ),
        ("word/document.xml", document),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/></Relationships>"
                .to_string(),
        ),
        ("word/styles.xml", styles),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).compression_level(Some(1));
    for (name, data) in &parts {
        // Writing into memory cannot fail.
        zip.start_file(*name, options).expect("a zip in memory is writable");
        zip.write_all(data.as_bytes()).expect("a zip in memory is writable");
    }
    zip.finish().expect("a zip in memory is writable").into_inner()
}
