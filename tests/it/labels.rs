//! The labelled reports (the five real seeds and the variant corpus derived from them): element
//! statuses, labelled defects on their lines, no finding on the correct "probe" text, title,
//! issuer and year. A labelled defect is required only once a rule that reports it exists.

use std::path::Path;

use fazhi::engine::{ReadOptions, check_file};
use fazhi::finding::Severity;
use fazhi::rules::RuleSet;
use fazhi::rules::elements::ElementStatus;

use super::fixture;

/// Defect kinds of the labels and the rules that report them (as in shared/tools/check-labels.py).
const ACCEPT: &[(&str, &[&str])] = &[
    ("template-placeholder", &["content/template-placeholder"]),
    ("contains-request", &["content/contains-request"]),
    ("plan-year", &["meta/report-year"]),
    ("outdated-citation", &["term/outdated"]),
    ("canonical-name", &["term/canonical-name", "word/typo"]),
    ("year-abbreviated", &["number/year-abbreviated"]),
    ("typo", &["word/typo"]),
    ("approx-double-marker", &["number/approx-double-marker"]),
    ("date-format", &["meta/date-format"]),
    ("year-range-dash", &["punct/year-range-dash"]),
    ("unbalanced-pair", &["punct/unbalanced-pair"]),
    ("duplicated-word", &["word/duplicated"]),
    ("web-artifact", &["content/web-artifact"]),
    ("conversion-artifact", &["content/web-artifact"]),
    ("cjk-digit-spacing", &["number/cjk-digit-spacing"]),
    ("ordinal-sequence", &["format/ordinal-sequence"]),
    ("heading-numbering", &["format/heading-numbering"]),
    ("date-deadline", &["meta/date-deadline"]),
    ("duplicated-ordinal", &["format/ordinal-sequence"]),
    ("halfwidth-punctuation", &["punct/halfwidth"]),
    ("year-missing-nian", &["number/year-missing-nian"]),
    ("misplaced-yu", &["number/misplaced-yu"]),
    ("mixed-percent-sign", &["number/percent-sign-mixed"]),
    ("shortcomings-thin", &["content/shortcomings-thin"]),
    ("title-no-issuer", &["meta/title-issuer"]),
    ("no-signature-or-date", &["meta/signature"]),
    ("section-order", &["structure/section-order"]),
    ("numbering-continues-across-parents", &["format/ordinal-sequence", "format/heading-numbering"]),
    ("frp-generic", &["content/first-responsible-generic"]),
];

#[derive(Default, Debug)]
struct Tally {
    elements: (usize, usize),
    defects: (usize, usize),
    probes: (usize, usize),
    metadata: (usize, usize),
    unexpected_errors: Vec<String>,
    misses: Vec<String>,
}

fn rate(pair: (usize, usize)) -> f64 {
    if pair.1 == 0 { 1.0 } else { pair.0 as f64 / pair.1 as f64 }
}

fn status_word(status: ElementStatus) -> &'static str {
    match status {
        ElementStatus::Heading => "heading",
        ElementStatus::Embedded => "embedded",
        ElementStatus::Present => "present",
        ElementStatus::Absent => "absent",
    }
}

/// Verified defects the published labels do not list: (report name prefix, rule, text).
fn confirmed_defects() -> Vec<(String, String, Option<String>)> {
    let text = std::fs::read_to_string(fixture("seeds/confirmed-defects.toml")).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["defect"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["report"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d.get("text").and_then(|t| t.as_str()).map(str::to_string),
            )
        })
        .collect()
}

fn score_dir(dir: &Path) -> Tally {
    let (rules, errors) = RuleSet::builtin();
    assert!(errors.is_empty());
    let confirmed = confirmed_defects();
    let mut tally = Tally::default();
    let mut names: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let label: toml::Table =
            toml::from_str(&std::fs::read_to_string(path.with_extension("toml")).unwrap()).unwrap();
        let checked = check_file(path, &ReadOptions::default(), &rules).unwrap();
        let source = &checked.document.source;
        let line_of = |offset: usize| source.position(offset).line;
        let mut absent_elements = Vec::new();
        for (key, want) in label.get("elements").and_then(|v| v.as_table()).into_iter().flatten() {
            let want = want.as_str().unwrap();
            let got = checked.elements.get(key).map_or("missing", |e| status_word(e.status));
            tally.elements.1 += 1;
            if want == "weak" || want == got {
                tally.elements.0 += 1;
            } else {
                tally.misses.push(format!("{name}: element {key}: want {want}, got {got}"));
            }
            if want == "absent" {
                absent_elements.push(key.replace('_', "-"));
            }
        }
        let mut labelled_lines: Vec<(usize, &str)> = Vec::new();
        for defect in label.get("defect").and_then(|v| v.as_array()).into_iter().flatten() {
            let kind = defect["kind"].as_str().unwrap();
            let Some((_, accepted)) = ACCEPT.iter().find(|(k, _)| *k == kind) else { continue };
            let line = defect.get("line").and_then(toml::Value::as_integer).map(|l| l as usize);
            for rule in *accepted {
                labelled_lines.push((line.unwrap_or(0), rule));
            }
            if !accepted.iter().any(|r| rules.get(r).is_some()) {
                continue;
            }
            tally.defects.1 += 1;
            let hit = checked.findings.iter().any(|f| {
                accepted.contains(&&*f.rule)
                    && line.is_none_or(|l| line_of(f.span.start) <= l && l <= line_of(f.span.end.max(f.span.start)))
            });
            if hit {
                tally.defects.0 += 1;
            } else {
                tally.misses.push(format!("{name}: defect {kind} line {line:?} not reported"));
            }
        }
        for probe in label.get("probe").and_then(|v| v.as_array()).into_iter().flatten() {
            let line = probe["line"].as_integer().unwrap() as usize;
            let text = probe["text"].as_str().unwrap();
            let only: Vec<&str> = probe
                .get("rules")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
                .unwrap_or_default();
            tally.probes.1 += 1;
            let bad: Vec<&str> = checked
                .findings
                .iter()
                .filter(|f| line_of(f.span.start) == line && !f.span.is_empty() && text.contains(source.slice(f.span)))
                .filter(|f| only.is_empty() || only.contains(&&*f.rule))
                .map(|f| &*f.rule)
                .collect();
            if bad.is_empty() {
                tally.probes.0 += 1;
            } else {
                tally.misses.push(format!("{name}: finding on correct text {text:?}: {bad:?}"));
            }
        }
        for key in ["title", "issuer", "report_year"] {
            let Some(want) = label.get(key) else { continue };
            let doc = &checked.document;
            let got = match key {
                "title" => doc.title_text().map(toml::Value::String),
                "issuer" => {
                    doc.title.as_ref().and_then(|t| t.issuer).map(|s| toml::Value::String(doc.text(s).to_string()))
                }
                _ => doc.report_year.map(|y| toml::Value::Integer(y.year.into())),
            };
            if key == "report_year" && label.get("title").is_none() {
                continue;
            }
            tally.metadata.1 += 1;
            if got.as_ref() == Some(want) {
                tally.metadata.0 += 1;
            } else {
                tally.misses.push(format!("{name}: {key}: want {want}, got {got:?}"));
            }
        }
        if label.get("title").is_some() && label.get("issuer").is_none() {
            tally.metadata.1 += 1;
            if checked.document.title.as_ref().and_then(|t| t.issuer).is_none() {
                tally.metadata.0 += 1;
            } else {
                tally.misses.push(format!("{name}: issuer found where the title has none"));
            }
        }
        // No error on correct text: every error must be a labelled defect or a labelled absence.
        for f in checked.findings.iter().filter(|f| f.severity == Severity::Error) {
            let line = line_of(f.span.start);
            let labelled = labelled_lines.iter().any(|(l, r)| *r == &*f.rule && (*l == 0 || *l == line));
            let absent = f.rule.strip_prefix("structure/").is_some_and(|el| absent_elements.iter().any(|a| a == el));
            let flagged = source.slice(f.span);
            let known = confirmed.iter().any(|(report, rule, text)| {
                name.starts_with(report.as_str())
                    && *rule == *f.rule
                    && text.as_ref().is_none_or(|t| t.contains(flagged) || flagged.contains(t.as_str()))
            });
            if !labelled && !absent && !known {
                tally.unexpected_errors.push(format!("{name}: L{line} {} {}", f.rule, f.message));
            }
        }
    }
    tally
}

fn assert_tally(tally: &Tally, min_elements: f64, min_defects: f64) {
    let summary = format!(
        "elements {:?} defects {:?} probes {:?} metadata {:?}\n{}\nunexpected errors:\n{}",
        tally.elements,
        tally.defects,
        tally.probes,
        tally.metadata,
        tally.misses.join("\n"),
        tally.unexpected_errors.join("\n")
    );
    assert!(rate(tally.elements) >= min_elements, "{summary}");
    assert!(rate(tally.defects) >= min_defects, "{summary}");
    assert_eq!(tally.probes.0, tally.probes.1, "{summary}");
    assert_eq!(tally.metadata.0, tally.metadata.1, "{summary}");
    assert!(tally.unexpected_errors.is_empty(), "{summary}");
}

#[test]
fn seeds_match_their_labels_exactly() {
    let tally = score_dir(&fixture("seeds"));
    assert_eq!(tally.elements.1, 30, "five seeds with six elements each");
    assert_tally(&tally, 1.0, 1.0);
}

#[test]
fn variant_corpus_meets_accuracy_targets() {
    let tally = score_dir(&fixture("variants"));
    assert!(tally.elements.1 >= 200, "the variant corpus is in place");
    assert_tally(&tally, 0.97, 0.95);
}

#[test]
fn gbk_copy_reads_like_the_original() {
    let tally = score_dir(&fixture("variants-gbk"));
    assert_tally(&tally, 1.0, 1.0);
    let (rules, _) = RuleSet::builtin();
    let gbk = check_file(&fixture("variants-gbk/hubin-2023-gbk.txt"), &ReadOptions::default(), &rules).unwrap();
    let utf8 = check_file(&fixture("seeds/hubin-2023.txt"), &ReadOptions::default(), &rules).unwrap();
    assert_ne!(gbk.document.source.encoding, "UTF-8");
    let summary = |c: &fazhi::engine::Checked| {
        c.findings.iter().map(|f| (f.rule.to_string(), c.document.source.position(f.span.start))).collect::<Vec<_>>()
    };
    assert_eq!(summary(&gbk), summary(&utf8));
}

#[test]
fn detection_classes_match_their_labels_exactly() {
    let tally = score_dir(&fixture("detection"));
    assert!(tally.elements.1 >= 100 && tally.defects.1 >= 25 && tally.probes.1 >= 15, "{tally:?}");
    assert_tally(&tally, 1.0, 1.0);
}

#[test]
fn an_intention_to_analyse_causes_is_not_an_analysis() {
    let (rules, _) = RuleSet::builtin();
    let checked = check_file(&fixture("detection/causes-intent.txt"), &ReadOptions::default(), &rules).unwrap();
    let causes = checked.elements.get("causes").unwrap();
    assert_ne!(causes.status, ElementStatus::Present);
    assert!(checked.findings.iter().any(|f| &*f.rule == "structure/causes"), "the rule still says it is unsure");
}
