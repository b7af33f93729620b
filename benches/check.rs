//! Throughput of the whole default pack on the real seed reports, in-process: read from memory,
//! parse, detect elements, run every rule, score. Run with `cargo bench`. The docx group reads
//! the same reports saved as Word documents (`fixtures/docx/*-styled.docx`), so its MB/s count
//! .docx bytes; it also writes their annotated copies (comments, and comments with tracked
//! fixes) in memory, to hold `annotate` against `check` on the same files. The scaling group
//! checks one seed concatenated 1, 10 and 100 times: its bytes per second must stay flat.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fazhi::document::readers::read_bytes;
use fazhi::document::{TextMarkup, parse};
use fazhi::engine::check_document;
use fazhi::rules::RuleSet;
use fazhi::source::SourceFile;

fn seeds() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("fixtures/seeds exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).expect("seed is UTF-8")))
        .collect();
    out.sort();
    out
}

/// The core pack: the structure, meta and format rules and the three content rules that came
/// before the language and content-quality rules.
fn is_core(id: &str, category: &str) -> bool {
    matches!(category, "structure" | "meta" | "format")
        || matches!(id, "content/template-placeholder" | "content/contains-request" | "content/web-artifact")
}

fn docx_seeds() -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/docx");
    let mut out: Vec<(std::path::PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("fixtures/docx exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_str().is_some_and(|s| s.ends_with("-styled.docx")))
        .map(|p| {
            let bytes = std::fs::read(&p).expect("fixture is readable");
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

fn check_docx(seeds: &[(std::path::PathBuf, Vec<u8>)], rules: &RuleSet) -> usize {
    seeds
        .iter()
        .map(|(path, bytes)| {
            let doc = read_bytes(path, bytes, None, &rules.pack.document).expect("fixture reads");
            check_document(doc, rules, None).findings.len()
        })
        .sum()
}

fn annotate_docx(seeds: &[(std::path::PathBuf, Vec<u8>)], rules: &RuleSet, fix: bool) -> usize {
    let options = fazhi::engine::ReadOptions::default();
    let check = fazhi::annotate::Check {
        rules,
        others: &[],
        options: &options,
        suppressions: &[],
        gate: fazhi::engine::Gate { fail_on: Some(fazhi::finding::Severity::Error), min_score: None },
    };
    let settings = fazhi::annotate::Settings {
        date: Some("2024-03-01T10:00:00Z".to_string()),
        revisions: fix,
        ..fazhi::annotate::Settings::default()
    };
    seeds
        .iter()
        .map(|(path, bytes)| {
            let annotated = fazhi::annotate::annotate_docx(path, bytes, check, &settings).expect("fixture annotates");
            annotated.bytes.map_or(0, |b| b.len())
        })
        .sum()
}

fn check_all(seeds: &[(String, String)], rules: &RuleSet) -> usize {
    let mut n = 0;
    for (name, text) in seeds {
        let doc = parse(SourceFile::from_text(name.as_str(), text.as_str()), TextMarkup::Text, &rules.pack.document);
        n += check_document(doc, rules, None).findings.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let (rules, errors) = RuleSet::builtin();
    assert!(errors.is_empty());
    let (core, _) = RuleSet::builtin();
    let core = core.filtered(|r| is_core(&r.id, &r.category));
    let seeds = seeds();
    let bytes: usize = seeds.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("default-pack");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("five-seeds-check", |b| b.iter(|| check_all(&seeds, &rules)));
    group.bench_function("five-seeds-check-core-rules", |b| b.iter(|| check_all(&seeds, &core)));
    group.bench_function("five-seeds-parse-only", |b| {
        b.iter(|| {
            seeds
                .iter()
                .map(|(name, text)| {
                    parse(SourceFile::from_text(name.as_str(), text.as_str()), TextMarkup::Text, &rules.pack.document)
                        .headings
                        .len()
                })
                .sum::<usize>()
        });
    });
    group.finish();
    let docx = docx_seeds();
    let docx_bytes: usize = docx.iter().map(|(_, b)| b.len()).sum();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Bytes(docx_bytes as u64));
    group.bench_function("five-seeds-check", |b| b.iter(|| check_docx(&docx, &rules)));
    group.bench_function("five-seeds-annotate", |b| b.iter(|| annotate_docx(&docx, &rules, false)));
    group.bench_function("five-seeds-annotate-fix", |b| b.iter(|| annotate_docx(&docx, &rules, true)));
    group.bench_function("five-seeds-read-only", |b| {
        b.iter(|| {
            docx.iter()
                .map(|(p, bytes)| read_bytes(p, bytes, None, &rules.pack.document).expect("fixture reads").lines.len())
                .sum::<usize>()
        });
    });
    group.finish();
    c.bench_function("load-rules", |b| b.iter(|| RuleSet::builtin().0.rules.len()));
    scaling(c, &rules, &seeds[0].1);
}

/// One seed concatenated 1, 10 and 100 times, checked with the default pack: the time per
/// byte must stay flat as the report grows (the structure pass and the rules are linear).
fn scaling(c: &mut Criterion, rules: &RuleSet, seed: &str) {
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for times in [1usize, 10, 100] {
        let text = seed.repeat(times);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("seed-x{times}"), |b| {
            b.iter(|| {
                let doc =
                    parse(SourceFile::from_text("scaled.txt", text.as_str()), TextMarkup::Text, &rules.pack.document);
                check_document(doc, rules, None).findings.len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
