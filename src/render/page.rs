//! What the page of `fazhi serve` reads. [`view`]: a run as JSON, per report the score, the
//! checklist, the findings and the report's text cut into tokens (`"text"`, `{"open": id}`,
//! `{"close": id}`, `{"anchor": name}`) at the findings' byte spans, so that the browser never
//! handles a byte offset (JavaScript strings count UTF-16 units) and builds the highlighted
//! text with `textContent` only; and, for a batch, the ranked summary of `fazhi report`.
//! [`error`]: the JSON body of every error answer of the HTTP API. [`pack_field`]: the pack
//! line of the page, a choice where there are several.
//!
//! **Invariant:** report text leaves here as JSON strings, never as markup; bidirectional
//! controls (U+202A–U+202E, U+2066–U+2069) are shown as their code, so a report cannot reorder
//! the page's text.

use serde_json::{Value, json};

use super::audit::{self, AuditMeta, Sheet};
use super::element;
use crate::engine::Checked;
use crate::finding::Finding;
use crate::results::{FileError, ReportEntry};
use crate::rules::RuleSet;

/// The body of an error answer: `{"error": {"code": …, "message": …}}`.
#[must_use]
pub fn error(code: &str, message: &str) -> String {
    json!({ "error": { "code": code, "message": message } }).to_string()
}

/// The pack line of the page: the pack a report gets when none is chosen (`default_label`),
/// and when `others` lists more (`(name, label)` of other built-in packs) a choice among them,
/// the first meaning "as the server's options say". Labels and names are escaped.
#[must_use]
pub fn pack_field(default_label: &str, others: &[(String, String)]) -> String {
    let escape = audit::html::escape;
    if others.is_empty() {
        return format!("<span class=\"pack\">规则包：{}</span>", escape(default_label));
    }
    let mut out = format!(
        "<label>规则包\n      <select id=\"pack\">\n        <option value=\"\">{}（默认）</option>\n",
        escape(default_label)
    );
    for (name, label) in others {
        out.push_str(&format!("        <option value=\"{}\">{}</option>\n", escape(name), escape(label)));
    }
    out.push_str("      </select>\n    </label>");
    out
}

/// Renders a run for the page; `uploads` gives each report's position in the request.
#[must_use]
pub fn view(reports: &[ReportEntry], uploads: &[usize], errors: &[FileError], rules: &RuleSet) -> String {
    let meta = AuditMeta { checked_at: String::new(), tool_version: String::new(), pack: String::new() };
    let built = audit::build(reports, errors, rules, meta);
    let views: Vec<Value> = reports
        .iter()
        .zip(&built.sheets)
        .zip(uploads)
        .map(|((entry, sheet), &upload)| {
            let mut view = report(entry, sheet, rules);
            view["upload"] = upload.into();
            view
        })
        .collect();
    let summary: Vec<Value> = built
        .ranking
        .iter()
        .enumerate()
        .map(|(rank, &idx)| {
            let sheet = &built.sheets[idx];
            json!({
                "index": idx,
                "rank": rank + 1,
                "name": shown(&reports[idx].path.display().to_string()),
                "issuer": sheet.issuer.as_deref().map(shown),
                "year": sheet.year,
                "score": sheet.score,
                "grade": sheet.grade,
                "grade_caps": sheet.grade_caps,
                "passed": reports[idx].passed,
                "verdict": sheet.verdict,
                "missing": sheet.missing(),
                "partial": sheet.partial(),
                "errors": sheet.counts.errors,
                "warnings": sheet.counts.warnings,
                "error_rate": (sheet.error_rate() * 100.0).round() / 100.0,
            })
        })
        .collect();
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| json!({ "name": shown(&e.path.display().to_string()), "message": shown(&e.message) }))
        .collect();
    json!({ "reports": views, "summary": summary, "errors": errors }).to_string()
}

fn report(entry: &ReportEntry, sheet: &Sheet, rules: &RuleSet) -> Value {
    let checked = &entry.checked;
    let doc = &checked.document;
    let findings: Vec<Value> =
        checked.findings.iter().enumerate().map(|(id, f)| finding(checked, id, f, rules)).collect();
    let mut anchors: Vec<(usize, String)> = Vec::new();
    let elements: Vec<Value> = sheet
        .elements
        .iter()
        .zip(&checked.elements.list)
        .map(|(line, found)| {
            let at = element::evidence(found).map(|s| s.start);
            let anchor = at.map(|pos| {
                let name = format!("e-{}", line.key);
                anchors.push((pos, name.clone()));
                name
            });
            json!({
                "key": line.key,
                "label": line.label,
                "mark": line.mark(),
                "status": line.status_label(),
                "partial": line.is_partial(),
                "class": line.shown.class(),
                "required": found.required,
                "heading": line.heading.as_deref().map(shown),
                "evidence": line.evidence.as_deref().map(shown),
                "location": line.location,
                "basis": line.basis,
                "anchor": anchor,
            })
        })
        .collect();
    for (id, f) in checked.findings.iter().enumerate() {
        if f.span.is_empty() {
            anchors.push((f.span.start, format!("f-{id}")));
        }
    }
    let mut used: Vec<&str> = checked.findings.iter().map(|f| &*f.rule).collect();
    used.sort_unstable();
    used.dedup();
    let explained: serde_json::Map<String, Value> = used
        .into_iter()
        .filter_map(|id| rules.get(id))
        .map(|r| {
            (r.id.to_string(), json!({ "name": r.name, "category": r.category, "description": r.description.trim() }))
        })
        .collect();
    json!({
        "name": shown(&entry.path.display().to_string()),
        "title": sheet.title.as_deref().map(shown),
        "issuer": sheet.issuer.as_deref().map(shown),
        "year": sheet.year,
        "format": sheet.format,
        "pack": format!("{} {}", checked.pack.name, checked.pack.version),
        "chars": sheet.chars,
        "score": sheet.score,
        "grade": sheet.grade,
        "grade_caps": sheet.grade_caps,
        "passed": entry.passed,
        "verdict": sheet.verdict,
        "groups": sheet.groups.iter().map(|g| json!({ "label": g.label, "points": g.points, "lost": g.lost })).collect::<Vec<_>>(),
        "counts": { "errors": sheet.counts.errors, "warnings": sheet.counts.warnings, "infos": sheet.counts.infos },
        "waived": checked.waived.len(),
        "notes": sheet.notes,
        "elements": elements,
        "findings": findings,
        "rules": explained,
        "text": tokens(&doc.source.text, &checked.findings, anchors),
    })
}

fn finding(checked: &Checked, id: usize, f: &Finding, rules: &RuleSet) -> Value {
    let source = &checked.document.source;
    let line = source.position(f.span.start).line;
    let location = match source.origin.place_at(f.span.start) {
        Some(place) => format!("{place}（第{line}行）"),
        None => format!("第{line}行"),
    };
    let category = rules
        .get(&f.rule)
        .map_or_else(|| f.rule.split('/').next().unwrap_or_default().to_string(), |r| r.category.clone());
    let text: String = source.slice(f.span).chars().take(80).collect();
    json!({
        "id": id,
        "rule": &*f.rule,
        "name": rules.get(&f.rule).map(|r| r.name.clone()),
        "category": category,
        "severity": f.severity.as_str(),
        "severity_label": f.severity.label(),
        "message": shown(&f.message),
        "help": shown(&f.help),
        "suggestion": f.suggestion.as_deref().map(shown),
        "location": location,
        "text": shown(&text),
        "span": !f.span.is_empty(),
    })
}

/// The text cut at every finding's span and every anchor: nested spans nest; a span that
/// crosses another is closed and reopened around it (`"continued": true` on the second piece).
fn tokens(text: &str, findings: &[Finding], mut anchors: Vec<(usize, String)>) -> Vec<Value> {
    let mut spans: Vec<(usize, usize, usize)> = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.span.is_empty() && f.span.end <= text.len())
        .map(|(id, f)| (f.span.start, f.span.end, id))
        .collect();
    spans.sort_by_key(|&(start, end, id)| (start, std::cmp::Reverse(end), id));
    anchors.sort();
    let mut cuts: Vec<usize> = spans.iter().flat_map(|&(s, e, _)| [s, e]).chain(anchors.iter().map(|a| a.0)).collect();
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut open: Vec<(usize, usize)> = Vec::new(); // (end, id)
    let (mut next_span, mut next_anchor, mut cursor) = (0, 0, 0);
    for cut in cuts {
        let cut = cut.min(text.len());
        if cut > cursor {
            out.push(Value::String(shown(&text[cursor..cut])));
            cursor = cut;
        }
        while open.iter().any(|&(end, _)| end == cut) {
            let mut reopen = Vec::new();
            while let Some((end, id)) = open.pop() {
                out.push(json!({ "close": id }));
                if end != cut {
                    reopen.push((end, id));
                }
                if !open.iter().any(|&(end, _)| end == cut) {
                    break;
                }
            }
            for (end, id) in reopen.into_iter().rev() {
                out.push(json!({ "open": id, "continued": true }));
                open.push((end, id));
            }
        }
        while next_anchor < anchors.len() && anchors[next_anchor].0 == cut {
            out.push(json!({ "anchor": anchors[next_anchor].1 }));
            next_anchor += 1;
        }
        while next_span < spans.len() && spans[next_span].0 == cut {
            let (_, end, id) = spans[next_span];
            out.push(json!({ "open": id }));
            open.push((end, id));
            next_span += 1;
        }
    }
    out
}

/// Report text as the page shows it: bidirectional controls as their code point, other
/// control characters (but tab and newline) as U+FFFD.
fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => out.push_str(&format!("[U+{:04X}]", c as u32)),
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::source::Span;

    fn at(start: usize, end: usize) -> Finding {
        Finding {
            rule: "word/typo".into(),
            severity: Severity::Error,
            span: Span { start, end },
            message: String::new(),
            help: String::new(),
            suggestion: None,
            penalty: None,
            edits: Vec::new(),
            also: Vec::new(),
        }
    }

    fn rendered(text: &str, findings: &[Finding], anchors: Vec<(usize, String)>) -> String {
        let parts: Vec<String> = tokens(text, findings, anchors)
            .iter()
            .map(|t| match t {
                Value::String(s) => s.clone(),
                Value::Object(o) if o.contains_key("anchor") => format!("^{}", o["anchor"].as_str().unwrap()),
                Value::Object(o) if o.contains_key("close") => format!("]{}", o["close"]),
                Value::Object(o) if o.contains_key("continued") => format!("[+{}", o["open"]),
                Value::Object(o) => format!("[{}", o["open"]),
                _ => unreachable!(),
            })
            .collect();
        parts.join("")
    }

    #[test]
    fn spans_cut_chinese_text_on_byte_offsets_and_nest() {
        // 依法行政行政 : “行政行政” starts at byte 6 and ends at byte 18; “行政” inside is 6..12.
        let text = "依法行政行政，好";
        assert_eq!(rendered(text, &[at(6, 18), at(6, 12)], vec![]), "依法[0[1行政]1行政]0，好");
    }

    #[test]
    fn crossing_spans_are_closed_and_reopened() {
        let text = "一二三四五";
        // 0: 一二三 (0..9), 1: 二三四 (3..12)
        assert_eq!(rendered(text, &[at(0, 9), at(3, 12)], vec![]), "[0一[1二三]1]0[+1四]1五");
    }

    #[test]
    fn anchors_and_empty_spans_sit_between_characters() {
        let text = "甲乙";
        assert_eq!(rendered(text, &[at(3, 3)], vec![(3, "e-x".to_string())]), "甲^e-x乙");
    }

    #[test]
    fn bidi_controls_and_nul_are_shown_not_obeyed() {
        assert_eq!(shown("a\u{202E}b\u{0}c\n"), "a[U+202E]b\u{FFFD}c\n");
    }
}
