//! `fazhi annotate` and `fazhi fix` on Word files: every fixture is annotated and the copy is
//! read back — by fazhi's reader (same findings), by a walk over its XML with roxmltree (each
//! comment range holds its finding's text), entry by entry (everything else copied raw), and
//! against the original XML (only insertions). Tracked fixes accept to the fixed text and reject
//! to the original. `LibreOffice`'s view of the same copies is checked by scripts/check-annotate.sh.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use fazhi::annotate::{Adjusted, Annotated, Check, Settings, annotate_docx};
use fazhi::engine::{Gate, ReadOptions};
use fazhi::finding::Severity;
use fazhi::rules::RuleSet;

use super::{check_json, fazhi, fixture};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const DATE: &str = "2024-03-01T10:00:00Z";

fn docx_fixtures() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(fixture("docx"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    all.sort();
    assert!(all.len() >= 17, "{all:?}");
    all
}

fn rules() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().0)
}

fn settings(fix: bool) -> Settings {
    Settings { date: Some(DATE.to_string()), revisions: fix, ..Settings::default() }
}

fn annotate_bytes(path: &Path, bytes: &[u8], settings: &Settings) -> Annotated {
    let options = ReadOptions::default();
    let check = Check {
        rules: rules(),
        others: &[],
        options: &options,
        suppressions: &[],
        gate: Gate { fail_on: Some(Severity::Error), min_score: None },
    };
    annotate_docx(path, bytes, check, settings).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn annotate(path: &Path, fix: bool) -> (Vec<u8>, Annotated) {
    let bytes = fs::read(path).unwrap();
    let annotated = annotate_bytes(path, &bytes, &settings(fix));
    let copy = annotated.bytes.clone().expect("a copy is written");
    (copy, annotated)
}

fn entry(zip_bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    Some(text)
}

fn is_w(node: roxmltree::Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(W) && node.tag_name().name() == name
}

fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

/// What a reader sees between each comment's marks, in the view where fazhi's own tracked
/// changes are rejected: `w:t` text, tabs and breaks in document order, leaving out text boxes,
/// the `mc:Fallback` copy, deleted text (except fazhi's), fazhi's insertions, hidden runs and
/// field codes. Also the text of each body paragraph in that view.
fn read_back(xml: &str) -> (BTreeMap<i64, String>, Vec<String>) {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut open: BTreeMap<i64, String> = BTreeMap::new();
    let mut done = BTreeMap::new();
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut fields: Vec<bool> = Vec::new(); // true while a field is in its code part
    let excluded = |node: roxmltree::Node<'_, '_>| {
        node.ancestors().any(|a| {
            is_w(a, "txbxContent")
                || (a.tag_name().name() == "Fallback")
                || (is_w(a, "del") && attr(a, "author") != Some("fazhi"))
                || (is_w(a, "moveFrom"))
                || (is_w(a, "ins") && attr(a, "author") == Some("fazhi"))
                || (is_w(a, "r")
                    && a.children().any(|c| is_w(c, "rPr") && c.children().any(|v| is_w(v, "vanish")))
                    && !a.children().any(|c| is_w(c, "fldChar")))
        })
    };
    let push = |text: &str, open: &mut BTreeMap<i64, String>, current: &mut String| {
        for value in open.values_mut() {
            value.push_str(text);
        }
        current.push_str(text);
    };
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let in_box = node.ancestors().skip(1).any(|a| is_w(a, "txbxContent"));
        if is_w(node, "p") && !in_box {
            if !current.is_empty() || !paragraphs.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            fields.clear();
        }
        let id = || attr(node, "id").unwrap().parse::<i64>().unwrap();
        if is_w(node, "commentRangeStart") {
            open.insert(id(), String::new());
            continue;
        }
        if is_w(node, "commentRangeEnd") {
            let id = id();
            done.insert(id, open.remove(&id).unwrap_or_default());
            continue;
        }
        if excluded(node) {
            continue;
        }
        if is_w(node, "fldChar") {
            match attr(node, "fldCharType") {
                Some("begin") => fields.push(true),
                Some("separate") => {
                    if let Some(last) = fields.last_mut() {
                        *last = false;
                    }
                }
                Some("end") => {
                    fields.pop();
                }
                _ => {}
            }
            continue;
        }
        if fields.iter().any(|code| *code) {
            continue;
        }
        let text = match node.tag_name().name() {
            "t" | "delText" if node.tag_name().namespace() == Some(W) => node.text().unwrap_or_default().to_string(),
            "tab" if node.tag_name().namespace() == Some(W) && node.parent().is_some_and(|p| is_w(p, "r")) => {
                "\t".to_string()
            }
            "br" | "cr" if node.tag_name().namespace() == Some(W) => "\n".to_string(),
            _ => continue,
        };
        push(&text, &mut open, &mut current);
    }
    paragraphs.push(current);
    assert!(open.is_empty(), "every range is closed: {open:?}");
    (done, paragraphs.into_iter().filter(|p| !p.trim().is_empty()).collect())
}

/// The findings of a file as `fazhi check` reports them: rule, offset, length, text, message.
fn findings(path: &Path) -> (Vec<String>, f64) {
    let (json, _) = check_json(&[path], &[]);
    let report = &json["reports"][0];
    let list = report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{} was read: {json}", path.display()))
        .iter()
        .map(|f| format!("{} {} {} {:?} {}", f["rule"], f["offset"], f["length"], f["text"], f["message"]))
        .collect();
    (list, report["score"].as_f64().unwrap())
}

#[test]
fn an_annotated_copy_reads_with_the_same_findings_and_score() {
    let dir = tempfile::tempdir().unwrap();
    for path in docx_fixtures() {
        let (copy, annotated) = annotate(&path, false);
        let out = dir.path().join(path.file_name().unwrap());
        fs::write(&out, &copy).unwrap();
        assert_eq!(findings(&out), findings(&path), "{}", path.display());
        assert!(annotated.comments.len() > 1 || annotated.unplaced > 0, "{}", path.display());
        // The reader notes comments it does not check; fazhi's are among them.
        let doc = fazhi::document::readers::read(&out, None, super::hints()).unwrap();
        assert!(doc.source.origin.notes.iter().any(|n| n.contains("批注")), "{:?}", doc.source.origin.notes);
    }
}

#[test]
fn each_comment_range_holds_its_findings_text() {
    let seeds = ["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"];
    let mut exact = 0;
    for path in docx_fixtures() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let (copy, annotated) = annotate(&path, false);
        let xml = entry(&copy, "word/document.xml").unwrap();
        let (ranges, _) = read_back(&xml);
        let text = &annotated.checked.document.source.text;
        let existing = read_back(&entry(&fs::read(&path).unwrap(), "word/document.xml").unwrap()).0.len();
        assert_eq!(ranges.len(), annotated.comments.len() + existing, "{name}: one range per comment");
        for comment in &annotated.comments {
            let got = ranges.get(&comment.id).unwrap_or_else(|| panic!("{name}: comment {} has a range", comment.id));
            assert_eq!(got, &comment.anchored, "{name}: comment {} ({:?})", comment.id, comment.rule);
            if comment.rule.is_none() {
                continue;
            }
            let finding_text = &text[comment.span.range()];
            match comment.adjusted {
                None => {
                    assert_eq!(&comment.anchored, finding_text, "{name}: {:?}", comment.rule);
                    exact += 1;
                }
                // Starts at the first real character after an automatic number.
                Some(Adjusted::Generated) => assert!(
                    finding_text.ends_with(comment.anchored.as_str()) || comment.anchored.chars().count() == 1,
                    "{name}: {finding_text:?} / {:?}",
                    comment.anchored
                ),
                Some(Adjusted::Widened) => assert!(
                    comment.anchored.contains(finding_text.trim()),
                    "{name}: {finding_text:?} in {:?}",
                    comment.anchored
                ),
                Some(other) => assert!(name.starts_with("annotate-cases"), "{name}: {other:?} on {finding_text:?}"),
            }
            // The seeds in Word, WPS and LibreOffice layout anchor exactly, except where a
            // finding starts on an automatic number.
            if seeds.iter().any(|s| name.starts_with(s)) {
                assert!(matches!(comment.adjusted, None | Some(Adjusted::Generated)), "{name}: {:?}", comment.rule);
            }
        }
    }
    assert!(exact > 100, "{exact} exact anchors");
}

#[test]
fn every_kind_of_place_is_anchored_as_the_policy_says() {
    let (copy, annotated) = annotate(&fixture("docx/annotate-cases.docx"), false);
    let text = &annotated.checked.document.source.text;
    let on = |rule: &str, finding: &str| {
        annotated
            .comments
            .iter()
            .find(|c| c.rule.as_deref() == Some(rule) && &text[c.span.range()] == finding && !finding.is_empty())
            .unwrap_or_else(|| panic!("a comment for {rule} on {finding}"))
    };
    let doubled: Vec<_> = annotated.comments.iter().filter(|c| c.rule.as_deref() == Some("word/duplicated")).collect();
    assert_eq!(doubled.len(), 3);
    // Across two runs with different formatting, and inside a bookmark: exact.
    assert_eq!((doubled[0].anchored.as_str(), doubled[0].adjusted), ("行政行政", None));
    // Inside a complex field's result: the whole field.
    assert_eq!((doubled[1].anchored.as_str(), doubled[1].adjusted), ("行政行政审批事项清单", Some(Adjusted::Widened)));
    // In a text box: the paragraph holding the box.
    assert_eq!((doubled[2].anchored.as_str(), doubled[2].adjusted), ("附表说明：", Some(Adjusted::TextBox)));
    assert!(doubled[2].lines.iter().any(|l| l.text.contains("文本框中")), "the comment says where the words are");
    // Inside a hyperlink, a content control, a simple field and another author's insertion.
    let commas: Vec<_> = annotated.comments.iter().filter(|c| c.rule.as_deref() == Some("punct/halfwidth")).collect();
    assert_eq!(commas[0].anchored, "区政府网站,政务公开专栏");
    assert_eq!(commas[0].adjusted, Some(Adjusted::Widened));
    assert_eq!((on("word/typo", "截止目前").adjusted), Some(Adjusted::Widened));
    assert_eq!(commas[1].anchored, ",", "plain text after a content control: exact");
    assert_eq!(commas[2].anchored, "清单一,清单二");
    assert_eq!(on("number/year-missing-nian", "2023共").adjusted, Some(Adjusted::Widened));
    // In a table cell, on text written with entities (&lt; &gt;): exact.
    assert_eq!(on("punct/halfwidth", "<实施方案>").anchored, "<实施方案>");
    assert_eq!(on("number/approx-double-marker", "近600余").adjusted, None);
    // A split inside a run whose first half ends in a space keeps it.
    let spacing = on("number/cjk-digit-spacing", "费 2023");
    assert_eq!((spacing.anchored.as_str(), spacing.adjusted), ("费 2023", None));
    // The first half of a split run keeps its spaces: its w:t gains xml:space="preserve".
    let xml = entry(&copy, "word/document.xml").unwrap();
    assert!(xml.contains("<w:t xml:space=\"preserve\">投入经</w:t></w:r><w:commentRangeStart"), "{xml}");
    // Findings with no place of their own are in the summary, which sits on the title.
    let summary = &annotated.comments[0];
    assert!(summary.rule.is_none());
    assert_eq!(summary.anchored, "某某区人民政府关于2023年法治政府建设情况的报告");
    let body = fazhi::annotate::plain(&summary.lines);
    assert!(body.starts_with("fazhi 检查结果："), "{body}");
    // The grade (a cap never raises one: 缺少法定内容 allows 合格, the points give 不合格), and
    // the verdict with why the report needs a correction.
    assert!(body.starts_with("fazhi 检查结果：41.2分，等级：不合格\n"), "{body}");
    assert!(body.contains("结论：需修改（有") && !body.contains("未通过"), "{body}");
    assert!(body.contains("✗ 主要举措和成效：缺失"), "{body}");
    assert!(body.contains("没有具体位置的问题") && body.contains("meta/signature"), "{body}");
    assert!(annotated.unplaced >= 6, "{}", annotated.unplaced);
}

#[test]
fn every_other_entry_is_copied_raw_and_comments_are_extended_not_replaced() {
    for path in docx_fixtures() {
        let original = fs::read(&path).unwrap();
        let (copy, annotated) = annotate(&path, true);
        let mut before = zip::ZipArchive::new(std::io::Cursor::new(&original[..])).unwrap();
        let mut after = zip::ZipArchive::new(std::io::Cursor::new(&copy[..])).unwrap();
        let changed = ["word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "word/comments.xml"];
        let names_before: Vec<String> = before.file_names().map(|n| n.unwrap().to_string()).collect();
        let names_after: Vec<String> = after.file_names().map(|n| n.unwrap().to_string()).collect();
        assert_eq!(names_after[..names_before.len()], names_before[..], "entries keep their order");
        for name in &names_before {
            if changed.contains(&name.as_str()) {
                continue;
            }
            let raw = |archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>| {
                let index = archive.index_for_name(name).unwrap();
                let mut file = archive.by_index_raw(index).unwrap();
                let mut bytes = Vec::new();
                file.read_to_end(&mut bytes).unwrap();
                (file.compression(), file.crc32(), bytes)
            };
            assert_eq!(raw(&mut before), raw(&mut after), "{}: {name} compressed bytes", path.display());
        }
        // A comments part that existed keeps every byte of its comments; new ones are appended.
        if let Some(old) = entry(&original, "word/comments.xml") {
            let new = entry(&copy, "word/comments.xml").unwrap();
            let cut = old.rfind("</w:comments>").unwrap();
            assert_eq!(&new[..cut], &old[..cut], "{}", path.display());
        }
        // New ids collide with no id in the package (comments, marks, bookmarks, revisions).
        let used = ids(&original);
        let new_ids: Vec<i64> = annotated.comments.iter().map(|c| c.id).collect();
        for id in &new_ids {
            assert!(!used.contains(id), "{}: id {id} was already used", path.display());
        }
        let xml = entry(&copy, "word/document.xml").unwrap();
        roxmltree::Document::parse(&xml).unwrap();
        let comments = entry(&copy, "word/comments.xml").unwrap();
        let parsed = roxmltree::Document::parse(&comments).unwrap();
        let comment_ids: Vec<i64> = parsed
            .descendants()
            .filter(|n| is_w(*n, "comment"))
            .map(|n| attr(n, "id").unwrap().parse().unwrap())
            .collect();
        let mut unique = comment_ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), comment_ids.len(), "{}: comment ids are unique", path.display());
        // Every mark refers to a comment (Word refuses a file with a dangling one).
        let doc = roxmltree::Document::parse(&xml).unwrap();
        for mark in doc.descendants().filter(|n| is_w(*n, "commentReference") || is_w(*n, "commentRangeStart")) {
            let id: i64 = attr(mark, "id").unwrap().parse().unwrap();
            assert!(comment_ids.contains(&id), "{}: mark {id} has a comment", path.display());
        }
        let types = entry(&copy, "[Content_Types].xml").unwrap();
        assert_eq!(types.matches("/word/comments.xml").count(), 1, "{}", path.display());
        let rels = entry(&copy, "word/_rels/document.xml.rels").unwrap();
        assert_eq!(rels.matches("relationships/comments\"").count(), 1, "{}", path.display());
    }
}

/// Every `w:id` in the document and comments parts.
fn ids(docx: &[u8]) -> Vec<i64> {
    let mut out = Vec::new();
    for part in ["word/document.xml", "word/comments.xml"] {
        if let Some(xml) = entry(docx, part) {
            let doc = roxmltree::Document::parse(&xml).unwrap();
            out.extend(doc.descendants().filter_map(|n| attr(n, "id")).filter_map(|v| v.parse::<i64>().ok()));
        }
    }
    out
}

#[test]
fn removing_the_insertions_gives_back_the_original_document() {
    for path in docx_fixtures() {
        let original = fs::read(&path).unwrap();
        let (copy, _) = annotate(&path, false);
        let before = entry(&original, "word/document.xml").unwrap();
        let after = entry(&copy, "word/document.xml").unwrap();
        // Only insertions: the original bytes appear in order inside the copy.
        let mut rest = after.as_bytes().iter();
        let all_there = before.as_bytes().iter().all(|b| rest.any(|c| c == b));
        assert!(all_there, "{}: the original is a subsequence of the copy", path.display());
        // And what was inserted is comment marks and run splits: the paragraphs read the same.
        assert_eq!(read_back(&after).1, read_back(&before).1, "{}", path.display());
        let count =
            |xml: &str| roxmltree::Document::parse(xml).unwrap().descendants().filter(|n| is_w(*n, "p")).count();
        assert_eq!(count(&after), count(&before));
    }
}

#[test]
fn a_second_run_writes_the_same_bytes() {
    for path in docx_fixtures() {
        for fix in [false, true] {
            assert_eq!(annotate(&path, fix).0, annotate(&path, fix).0, "{} fix={fix}", path.display());
        }
    }
    // And through the command line, which names the date itself.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报告.docx");
    fs::copy(fixture("docx/hubin-2023-styled.docx"), &input).unwrap();
    let output = dir.path().join("报告.fazhi.docx");
    let run = || {
        let outcome = fazhi(&["annotate", "--force", "--date", "2024-03-01", input.to_str().unwrap()]);
        assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
        fs::read(&output).unwrap()
    };
    let first = run();
    assert_eq!(first, run());
    assert!(entry(&first, "word/comments.xml").unwrap().contains("w:date=\"2024-03-01T00:00:00Z\""));
}

#[test]
fn tracked_fixes_accept_to_the_fixed_text_and_reject_to_the_original() {
    let dir = tempfile::tempdir().unwrap();
    for path in docx_fixtures() {
        let original = fs::read(&path).unwrap();
        let (copy, annotated) = annotate(&path, true);
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // Reject all: fazhi's insertions dropped, its deletions kept.
        let before = entry(&original, "word/document.xml").unwrap();
        let after = entry(&copy, "word/document.xml").unwrap();
        assert_eq!(read_back(&after).1, read_back(&before).1, "{name}: rejecting every change");
        // Accept all, as fazhi's reader reads tracked changes: the original text with exactly
        // the written changes applied.
        let out = dir.path().join(&name);
        fs::write(&out, &copy).unwrap();
        let accepted = fazhi::document::readers::read(&out, None, super::hints()).unwrap();
        let source = &annotated.checked.document.source.text;
        let mut expected = String::new();
        let mut at = 0;
        for change in &annotated.revisions {
            expected.push_str(&source[at..change.span.start]);
            expected.push_str(&change.text);
            at = change.span.end;
        }
        expected.push_str(&source[at..]);
        assert_eq!(accepted.source.text, expected, "{name}: accepting every change");
        // What is still fixable after accepting is what could not be written as a revision.
        let rechecked = fazhi::engine::check_document(accepted, rules(), None);
        let remaining = fazhi::fix::safe_edits(&rechecked).len();
        if annotated.revisions_skipped == 0 {
            assert_eq!(remaining, 0, "{name}: nothing fixable is left");
        } else {
            assert!(
                remaining <= annotated.revisions_skipped,
                "{name}: {remaining} left, {} skipped",
                annotated.revisions_skipped
            );
        }
    }
    // The seeds: every safe fix of hubin-2023 is a revision, by author fazhi.
    let (copy, annotated) = annotate(&fixture("docx/hubin-2023-styled.docx"), true);
    assert_eq!(annotated.revisions.len(), 4, "{:?}", annotated.revisions);
    assert_eq!(annotated.revisions_skipped, 0);
    let xml = entry(&copy, "word/document.xml").unwrap();
    assert!(xml.contains("<w:ins w:id=") && xml.contains("w:author=\"fazhi\""));
    assert!(
        xml.contains("<w:delText xml:space=\"preserve\">&lt;</w:delText>"),
        "the old text is kept raw, escaped once"
    );
    let revised =
        annotated.comments.iter().filter(|c| c.lines.iter().any(|l| l.text.contains("已作为修订写入"))).count();
    assert_eq!(revised, 3, "the comments of fixed findings say so");
}

#[test]
fn fix_on_a_word_file_writes_only_revisions_into_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("报告.docx");
    fs::copy(fixture("docx/huiji-2022-plain.docx"), &input).unwrap();
    let before = fs::read(&input).unwrap();
    let diff = fazhi(&["fix", "--diff", input.to_str().unwrap()]);
    assert_eq!(diff.code, 0, "{}", diff.stdout);
    assert!(diff.stdout.contains("可写成修订") && diff.stdout.contains("“,” → “，”"), "{}", diff.stdout);
    assert!(!dir.path().join("报告.fazhi.docx").exists(), "--diff writes nothing");
    let outcome = fazhi(&["fix", input.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert!(outcome.stdout.contains("已写成修订") && outcome.stdout.contains("报告.fazhi.docx"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("无法写成修订"), "numbering labels cannot be revised: {}", outcome.stdout);
    assert_eq!(fs::read(&input).unwrap(), before, "the original is untouched");
    let copy = fs::read(dir.path().join("报告.fazhi.docx")).unwrap();
    assert!(entry(&copy, "word/comments.xml").is_none(), "fix writes no comments");
    assert!(entry(&copy, "word/document.xml").unwrap().contains("<w:ins "));
    let again = fazhi(&["fix", input.to_str().unwrap()]);
    assert_eq!(again.code, 2, "an existing copy is not overwritten: {}", again.stdout);
    assert!(again.stdout.contains("--force"), "{}", again.stdout);
    assert_eq!(fazhi(&["fix", "--force", input.to_str().unwrap()]).code, 0);
    // A folder: fazhi's own copy is not fixed again.
    let folder = fazhi(&["fix", "--diff", dir.path().to_str().unwrap()]);
    assert!(!folder.stdout.contains("报告.fazhi.docx：") && folder.stdout.contains("报告.docx："), "{}", folder.stdout);
}

#[test]
fn annotate_names_and_places_copies_and_never_touches_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("甲.docx");
    let b = dir.path().join("乙.docx");
    fs::copy(fixture("docx/hubin-2023-styled.docx"), &a).unwrap();
    fs::copy(fixture("docx/qianjin-2023-wps.docx"), &b).unwrap();
    let before = (fs::read(&a).unwrap(), fs::read(&b).unwrap());
    let outcome = fazhi(&["annotate", a.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.contains("已写出") && outcome.stdout.contains("甲.fazhi.docx"), "{}", outcome.stdout);
    assert!(dir.path().join("甲.fazhi.docx").exists());
    // Not overwritten without --force.
    let again = fazhi(&["annotate", a.to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(again.stdout.contains("已存在") && again.stdout.contains("--force"), "{}", again.stdout);
    // -o FILE for one input; -o DIR for several; a folder input skips fazhi's own copies.
    let elsewhere = tempfile::tempdir().unwrap();
    let file = elsewhere.path().join("批注版.docx");
    assert_eq!(fazhi(&["annotate", "-o", file.to_str().unwrap(), b.to_str().unwrap()]).code, 0);
    assert!(file.exists());
    fs::copy(fixture("seeds/hubin-2023.txt"), dir.path().join("丙.txt")).unwrap();
    let out = elsewhere.path().join("out");
    let many = fazhi(&["annotate", "-o", out.to_str().unwrap(), dir.path().to_str().unwrap()]);
    assert_eq!(many.code, 0, "{}", many.stdout);
    let mut written: Vec<String> =
        fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    written.sort();
    assert_eq!(written, ["乙.fazhi.docx", "甲.fazhi.docx"], "a folder gives its Word files: {}", many.stdout);
    // The output may not be the input, and a copy is not annotated again.
    let same = fazhi(&["annotate", "--force", "-o", a.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(same.code, 2);
    assert!(same.stdout.contains("就是输入文件"), "{}", same.stdout);
    let twice = fazhi(&["annotate", dir.path().join("甲.fazhi.docx").to_str().unwrap()]);
    assert!(twice.stdout.contains("fazhi 生成的副本"), "{}", twice.stdout);
    assert_eq!((fs::read(&a).unwrap(), fs::read(&b).unwrap()), before, "inputs are never written");
    // JSON says what was anchored where.
    let json = fazhi(&["annotate", "--force", "--format", "json", "--date", "none", a.to_str().unwrap()]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let comments = value["files"][0]["comments"].as_array().unwrap();
    assert!(comments.iter().any(|c| c["rule"] == "word/duplicated" && c["anchored"] == "行政行政"), "{value}");
    let copy = fs::read(dir.path().join("甲.fazhi.docx")).unwrap();
    assert!(!entry(&copy, "word/comments.xml").unwrap().contains("w:date"), "--date none leaves the date out");
    let bad_date = fazhi(&["annotate", "--date", "昨天", a.to_str().unwrap()]);
    assert_eq!(bad_date.code, 2);
    assert!(bad_date.stderr.contains("--date"), "{}", bad_date.stderr);
    // Other formats named on the command line are refused with a reason.
    let html = fazhi(&["annotate", fixture("html/huangshui-2023.html").to_str().unwrap()]);
    assert_eq!(html.code, 2);
    assert!(html.stdout.contains("只处理 Word 文档（.docx）和纯文本（.txt）"), "{}", html.stdout);
}

#[test]
fn a_plain_text_report_comes_back_as_an_annotated_word_document() {
    let dir = tempfile::tempdir().unwrap();
    for seed in ["huangshui-2023", "hubin-2023", "huiji-2022", "qianjin-2023", "shennongjia-2024"] {
        let input = dir.path().join(format!("{seed}.txt"));
        fs::copy(fixture(&format!("seeds/{seed}.txt")), &input).unwrap();
        let outcome = fazhi(&["annotate", "--date", "none", input.to_str().unwrap()]);
        assert_eq!(outcome.code, 0, "{}", outcome.stdout);
        let copy = dir.path().join(format!("{seed}.fazhi.docx"));
        let rules_and_text = |path: &Path| {
            let (json, _) = check_json(&[path], &[]);
            let mut found: Vec<(String, String)> = json["reports"][0]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| (f["rule"].as_str().unwrap().to_string(), f["text"].as_str().unwrap().to_string()))
                .collect();
            found.sort();
            found
        };
        assert_eq!(rules_and_text(&copy), rules_and_text(&input), "{seed}: the Word copy has the text's findings");
        assert_eq!(fs::read(&input).unwrap(), fs::read(fixture(&format!("seeds/{seed}.txt"))).unwrap());
        let bytes = fs::read(&copy).unwrap();
        let (ranges, _) = read_back(&entry(&bytes, "word/document.xml").unwrap());
        assert!(ranges.len() > 3, "{seed}: comments are in the new document");
    }
}

#[test]
fn a_mark_without_its_comment_gets_one_and_authors_and_formatting_are_set() {
    // fields.docx has a comment range and reference with id 0 and no comments part.
    let (copy, annotated) = annotate(&fixture("docx/fields.docx"), false);
    assert_eq!(annotated.placeholders, 1);
    let comments = entry(&copy, "word/comments.xml").unwrap();
    assert!(comments.contains("<w:comment w:id=\"0\""), "{comments}");
    assert!(comments.contains("没有对应的批注内容"));
    assert!(comments.contains("w:author=\"fazhi\"") && comments.contains(&format!("w:date=\"{DATE}\"")));
    // Comment text has its own size and no inherited first-line indent.
    assert!(comments.contains("<w:sz w:val=\"21\"/>") && comments.contains("w:firstLineChars=\"0\""));
    assert!(annotated.comments.iter().all(|c| c.id != 0));
    // A configured author, escaped once.
    let bytes = fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap();
    let custom = Settings { author: "区司法局<审核>&".to_string(), ..settings(false) };
    let annotated = annotate_bytes(&fixture("docx/hubin-2023-styled.docx"), &bytes, &custom);
    let comments = entry(annotated.bytes.as_ref().unwrap(), "word/comments.xml").unwrap();
    assert!(comments.contains("w:author=\"区司法局&lt;审核&gt;&amp;\""), "{}", &comments[..300]);
    let parsed = roxmltree::Document::parse(&comments).unwrap();
    let bodies: Vec<String> = parsed
        .descendants()
        .filter(|n| is_w(*n, "comment"))
        .map(|c| c.descendants().filter(|t| is_w(*t, "t")).filter_map(|t| t.text()).collect::<String>())
        .collect();
    assert!(bodies.iter().any(|b| b.contains("书名号内用了半角尖括号“<习近平法治思想学习纲要>”")), "{bodies:?}");
}

/// A copy of a fixture with its document part re-encoded by `encode`.
fn with_document(path: &Path, encode: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
    let original = fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&original[..])).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        out.start_file(name.as_str(), options).unwrap();
        if name == "word/document.xml" {
            out.write_all(&encode(&text)).unwrap();
        } else {
            out.write_all(text.as_bytes()).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn documents_with_a_byte_order_mark_or_in_utf16_are_annotated_at_the_right_places() {
    let path = fixture("docx/hubin-2023-styled.docx");
    let bom = with_document(&path, |t| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat());
    let utf16 = with_document(&path, |t| {
        let t = t.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
        let mut out = vec![0xFF, 0xFE];
        out.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
        out
    });
    let (_, plain) = annotate(&path, true);
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("bom.docx", bom), ("utf16.docx", utf16)] {
        let input = dir.path().join(name);
        fs::write(&input, &bytes).unwrap();
        let annotated = annotate_bytes(&input, &bytes, &settings(true));
        let copy = annotated.bytes.clone().unwrap();
        let anchored = |a: &Annotated| a.comments.iter().map(|c| c.anchored.clone()).collect::<Vec<_>>();
        assert_eq!(anchored(&annotated), anchored(&plain), "{name}");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&copy[..])).unwrap();
        let mut raw = Vec::new();
        archive.by_name("word/document.xml").unwrap().read_to_end(&mut raw).unwrap();
        let xml = if name == "bom.docx" {
            assert!(raw.starts_with(b"\xEF\xBB\xBF"), "the mark is kept");
            String::from_utf8(raw[3..].to_vec()).unwrap()
        } else {
            let text = String::from_utf8(raw).expect("written back as UTF-8");
            assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\""), "{}", &text[..60]);
            text
        };
        let (ranges, _) = read_back(&xml);
        for comment in &annotated.comments {
            assert_eq!(ranges[&comment.id], comment.anchored, "{name}");
        }
        let out = dir.path().join(format!("out-{name}"));
        fs::write(&out, &copy).unwrap();
        assert!(fazhi::document::readers::read(&out, None, super::hints()).is_ok(), "{name} reads back");
    }
}

#[test]
fn files_check_refuses_are_refused_the_same_way_and_the_rest_are_annotated() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(fixture("docx/hubin-2023-styled.docx"), dir.path().join("a-good.docx")).unwrap();
    let good = fs::read(fixture("docx/hubin-2023-styled.docx")).unwrap();
    fs::write(dir.path().join("truncated.docx"), &good[..good.len() / 2]).unwrap();
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    fs::write(dir.path().join("old-word.docx"), &ole).unwrap();
    let laughs = br#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    fs::write(dir.path().join("laughs.docx"), super::docx_hostile::docx_with_body_raw(laughs)).unwrap();
    // Strict Open XML, and a document already holding 32,767 comment ranges.
    let strict = super::docx_hostile::docx_with_body("<w:p><w:r><w:t>严格格式的文档。</w:t></w:r></w:p>");
    let strict = with_strict_namespace(&strict);
    fs::write(dir.path().join("strict.docx"), strict).unwrap();
    let mut full = String::from("<w:p><w:r><w:t>关于2023年法治政府建设情况的报告</w:t></w:r></w:p><w:p>");
    for id in 0..32_767 {
        full.push_str(&format!("<w:commentRangeStart w:id=\"{id}\"/><w:commentRangeEnd w:id=\"{id}\"/>"));
    }
    full.push_str("<w:r><w:t>行政行政执法。</w:t></w:r></w:p>");
    fs::write(dir.path().join("full.docx"), super::docx_hostile::docx_with_body(&full)).unwrap();

    let check = fazhi(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let checked: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let outcome = fazhi(&["annotate", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    let value: serde_json::Value = serde_json::from_str(&outcome.stdout).unwrap();
    let files = value["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the good file is annotated: {value}");
    assert!(files[0]["input"].as_str().unwrap().ends_with("a-good.docx"));
    let message = |json: &serde_json::Value, name: &str| super::error_message(json, name);
    for name in ["truncated.docx", "old-word.docx", "laughs.docx"] {
        assert_eq!(message(&value, name), message(&checked, name), "{name}: the reader's own message");
    }
    assert!(message(&value, "strict.docx").contains("严格 Open XML"), "{value}");
    assert!(message(&value, "full.docx").contains("32767"), "{value}");
    for name in ["truncated", "old-word", "laughs", "strict", "full"] {
        assert!(!dir.path().join(format!("{name}.fazhi.docx")).exists(), "{name}: nothing written");
    }
}

/// The same package with the document in the Strict Open XML namespace.
fn with_strict_namespace(docx: &[u8]) -> Vec<u8> {
    let strict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    with_document_bytes(docx, |t| t.replace(W, strict).into_bytes())
}

fn with_document_bytes(docx: &[u8], encode: impl Fn(&str) -> Vec<u8>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.docx");
    fs::write(&path, docx).unwrap();
    with_document(&path, encode)
}

/// `annotate` and `fix` choose a report's pack by its title as `check` does: a 政府信息公开
/// report gets that pack's comments and score, not the 法治 pack's.
#[test]
fn annotate_and_fix_choose_the_pack_by_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("dept.txt");
    let text = "某某市司法局2023年政府信息公开工作年度报告\n一、总体情况\n本机关依法公开政府信息(含政策解读)。\n某某市司法局\n2024年2月20日\n";
    std::fs::write(&report, text).unwrap();
    let (json, _) = super::check_json(&[&report], &["--no-config"]);
    let score = json["reports"][0]["score"].as_f64().unwrap();
    assert_eq!(json["reports"][0]["rule_pack"]["name"], "xxgk");

    let out = super::fazhi(&["annotate", "--no-config", report.to_str().unwrap()]);
    assert_ne!(out.code, 2, "{}", out.stderr);
    assert!(out.stdout.contains(&format!("得分 {score:.1}")), "the same score as check: {}", out.stdout);
    let copy = std::fs::read(dir.path().join("dept.fazhi.docx")).unwrap();
    let comments = entry(&copy, "word/comments.xml").unwrap();
    assert!(comments.contains("县级以上人民政府部门的2023年度报告应在2024年1月31日前公布"), "{comments}");

    let fixed = super::fazhi(&["fix", "--no-config", "--diff", report.to_str().unwrap()]);
    assert!(fixed.stdout.contains("（含政策解读）"), "{}", fixed.stdout);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), text, "--diff leaves the file alone");
}

#[test]
fn a_comment_on_words_in_a_table_lands_in_their_cell() {
    // A table of prose (one cell holds a paragraph) beside a table of figures: the prose is
    // checked and its doubled word commented in its own cell; the figures are a table.
    let p = |text: &str| format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>");
    let tc = |text: &str| format!("<w:tc>{}</w:tc>", p(text));
    let prose = "2023年，我区全面推进行政行政执法规范化建设，落实行政执法公示、执法全过程记录和重大执法决定法制审核制度，\
                 全年开展执法检查120次，组织执法人员培训8期，执法案卷评查合格率达到百分之九十八，群众满意度持续提升。";
    let body = [
        p("某某区人民政府关于2023年法治政府建设情况的报告"),
        format!("<w:tbl><w:tr>{}{}</w:tr></w:tbl>", tc("工作情况"), tc(prose)),
        format!(
            "<w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            tc("指标"),
            tc("2022年"),
            tc("2023年"),
            tc("行政复议案件"),
            tc("120件"),
            tc("135件")
        ),
        p("特此报告。"),
    ]
    .concat();
    let bytes = super::docx_hostile::docx_with_body(&body);
    let annotated = annotate_bytes(Path::new("表格.docx"), &bytes, &settings(false));
    let doc = &annotated.checked.document;
    assert_eq!(doc.tables.len(), 1, "only the table of figures is a table");
    let comment = annotated.comments.iter().find(|c| c.rule.as_deref() == Some("word/duplicated")).unwrap();
    assert_eq!((comment.anchored.as_str(), comment.adjusted), ("行政行政", None));
    let place = doc.source.origin.place_at(comment.span.start);
    assert_eq!(place, Some(fazhi::source::Place::Cell { table: 1, row: 1, column: 2 }));
    // In the copy, the comment's range sits in the second cell of the first table.
    let xml = entry(annotated.bytes.as_ref().unwrap(), "word/document.xml").unwrap();
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let start = tree
        .descendants()
        .find(|n| is_w(*n, "commentRangeStart") && attr(*n, "id") == Some(comment.id.to_string().as_str()))
        .unwrap();
    let cell = start.ancestors().find(|a| is_w(*a, "tc")).expect("the range is in a cell");
    let table = cell.ancestors().find(|a| is_w(*a, "tbl")).unwrap();
    let first_table = tree.descendants().find(|n| is_w(*n, "tbl")).unwrap();
    assert_eq!(table, first_table);
    assert_eq!(cell.prev_sibling_element().map(|c| is_w(c, "tc")), Some(true), "the second cell");
    let (ranges, _) = read_back(&xml);
    assert_eq!(ranges[&comment.id], "行政行政");
}
