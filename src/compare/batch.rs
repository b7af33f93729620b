//! Near-copies across a batch: every report of a run against every other, in time that grows
//! with the number of reports. Each report's sentences are cut into shingles; shingles that many
//! issuers of the batch write (the opening 坚持以习近平新时代… every report has) are boilerplate
//! and dropped; one min-hash signature per report and LSH banding give the candidate pairs; only
//! those are compared sentence by sentence, which gives the share of shared text and the
//! longest shared passages.
//!
//! Memory stays small: no report's shingles outlive its own step. The boilerplate count is a
//! fixed table of counters, the signatures are 128 numbers a report, and sentences are cut
//! again only for the reports of a candidate pair.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use super::{Unit, UnitMatch, compare_units, normalize, sketch, units};
use crate::document::Document;
use crate::source::Span;

/// Parameters of the batch search (the `compare/similar` rule's `[params]`).
#[derive(Debug, Clone)]
pub struct BatchParams {
    /// A pair is reported when at least this share of one report's text (its sentences, by
    /// normalised characters, boilerplate left out) is in the other.
    pub share: f64,
    /// A sentence is part of a shared passage when at least this share of it is in the other.
    pub unit_share: f64,
    /// A shingle written by at least this many issuers is boilerplate (a floor for small batches).
    pub boilerplate_issuers: usize,
    /// … or by at least this share of the batch's issuers, when that is more.
    pub boilerplate_share: f64,
    /// Phrases that are boilerplate whatever the batch (normalised like the reports).
    pub boilerplate: Vec<String>,
    /// The longest passages kept per pair.
    pub passages: usize,
}

impl Default for BatchParams {
    fn default() -> Self {
        Self {
            share: 0.5,
            unit_share: 0.5,
            boilerplate_issuers: 5,
            boilerplate_share: 0.05,
            boilerplate: Vec::new(),
            passages: 3,
        }
    }
}

/// A report of the batch as the search sees it.
#[derive(Debug, Clone, Copy)]
pub struct BatchReport<'a> {
    /// The parsed report.
    pub document: &'a Document,
    /// Who issued it, white space removed (`None`: not written; such a report counts as an
    /// issuer of its own for the boilerplate, and is no one's near-copy).
    pub issuer: Option<&'a str>,
}

/// A passage of one report found in the other: consecutive sentences of the first report whose
/// matches are consecutive in the second (items may be swapped within it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// The passage in the first report of the pair.
    pub a: Span,
    /// Where it is in the second report.
    pub b: Span,
    /// Its normalised characters in the first report.
    pub chars: usize,
}

/// Two reports of different issuers sharing most of their text.
#[derive(Debug, Clone, PartialEq)]
pub struct NearCopy {
    /// Index of the first report (the smaller index).
    pub a: usize,
    /// Index of the second report.
    pub b: usize,
    /// Share of the first report's text found in the second.
    pub share_a: f64,
    /// Share of the second report's text found in the first.
    pub share_b: f64,
    /// The longest shared passages, longest first, spans in the first report.
    pub passages_a: Vec<Passage>,
    /// The same passages seen from the second report (spans `a` in the second report).
    pub passages_b: Vec<Passage>,
}

/// A near-copy as the outputs show it (the JSON `comparisons` section, the audit summary):
/// owned, with files, lines and quotes, so it outlives the parsed reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The two files as the user names them.
    pub files: [String; 2],
    /// Their issuers, when written.
    pub issuers: [Option<String>; 2],
    /// Their report years, when written.
    pub years: [Option<i32>; 2],
    /// Share of each report's text found in the other.
    pub shares: [f64; 2],
    /// The longest shared passages, longest first.
    pub passages: Vec<SharedPassage>,
}

/// One shared passage, in both reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedPassage {
    /// Normalised characters of the passage in the first report.
    pub chars: usize,
    /// Where it is in the first and in the second report.
    pub places: [PassagePlace; 2],
}

/// Where a passage is in one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassagePlace {
    /// Byte span in the report's extracted text.
    pub span: Span,
    /// First and last line (1-based).
    pub lines: (usize, usize),
    /// The passage's text.
    pub text: String,
}

impl PassagePlace {
    /// The place of `span` in `document`.
    #[must_use]
    pub fn of(document: &Document, span: Span) -> Self {
        let source = &document.source;
        let lines = (source.position(span.start).line, source.position(span.end).line);
        Self { span, lines, text: document.text(span).to_owned() }
    }
}

/// What the search did, for the benchmark and the documentation of its cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// The issuer count from which a shingle is boilerplate.
    pub boilerplate_threshold: usize,
    /// Pairs LSH proposed.
    pub candidates: usize,
    /// Pairs compared sentence by sentence.
    pub compared: usize,
}

/// Candidate pairs whose estimated similarity of kept shingles is below this are not compared
/// sentence by sentence: a pair sharing half of one report shares at least a third of the
/// union when the reports are of like length, and LSH lets pairs far below that through.
const MIN_ESTIMATE: f64 = 0.2;

/// The near-copies of the batch, with what the search did.
#[must_use]
pub fn near_copies(reports: &[BatchReport<'_>], params: &BatchParams) -> (Vec<NearCopy>, BatchStats) {
    let mut stats = BatchStats::default();
    if reports.len() < 2 {
        return (Vec::new(), stats);
    }
    let listed = listed_shingles(&params.boilerplate);
    let counts = issuer_counts(reports);
    let n_issuers = counts.issuers;
    let threshold =
        ((params.boilerplate_share * n_issuers as f64).ceil() as usize).max(params.boilerplate_issuers).max(2);
    stats.boilerplate_threshold = threshold;
    let is_boilerplate = |s: u64| counts.at_least(s, threshold) || listed.binary_search(&s).is_ok();
    let signatures: Vec<Vec<u64>> = reports
        .par_iter()
        .map(|r| {
            let mut kept = report_shingles(r.document);
            kept.retain(|s| !is_boilerplate(*s));
            sketch::one_permutation_signature(&kept)
        })
        .collect();
    let candidates: Vec<(usize, usize)> = sketch::candidate_pairs(&signatures)
        .into_iter()
        // Only reports that both name their issuer, and not the same one, are near-copies of
        // each other: two files of one report (a .docx and its PDF) name none, and the same
        // issuer's other years are the previous-year comparison's.
        .filter(|(a, b)| reports[*a].issuer.is_some() && reports[*b].issuer.is_some())
        .filter(|(a, b)| reports[*a].issuer != reports[*b].issuer)
        .collect();
    stats.candidates = candidates.len();
    let candidates: Vec<(usize, usize)> = candidates
        .into_iter()
        .filter(|(a, b)| sketch::estimate(&signatures[*a], &signatures[*b]) >= MIN_ESTIMATE)
        .collect();
    stats.compared = candidates.len();
    drop(signatures);
    let involved: HashSet<usize> = candidates.iter().flat_map(|(a, b)| [*a, *b]).collect();
    let involved: Vec<usize> = involved.into_iter().collect();
    let cut: HashMap<usize, Vec<Unit>> =
        involved.par_iter().map(|idx| (*idx, kept_units(reports[*idx].document, &is_boilerplate))).collect();
    let mut found: Vec<NearCopy> = candidates
        .par_iter()
        .filter_map(|(a, b)| compare_pair(*a, *b, &cut[a], &cut[b], params, &is_boilerplate))
        .collect();
    found.sort_by_key(|p| (p.a, p.b));
    (found, stats)
}

/// The shingles of the listed boilerplate phrases, sorted (a few hundred: a binary search is
/// cheaper than hashing each shingle of the batch).
fn listed_shingles(phrases: &[String]) -> Vec<u64> {
    let mut all: Vec<u64> = phrases.iter().flat_map(|p| sketch::shingles(&normalize(p, 0).chars)).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Every shingle of a report's body, sorted and deduplicated.
fn report_shingles(document: &Document) -> Vec<u64> {
    let body = document.body;
    let mut all: Vec<u64> = units(document.text(body), body.start).into_iter().flat_map(|u| u.shingles).collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// The sentences of a report's body with boilerplate shingles removed; a sentence that is
/// mostly boilerplate is left out whole.
fn kept_units(document: &Document, is_boilerplate: &(dyn Fn(u64) -> bool + Sync)) -> Vec<Unit> {
    let body = document.body;
    units(document.text(body), body.start)
        .into_iter()
        .filter_map(|mut unit| {
            let before = unit.shingles.len();
            unit.shingles.retain(|s| !is_boilerplate(*s));
            (unit.shingles.len() * 2 > before).then_some(unit)
        })
        .collect()
}

/// How many issuers of the batch write each shingle, approximately: one row of counters, each
/// shingle counted once per issuer in the slot its hash picks. Collisions only raise a count,
/// so a rare shingle may be taken for boilerplate (one in a few hundred, with the table several
/// times larger than the batch's boilerplate) but boilerplate is never missed. One row rather
/// than the two of a count-min sketch halves the cache misses, which are most of the search's
/// time.
struct IssuerCounts {
    row: Vec<AtomicU32>,
    mask: u64,
    issuers: usize,
}

impl IssuerCounts {
    fn at_least(&self, shingle: u64, threshold: usize) -> bool {
        self.row[self.slot(shingle)].load(Ordering::Relaxed) as usize >= threshold
    }

    fn slot(&self, shingle: u64) -> usize {
        (shingle & self.mask) as usize
    }
}

/// Counts, for every shingle, the issuers writing it (the reports of one issuer together count
/// once, so an issuer's several years do not make its own text boilerplate).
fn issuer_counts(reports: &[BatchReport<'_>]) -> IssuerCounts {
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut alone = Vec::new();
    for (idx, report) in reports.iter().enumerate() {
        match report.issuer {
            Some(issuer) => groups.entry(issuer).or_default().push(idx),
            None => alone.push(vec![idx]),
        }
    }
    let groups: Vec<Vec<usize>> = groups.into_values().chain(alone).collect();
    // About 4,000 shingles a report: up to 2²³ counters (32 MB), four times the shingles of a
    // batch of 500. In a batch of 10,000 a slot holds about five shingles, each of one or two
    // issuers: far below the threshold of 5% of the issuers.
    let slots = (reports.len() * 16_384).next_power_of_two().clamp(1 << 16, 1 << 23);
    let row = (0..slots).map(|_| AtomicU32::new(0)).collect::<Vec<_>>();
    let counts = IssuerCounts { row, mask: slots as u64 - 1, issuers: groups.len() };
    groups.par_iter().for_each(|members| {
        let mut shingles: Vec<u64> = members.iter().flat_map(|idx| report_shingles(reports[*idx].document)).collect();
        if members.len() > 1 {
            shingles.sort_unstable();
            shingles.dedup();
        }
        for s in shingles {
            counts.row[counts.slot(s)].fetch_add(1, Ordering::Relaxed);
        }
    });
    counts
}

/// Compares two reports; `Some` when at least `params.share` of one is in the other.
fn compare_pair(
    a: usize,
    b: usize,
    units_a: &[Unit],
    units_b: &[Unit],
    params: &BatchParams,
    is_boilerplate: &(dyn Fn(u64) -> bool + Sync),
) -> Option<NearCopy> {
    let (share_a, covered_a) = coverage(units_a, units_b, is_boilerplate);
    let (share_b, covered_b) = coverage(units_b, units_a, is_boilerplate);
    if share_a.max(share_b) < params.share {
        return None;
    }
    Some(NearCopy {
        a,
        b,
        share_a,
        share_b,
        passages_a: passages(units_a, units_b, &covered_a, params),
        passages_b: passages(units_b, units_a, &covered_b, params),
    })
}

/// The share of `this` text in `other`, by characters: a character of `this` counts when a
/// shingle over it is not boilerplate, and is shared when such a shingle is also in `other`.
/// Counting characters rather than whole sentences keeps a copy whose sentences were cut
/// differently (a comma made a semicolon) or had a word changed at its full share. Also gives
/// each unit's own shared share.
fn coverage(this: &[Unit], other: &[Unit], is_boilerplate: &(dyn Fn(u64) -> bool + Sync)) -> (f64, Vec<f64>) {
    let theirs: HashSet<u64> = other.iter().flat_map(|u| u.shingles.iter().copied()).collect();
    let (mut counted_total, mut shared_total) = (0usize, 0usize);
    let mut per_unit = Vec::with_capacity(this.len());
    for unit in this {
        let n = unit.normalized.len();
        let (mut counted, mut shared) = (vec![false; n], vec![false; n]);
        for (i, h) in sketch::window_hashes(&unit.normalized.chars).enumerate() {
            if is_boilerplate(h) {
                continue;
            }
            let end = (i + sketch::SHINGLE_CHARS).min(n);
            counted[i..end].iter_mut().for_each(|c| *c = true);
            if theirs.contains(&h) {
                shared[i..end].iter_mut().for_each(|c| *c = true);
            }
        }
        let (c, s) = (counted.iter().filter(|x| **x).count(), shared.iter().filter(|x| **x).count());
        counted_total += c;
        shared_total += s;
        per_unit.push(if c == 0 { 0.0 } else { s as f64 / c as f64 });
    }
    let share = if counted_total == 0 { 0.0 } else { shared_total as f64 / counted_total as f64 };
    (share, per_unit)
}

/// The shared passages of `this`: runs of consecutive units at least `params.unit_share`
/// shared, each placed in `other` at the units most like them (while those stay near each
/// other, so swapped 一是/二是 items stay one passage); the `params.passages` longest.
fn passages(this: &[Unit], other: &[Unit], covered: &[f64], params: &BatchParams) -> Vec<Passage> {
    let none: &dyn Fn(&Unit) -> bool = &|_| false;
    let best = compare_units(this, other, f64::MIN_POSITIVE, none);
    let partner: HashMap<Span, &UnitMatch> = best.matches.iter().map(|m| (m.this, m)).collect();
    let index_of: HashMap<Span, usize> = other.iter().enumerate().map(|(idx, u)| (u.span, idx)).collect();
    let mut out: Vec<(Passage, usize, usize)> = Vec::new();
    for (i, unit) in this.iter().enumerate() {
        if covered[i] < params.unit_share {
            continue;
        }
        let Some(m) = partner.get(&unit.span) else { continue };
        let j = index_of.get(&m.other).copied().unwrap_or(usize::MAX);
        let chars = unit.normalized.len();
        if let Some((last, last_i, last_j)) = out.last_mut()
            && i == *last_i + 1
            && j.abs_diff(*last_j) <= 3
        {
            last.a.end = unit.span.end;
            last.b = Span::new(last.b.start.min(m.other.start), last.b.end.max(m.other.end));
            last.chars += chars;
            *last_i = i;
            *last_j = j;
            continue;
        }
        out.push((Passage { a: unit.span, b: m.other, chars }, i, j));
    }
    let mut out: Vec<Passage> = out.into_iter().map(|(p, _, _)| p).collect();
    out.sort_by(|x, y| y.chars.cmp(&x.chars).then(x.a.start.cmp(&y.a.start)));
    out.truncate(params.passages);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{DocumentHints, TextMarkup, parse};
    use crate::source::SourceFile;

    fn doc(text: &str) -> Document {
        parse(SourceFile::from_text("t", text), TextMarkup::Text, &DocumentHints::default())
    }

    const OPENING: &str = "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面落实党中央、国务院关于法治政府建设的决策部署。";

    fn report(issuer: &str, body: &str) -> String {
        format!("{issuer}关于2024年法治政府建设情况的报告\n{OPENING}\n{body}\n特此报告。\n")
    }

    const COPY: &str = "一是全面推行行政执法公示制度，在门户网站集中公开执法主体、权限和依据。二是落实执法全过程记录制度，为一线执法人员配备执法记录仪一百二十台。三是严格重大执法决定法制审核，全年审核重大执法决定四十六件。";

    fn others() -> Vec<String> {
        [
            "持续优化营商环境，推行证明事项告知承诺制，全年取消证明材料十八项。",
            "完善行政复议体制，推动复议案件繁简分流，办结复议案件两百件。",
            "加强法治文化阵地建设，在各街道建成法治文化公园，开展宪法宣传周活动。",
            "推进基层合法性审查全覆盖，乡镇合法性审查目录清单全部公布。",
            "开展行政规范性文件清理，废止和修改文件三十余件，公布现行有效目录。",
        ]
        .iter()
        .enumerate()
        .map(|(i, b)| report(&format!("丁{i}县人民政府"), b))
        .collect()
    }

    #[test]
    fn a_copy_under_another_issuer_is_found_with_its_passage() {
        let swapped = "一是落实执法全过程记录制度，为一线执法人员配备执法记录仪九十台；二是全面推行行政执法公示制度，在政府门户网站集中公开执法主体、权限和依据。三是严格重大执法决定法制审核，全年审核重大执法决定五十件。";
        let mut texts = vec![report("甲县人民政府", COPY), report("乙县人民政府", swapped)];
        texts.extend(others());
        let docs: Vec<Document> = texts.iter().map(|t| doc(t)).collect();
        let issuers = ["甲县人民政府", "乙县人民政府", "丁0", "丁1", "丁2", "丁3", "丁4"];
        let reports: Vec<BatchReport> =
            docs.iter().zip(issuers).map(|(d, i)| BatchReport { document: d, issuer: Some(i) }).collect();
        let (found, stats) = near_copies(&reports, &BatchParams::default());
        assert_eq!(found.len(), 1, "{found:?} {stats:?}");
        let pair = &found[0];
        assert_eq!((pair.a, pair.b), (0, 1));
        assert!(pair.share_a > 0.9 && pair.share_b > 0.9, "{pair:?}");
        let longest = pair.passages_a[0];
        assert!(docs[0].text(longest.a).starts_with("一是全面推行行政执法公示制度"), "{}", docs[0].text(longest.a));
        assert!(docs[1].text(longest.b).contains("全面推行行政执法公示制度"));
    }

    #[test]
    fn boilerplate_alone_and_the_same_issuer_are_not_near_copies() {
        let texts = others();
        let mut docs: Vec<Document> = texts.iter().map(|t| doc(t)).collect();
        docs.push(doc(&report("甲县人民政府", COPY)));
        docs.push(doc(&report("甲县人民政府", COPY).replace("2024", "2023")));
        let issuers = ["丁0", "丁1", "丁2", "丁3", "丁4", "甲", "甲"];
        let reports: Vec<BatchReport> =
            docs.iter().zip(issuers).map(|(d, i)| BatchReport { document: d, issuer: Some(i) }).collect();
        let params = BatchParams { boilerplate: vec!["特此报告".to_owned()], ..BatchParams::default() };
        let (found, _) = near_copies(&reports, &params);
        assert!(found.is_empty(), "{found:?}");
    }
}
