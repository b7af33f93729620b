//! The audit as one self-contained HTML file: the summary, then one A4 sheet per report, with
//! page breaks between them. Styles and the small sort script are inline; nothing is fetched.

use std::fmt::Write as _;

use super::table::{self, Cell};
use super::{Audit, Band, Context, FindingLine, Sheet, file_name, points};
use crate::finding::Severity;
use crate::render::element::{LEGEND, status_key};

/// Escapes text for HTML element content and double- or single-quoted attributes.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than tab and newline are invalid in HTML text; stray ones come
            // from PDF and old .doc conversions.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
@page { size: A4 portrait; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 180mm; padding: 8mm 0; color: #111; background: #fff;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "SimSun", "Songti SC", "Noto Sans CJK SC", serif;
  font-size: 10.5pt; line-height: 1.6; overflow-wrap: anywhere; word-break: break-word; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 3mm; letter-spacing: 0.05em; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #444; padding-bottom: 1mm; }
h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: 1mm 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 1mm 0 3mm; }
th, td { border: 1px solid #777; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-word; }
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.nowrap { white-space: nowrap; }
.meta td:first-child, .meta th { width: 22%; background: #f4f4f4; }
.sheet { break-before: page; page-break-before: always; }
.score { font-size: 20pt; font-weight: bold; }
.mark { font-size: 13pt; text-align: center; }
.ok { color: #11703a; } .part { color: #a65c00; } .no { color: #b3151b; } .optional { color: #666; }
mark { background: #ffe34d; color: #000; border-bottom: 2px solid #d00; padding: 0 1px; }
mark.missing { background: #ffd0d0; }
.sev-error { color: #b3151b; font-weight: bold; } .sev-warning { color: #a65c00; } .sev-info { color: #555; }
.finding { border: 1px solid #999; padding: 1.5mm 2mm; margin: 0 0 2mm; break-inside: avoid; page-break-inside: avoid; }
.finding .quote { background: #f7f7f7; padding: 1mm 2mm; margin: 1mm 0; border-left: 3px solid #999; }
.finding .also { font-size: 9.5pt; }
.small { font-size: 9pt; color: #444; }
.basis { font-size: 9pt; color: #333; }
.review { break-inside: avoid; page-break-inside: avoid; }
.sign { margin-top: 10mm; width: 100%; border: none; }
.sign td { border: none; padding: 6mm 0 0; }
.sign .line { display: inline-block; width: 45mm; border-bottom: 1px solid #000; }
svg text { font-family: inherit; }
th[data-sort] { cursor: pointer; }
@media screen { body { padding: 8mm; } .sheet { border-top: 3px double #444; margin-top: 10mm; padding-top: 6mm; } }
@media print { a { color: inherit; text-decoration: none; } .screen-only { display: none; } }
"#;

/// Sorts a table by the clicked header; numbers by value. Only for reading on screen: the
/// printed order (by score) is the order the file is written in.
const SCRIPT: &str = r"
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th[data-sort]').forEach(function (th, col) {
    th.addEventListener('click', function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var up = th.getAttribute('data-dir') !== 'up';
      th.setAttribute('data-dir', up ? 'up' : 'down');
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute('data-value') || a.cells[col].textContent;
        var y = b.cells[col].getAttribute('data-value') || b.cells[col].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'zh-CN');
        return up ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
});
";

/// Renders the whole audit: summary first, then each sheet on its own pages.
#[must_use]
pub fn render(audit: &Audit) -> String {
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let title = if audit.sheets.len() == 1 && audit.errors.is_empty() {
        format!("审核单：{}", file_name(&audit.sheets[0].file))
    } else {
        format!("{}（{}份）", audit.titles.summary, audit.sheets.len() + audit.errors.len())
    };
    let _ = writeln!(out, "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>", escape(&title));
    summary(&mut out, audit);
    for sheet in &audit.sheets {
        render_sheet(&mut out, audit, sheet);
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>");
    out
}

fn summary(out: &mut String, audit: &Audit) {
    let _ = writeln!(out, "<section class=\"summary\" id=\"summary\">\n<h1>{}</h1>", escape(&audit.titles.summary));
    let _ = writeln!(
        out,
        "<p class=\"small\">检查时间：{}　工具：fazhi {}　规则包：{}　共{}份报告，{}份无法读取</p>",
        escape(&audit.meta.checked_at),
        escape(&audit.meta.tool_version),
        escape(&audit.meta.pack),
        // Every file of the run counts, so a folder of four with two unreadable says 共 4 份.
        audit.sheets.len() + audit.errors.len(),
        audit.errors.len()
    );
    out.push_str("<h2>报告得分（按得分排序）</h2>\n");
    out.push_str("<p class=\"small screen-only\">点击表头可重新排序；打印时按得分从高到低。</p>\n");
    let table = table::reports(audit);
    out.push_str("<table class=\"sortable reports\">\n<colgroup>");
    for (_, _, print) in table.printed() {
        let _ = write!(out, "<col style=\"width:{}%\">", print.width);
    }
    out.push_str("</colgroup>\n<thead><tr>");
    for (_, column, _) in table.printed() {
        let _ = write!(out, "<th data-sort>{}</th>", escape(&column.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        let _ = write!(out, "<tr data-sheet=\"{}\">", row.sheet);
        for (idx, column, print) in table.printed() {
            let text = escape(&row.cells[idx].printed(print));
            let text = if print.links_to_sheet { format!("<a href=\"#sheet-{}\">{text}</a>", row.sheet) } else { text };
            if column.numeric && matches!(row.cells[idx], Cell::Number(_)) {
                let _ = write!(out, "<td class=\"num\" data-value=\"{}\">{text}</td>", row.cells[idx].printed(print));
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    if !audit.errors.is_empty() {
        out.push_str("<h2>无法读取的文件</h2>\n<table class=\"errors\"><colgroup><col style=\"width:40%\"><col></colgroup>\n<thead><tr><th>文件</th><th>原因</th></tr></thead>\n<tbody>\n");
        for (file, reason) in &audit.errors {
            let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", escape(file), escape(reason));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("<h2>等级分布</h2>\n");
    out.push_str(&chart(&audit.distribution));
    out.push_str("<h2>各规则出现次数</h2>\n");
    if audit.rule_counts.is_empty() {
        out.push_str("<p>没有发现问题。</p>\n");
    } else {
        out.push_str(concat!(
            "<table class=\"sortable rules\"><colgroup><col style=\"width:38%\"><col style=\"width:30%\">",
            "<col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:11%\"></colgroup>\n",
            "<thead><tr><th data-sort>规则</th><th data-sort>名称</th><th data-sort>级别</th>",
            "<th data-sort>报告数</th><th data-sort>问题数</th></tr></thead>\n<tbody>\n"
        ));
        for count in &audit.rule_counts {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&count.rule),
                escape(&count.name),
                count.severity.label(),
                count.reports,
                count.findings
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !audit.similar.is_empty() {
        out.push_str("<h2>内容雷同的报告</h2>\n");
        out.push_str(concat!(
            "<table class=\"similar\"><colgroup><col style=\"width:34%\"><col style=\"width:14%\">",
            "<col style=\"width:52%\"></colgroup>\n",
            "<thead><tr><th>两份报告</th><th>相同内容占比</th><th>最长相同段落</th></tr></thead>\n<tbody>\n"
        ));
        for row in &audit.similar {
            let _ = writeln!(
                out,
                "<tr><td>{}<br>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&row.reports[0]),
                escape(&row.reports[1]),
                escape(&row.share),
                escape(&row.passage)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// A bar chart of reports per grade band, drawn as inline SVG (visible without JavaScript).
#[must_use]
pub fn chart(bands: &[Band]) -> String {
    let (width, height, top, bottom, left) = (640.0, 220.0, 20.0, 40.0, 40.0);
    let plot_height = height - top - bottom;
    let max = bands.iter().map(|b| b.count).max().unwrap_or(0).max(1) as f64;
    let slot = (width - left - 10.0) / bands.len().max(1) as f64;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"等级分布\" viewBox=\"0 0 {width} {height}\" width=\"100%\" style=\"max-width:160mm\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    );
    let _ = writeln!(
        svg,
        "<line x1=\"{left}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"#333\"/>",
        y = height - bottom,
        x2 = width - 10.0
    );
    let colours = ["#b3151b", "#d98c1f", "#3b7dd8", "#11703a"];
    for (i, band) in bands.iter().enumerate() {
        let bar_height = band.count as f64 / max * plot_height;
        let x = left + slot * i as f64 + slot * 0.2;
        let y = height - bottom - bar_height;
        let colour = colours.get(i).copied().unwrap_or("#555");
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{bar_height:.1}\" fill=\"{colour}\"/>",
            w = slot * 0.6
        );
        let _ = writeln!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" font-size=\"14\">{}</text>",
            band.count,
            cx = x + slot * 0.3,
            ty = y - 4.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" font-size=\"13\">{}</text>",
            escape(&band.label),
            cx = x + slot * 0.3,
            ly = height - bottom + 20.0
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"4\" y=\"{}\" font-size=\"12\" transform=\"rotate(-90 12 {})\">报告数</text>",
        top + plot_height / 2.0,
        top + plot_height / 2.0
    );
    svg.push_str("</svg>\n");
    svg
}

fn render_sheet(out: &mut String, audit: &Audit, sheet: &Sheet) {
    let _ = writeln!(out, "<section class=\"sheet\" id=\"sheet-{}\">", sheet.number);
    let _ = writeln!(out, "<h1>{}</h1>", escape(&audit.titles.sheet));
    out.push_str("<table class=\"meta\"><tbody>\n");
    let rows = super::meta_rows(audit, sheet);
    for (label, value) in rows {
        let _ = writeln!(out, "<tr><th>{label}</th><td>{}</td></tr>", escape(&value));
    }
    out.push_str("</tbody></table>\n");

    let _ = writeln!(
        out,
        "<h2>得分</h2>\n<p><span class=\"score\">{}</span>分　等级：<b>{}</b></p>\n<p>结论：<b class=\"{}\">{}</b>　错误{} · 警告{} · 提示{}　差错率{:.1}‱（{}处语言差错 / {}字）</p>",
        points(sheet.score),
        escape(&sheet.grade_explained),
        if sheet.passed { "ok" } else { "no" },
        escape(&sheet.verdict),
        sheet.counts.errors,
        sheet.counts.warnings,
        sheet.counts.infos,
        sheet.error_rate(),
        sheet.language_errors,
        sheet.chars
    );
    out.push_str("<table class=\"groups\"><thead><tr><th>评分项</th><th>分值</th><th>扣分</th><th>得分</th></tr></thead><tbody>\n");
    for group in &sheet.groups {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&group.label),
            points(group.points),
            points(group.lost),
            points(group.points - group.lost)
        );
    }
    out.push_str("</tbody></table>\n");

    out.push_str("<h2>必备要素</h2>\n");
    out.push_str(concat!(
        "<table class=\"elements\"><colgroup><col style=\"width:6%\"><col style=\"width:18%\">",
        "<col style=\"width:14%\"><col style=\"width:30%\"><col style=\"width:32%\"></colgroup>\n",
        "<thead><tr><th></th><th>要素</th><th>情况</th><th>所在位置</th><th>依据</th></tr></thead><tbody>\n"
    ));
    for element in &sheet.elements {
        let class = element.shown.class();
        let mut place = String::new();
        if let Some(heading) = &element.heading {
            place.push_str(&escape(heading));
        } else if let Some(words) = element.evidence.as_ref() {
            let _ = write!(place, "“{}”", escape(words));
        }
        if let Some(location) = &element.location {
            let _ = write!(place, "<br><span class=\"small\">{}</span>", escape(location));
        }
        let _ = writeln!(
            out,
            "<tr class=\"element\" data-key=\"{}\" data-status=\"{}\"><td class=\"mark {class}\">{}</td><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td class=\"basis\">{}</td></tr>",
            escape(&element.key),
            status_key(element.status),
            element.mark(),
            escape(&element.label),
            escape(&element.status_label()),
            if place.is_empty() { "—".to_string() } else { place },
            escape(&element.basis)
        );
    }
    out.push_str(&format!("</tbody></table>\n<p class=\"small\">{LEGEND}</p>\n"));

    let n_findings: usize = sheet.sections.iter().map(|s| s.findings.len()).sum();
    let _ = writeln!(out, "<h2>问题（{n_findings}处）</h2>");
    if n_findings == 0 {
        out.push_str("<p>没有发现问题。</p>\n");
    }
    for group in &sheet.sections {
        let _ = writeln!(out, "<h3>{}（{}处）</h3>", escape(&group.label), group.findings.len());
        for finding in &group.findings {
            finding_block(out, finding, None);
        }
    }
    if let Some(previous) = &sheet.previous {
        let _ = writeln!(out, "<h2>与上一年度报告对比</h2>\n<p>{}</p>", escape(&previous.heading()));
        if !previous.lines.is_empty() {
            out.push_str("<ul class=\"previous\">\n");
            for line in &previous.lines {
                let _ = writeln!(out, "<li>{}</li>", escape(line));
            }
            out.push_str("</ul>\n");
        }
    }
    if !sheet.waived.is_empty() {
        let _ = writeln!(out, "<h2>已豁免（{}处）</h2>", sheet.waived.len());
        for waived in &sheet.waived {
            let reason = match &waived.reason {
                Some(reason) => format!("豁免理由：{}（{}）", escape(reason), waived.by),
                None => format!("豁免理由：未写明（{}）", waived.by),
            };
            finding_block(out, &waived.finding, Some(&reason));
        }
    }
    legend(out, sheet);
    if !sheet.notes.is_empty() {
        out.push_str("<h2>未检查的部分</h2>\n<ul>\n");
        for note in &sheet.notes {
            let _ = writeln!(out, "<li>{}</li>", escape(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(concat!(
        "<div class=\"review\"><h2>审核意见</h2>\n<p style=\"min-height:18mm\"></p>\n",
        "<table class=\"sign\"><tr><td>审核人（签名）：<span class=\"line\"></span></td>",
        "<td>日期：<span class=\"line\"></span></td></tr></table></div>\n</section>\n"
    ));
}

fn finding_block(out: &mut String, finding: &FindingLine, waived: Option<&str>) {
    let severity_class = match finding.severity {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    };
    let _ = writeln!(
        out,
        "<div class=\"finding\" data-rule=\"{}\"><p><span class=\"{severity_class}\">［{}］</span> <b>{}</b></p>",
        escape(&finding.rule),
        finding.severity.label(),
        escape(&finding.message)
    );
    let _ = writeln!(out, "<p class=\"quote\">{}</p>", highlighted(&finding.context));
    if !finding.also.is_empty() {
        let places: Vec<String> = finding
            .also
            .iter()
            .map(|o| format!("{}“{}”", escape(&o.location(finding.line)), highlighted(&o.context)))
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"also\">共{}处，另外{}处：{}</p>",
            finding.places(),
            finding.also.len(),
            places.join("；")
        );
    }
    let _ = writeln!(out, "<p>怎么改：{}</p>", escape(&finding.advice()));
    let _ = writeln!(
        out,
        "<p class=\"small\">{}　规则 {} {}</p>",
        escape(&finding.location()),
        escape(&finding.rule),
        escape(&finding.rule_name)
    );
    if let Some(reason) = waived {
        let _ = writeln!(out, "<p class=\"small\">{reason}</p>");
    }
    out.push_str("</div>\n");
}

fn legend(out: &mut String, sheet: &Sheet) {
    if sheet.legend.is_empty() {
        return;
    }
    out.push_str(concat!(
        "<h2>规则说明</h2>\n<table class=\"legend\"><colgroup><col style=\"width:22%\"><col style=\"width:8%\">",
        "<col style=\"width:70%\"></colgroup>\n<thead><tr><th>规则</th><th>处数</th><th>怎么改</th></tr></thead><tbody>\n"
    ));
    for entry in &sheet.legend {
        let _ = writeln!(
            out,
            "<tr data-rule=\"{}\"><td>{}<br><span class=\"small\">{}</span></td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&entry.rule),
            escape(&entry.name),
            escape(&entry.rule),
            entry.findings,
            escape(&entry.help)
        );
    }
    out.push_str("</tbody></table>\n");
}

/// The sentence with the problem in `<mark>`; a missing part is marked where it belongs.
fn highlighted(context: &Context) -> String {
    let hit = if context.hit.is_empty() {
        "<mark class=\"missing\">［此处缺少］</mark>".to_string()
    } else {
        format!("<mark>{}</mark>", escape(&context.hit))
    };
    format!("{}{hit}{}", escape(&context.before), escape(&context.after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(escape("a\u{0B}b"), "a\u{FFFD}b");
    }

    #[test]
    fn missing_text_is_marked_where_it_belongs() {
        let context = Context { before: "甲".into(), hit: String::new(), after: "<乙>".into() };
        assert_eq!(highlighted(&context), "甲<mark class=\"missing\">［此处缺少］</mark>&lt;乙&gt;");
    }
}
