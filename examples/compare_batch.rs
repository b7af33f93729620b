//! Measures the batch near-duplicate search (`fazhi::compare`) on synthetic batches: `cargo run
//! --release --example compare_batch -- 100 1000 10000`. Each report is made of sentences drawn
//! from the seed reports in its own random order with its own numbers, so unrelated reports
//! share topics and stock phrases but not their text; every tenth report gets a planted copy
//! (another issuer, a few sentences dropped and the numbers changed). Prints, per size, the time
//! of normalising, sketching and searching, and the recall and extra pairs of the planted set.

use std::io::Write;
use std::time::Instant;

use fazhi::compare::{batch_boilerplate, near_duplicates, normalize, sketch, sketch_batch};

fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

fn main() {
    let mut out = std::io::stdout().lock();
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let mut sentences = Vec::new();
    for entry in std::fs::read_dir("fixtures/seeds").expect("fixtures/seeds") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("seed");
            sentences.extend(text.split_inclusive('。').map(str::to_owned));
        }
    }
    for n in sizes {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ n as u64;
        let started = Instant::now();
        let mut texts = Vec::with_capacity(n);
        let mut planted = Vec::new();
        while texts.len() < n {
            let mut text = String::new();
            for _ in 0..120 {
                let s = &sentences[(next(&mut state) % sentences.len() as u64) as usize];
                text.push_str(s);
                text.push_str(&format!("共{}件。", next(&mut state) % 1000));
            }
            if texts.len() % 10 == 0 && texts.len() + 1 < n {
                let copy: String = text
                    .split_inclusive('。')
                    .filter(|_| !next(&mut state).is_multiple_of(10))
                    .map(|s| s.replace('1', "7"))
                    .collect();
                planted.push((texts.len(), texts.len() + 1));
                texts.push(text);
                texts.push(copy);
            } else {
                texts.push(text);
            }
        }
        let made = started.elapsed();
        let started = Instant::now();
        let reports: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| (Some(format!("单位{i}")), sketch::shingles(&normalize(t, 0).chars)))
            .collect();
        let boilerplate = batch_boilerplate(&reports, (n / 20).max(3));
        let sketches = sketch_batch(reports, &boilerplate);
        let pairs = near_duplicates(&sketches, 0.5);
        let took = started.elapsed();
        let found: std::collections::HashSet<_> = pairs.iter().map(|p| (p.a, p.b)).collect();
        let hits = planted.iter().filter(|p| found.contains(p)).count();
        let _ = writeln!(
            out,
            "{n} reports: {:.2} s (texts made in {:.2} s), planted pairs {hits}/{}, other pairs {}",
            took.as_secs_f64(),
            made.as_secs_f64(),
            planted.len(),
            found.len() - hits
        );
    }
}
