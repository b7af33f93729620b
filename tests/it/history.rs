//! Comparing a report with the same issuer's report of the previous year
//! (`fixtures/history`): the planted copies are found with their places, the rewritten
//! control stays silent.

use std::path::Path;

use fazhi::compare::previous::{PreviousKind, Thresholds, compare_with_previous};
use fazhi::engine::{Checked, ReadOptions, check_file};
use fazhi::rules::RuleSet;

fn checked(name: &str) -> Checked {
    let (rules, errors) = RuleSet::builtin();
    assert!(errors.is_empty());
    check_file(&Path::new("fixtures/history").join(name), &ReadOptions::default(), &rules).unwrap()
}

fn findings(this: &str, previous: &str) -> Vec<(PreviousKind, &'static str, usize, String)> {
    let this = checked(this);
    let previous = checked(previous);
    compare_with_previous(&this, &previous, Thresholds::default())
        .into_iter()
        .map(|f| {
            let other: String = previous.document.text(f.other).chars().take(12).collect();
            (f.kind, f.element, this.document.source.position(f.this.start).line, other)
        })
        .collect()
}

#[test]
fn planted_copies_are_found() {
    use PreviousKind::{Copied, PlanNotFollowed, Repeated, ShortcomingUnrectified};
    let found = findings("hubin-2024.txt", "hubin-2023.txt");
    let want = [
        // 不足 and 原因 copied verbatim, with no word of 整改 or 改进 (line 8 of this report).
        (ShortcomingUnrectified, "shortcomings", 8, "湖滨区法治政府建设工作虽"),
        (ShortcomingUnrectified, "shortcomings", 8, "基层执法力量、执法素质和"),
        (ShortcomingUnrectified, "shortcomings", 8, "法治政府建设创新举措还不"),
        (ShortcomingUnrectified, "shortcomings", 8, "产生这些问题的原因主要是"),
        (ShortcomingUnrectified, "shortcomings", 8, "基层法律专业人才较少，特"),
        // Last year's plan item （四） lightly edited into this year's plan.
        (Copied, "next_year_plan", 10, "（四）创新方式方法，打造"),
        (Copied, "next_year_plan", 10, "严格执法程序，规范执法行"),
        (Copied, "next_year_plan", 10, "围绕社会热点难点问题和社"),
        // An achievement re-dated (2023→2024) with its number changed (300→320).
        (Repeated, "measures_and_results", 5, "（二）统筹推进法治政府建"),
        (Repeated, "measures_and_results", 5, "将法治政府建设与经济社会"),
        (Repeated, "measures_and_results", 5, "2023年组织300余名"),
        // Plan items （二）（三）（四） have no trace in this year's measures; （一） is quoted and
        // followed up there, and that quote is not a copy.
        (PlanNotFollowed, "next_year_plan", 3, "（二）发挥示范引领，深入"),
        (PlanNotFollowed, "next_year_plan", 3, "（三）加大工作力度，推动"),
        (PlanNotFollowed, "next_year_plan", 3, "（四）创新方式方法，打造"),
    ];
    let want: Vec<_> = want.iter().map(|(k, e, l, t)| (*k, *e, *l, (*t).to_owned())).collect();
    assert_eq!(found, want);
}

#[test]
fn rewritten_control_gives_no_copy_finding() {
    let found = findings("hubin-2024-control.txt", "hubin-2023.txt");
    // No copy of any kind; all four plan items of last year are reported as not followed up,
    // since the control's measures share topics but no wording with them.
    let kinds: Vec<_> = found.iter().map(|f| f.0).collect();
    assert_eq!(kinds, vec![PreviousKind::PlanNotFollowed; 4], "{found:?}");
}

/// The normalised shingles of a seed report, with a few words changed when `edit` is set.
fn seed_shingles(name: &str, edit: bool) -> Vec<u64> {
    let mut text = std::fs::read_to_string(Path::new("fixtures/seeds").join(name)).unwrap();
    if edit {
        text = text.replacen("法治政府", "依法行政", 3).replace("2022", "2023");
    }
    fazhi::compare::sketch::shingles(&fazhi::compare::normalize(&text, 0).chars)
}

#[test]
fn planted_near_duplicate_is_the_only_similar_pair_of_the_batch() {
    use fazhi::compare::{batch_boilerplate, near_duplicates, sketch_batch};
    let names = ["huangshui-2023.txt", "hubin-2023.txt", "huiji-2022.txt", "qianjin-2023.txt", "shennongjia-2024.txt"];
    let mut reports: Vec<_> = names.iter().map(|n| (Some((*n).to_owned()), seed_shingles(n, false))).collect();
    // A different issuer's report made from huiji's by changing a few words and the year.
    reports.push((Some("planted".to_owned()), seed_shingles("huiji-2022.txt", true)));
    let boilerplate = batch_boilerplate(&reports, 3);
    let pairs = near_duplicates(&sketch_batch(reports, &boilerplate), 0.5);
    let found: Vec<_> = pairs.iter().map(|p| (p.a, p.b)).collect();
    assert_eq!(found, vec![(2, 5)], "{pairs:?}");
    assert!(pairs[0].similarity > 0.9, "{pairs:?}");
}
