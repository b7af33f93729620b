//! Character shingles, min-hash signatures and LSH banding: the sketches that let a batch of
//! reports be compared in time that grows with the number of reports, not with its square.

use std::collections::{HashMap, HashSet};

/// Length of a shingle in normalised characters. Six characters are about three Chinese words:
/// long enough that two unrelated reports share few of them, short enough that changing one word
/// in ten leaves most shingles of a sentence intact.
pub const SHINGLE_CHARS: usize = 6;

/// Number of hash functions in a signature (bands × rows).
pub const SIGNATURE_LEN: usize = 128;

/// Rows per LSH band: with 32 bands of 4 rows, a pair with Jaccard similarity 0.5 becomes a
/// candidate with probability 1 − (1 − 0.5⁴)³² ≈ 0.9999, a pair at 0.2 with 1 − (1 − 0.2⁴)³² ≈ 0.05.
pub const BAND_ROWS: usize = 4;

/// The 64-bit hash of every shingle of `chars`, deduplicated and sorted.
#[must_use]
pub fn shingles(chars: &[char]) -> Vec<u64> {
    if chars.len() < SHINGLE_CHARS {
        return if chars.is_empty() { Vec::new() } else { vec![hash_chars(chars)] };
    }
    let mut out: Vec<u64> = chars.windows(SHINGLE_CHARS).map(hash_chars).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The hash of each shingle of `chars` in text order (not deduplicated): the `i`-th covers
/// characters `i..i + SHINGLE_CHARS`. Empty when `chars` is shorter than a shingle.
pub fn window_hashes(chars: &[char]) -> impl Iterator<Item = u64> + '_ {
    chars.windows(SHINGLE_CHARS).map(hash_chars)
}

/// FNV-1a over the characters, then a finaliser: stable across runs and platforms, so
/// signatures can be compared between processes.
fn hash_chars(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        for b in (*c as u32).to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    mix(h)
}

/// The splitmix64 finaliser.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The min-hash signature of a set of shingle hashes: for each of the seeded hash functions, the
/// smallest value over the set. Two signatures agree in a position with probability equal to the
/// Jaccard similarity of the sets.
#[must_use]
pub fn signature(shingles: &[u64]) -> Vec<u64> {
    (0..SIGNATURE_LEN)
        .map(|i| {
            let seed = mix(i as u64 + 1);
            shingles.iter().map(|s| mix(s ^ seed)).min().unwrap_or(u64::MAX)
        })
        .collect()
}

/// A one-permutation min-hash signature: each shingle hash goes to one of [`SIGNATURE_LEN`]
/// bins by its top bits and each bin keeps its smallest hash, so the whole signature costs one
/// pass over the shingles instead of one per position ([`signature`]). A bin no shingle fell in
/// takes the value of the next filled bin to its right, rehashed with the distance (rotation
/// densification), so that two sets still agree in a position with probability close to their
/// Jaccard similarity. An empty set gives `u64::MAX` everywhere.
#[must_use]
pub fn one_permutation_signature(shingles: &[u64]) -> Vec<u64> {
    let mut bins = vec![u64::MAX; SIGNATURE_LEN];
    let shift = 64 - SIGNATURE_LEN.trailing_zeros();
    for s in shingles {
        let h = mix(*s);
        let bin = (h >> shift) as usize;
        bins[bin] = bins[bin].min(h);
    }
    if shingles.is_empty() {
        return bins;
    }
    let filled = bins.clone();
    for (idx, value) in bins.iter_mut().enumerate() {
        if *value != u64::MAX {
            continue;
        }
        let mut distance = 1;
        while filled[(idx + distance) % SIGNATURE_LEN] == u64::MAX {
            distance += 1;
        }
        *value = mix(filled[(idx + distance) % SIGNATURE_LEN] ^ distance as u64);
    }
    bins
}

/// The share of positions where two signatures agree: an estimate of the Jaccard similarity.
#[must_use]
pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y && **x != u64::MAX).count() as f64 / a.len() as f64
}

/// The exact Jaccard similarity of two sorted, deduplicated sets.
#[must_use]
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 { 0.0 } else { common as f64 / union as f64 }
}

/// The pairs of signatures (index, index, smaller first) that share at least one LSH band.
/// Each signature is cut into bands of [`BAND_ROWS`] values; signatures with an identical band
/// land in the same bucket. The work is one hash-map insert per band and signature plus the
/// candidates found, so it grows linearly with the batch when few pairs are similar.
#[must_use]
pub fn candidate_pairs(signatures: &[Vec<u64>]) -> Vec<(usize, usize)> {
    let mut pairs = HashSet::new();
    let n_bands = SIGNATURE_LEN / BAND_ROWS;
    for band in 0..n_bands {
        let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
        for (idx, sig) in signatures.iter().enumerate() {
            let rows = &sig[band * BAND_ROWS..(band + 1) * BAND_ROWS];
            if rows.iter().all(|r| *r == u64::MAX) {
                continue;
            }
            let key = rows.iter().fold(mix(band as u64), |h, r| mix(h ^ r));
            buckets.entry(key).or_default().push(idx);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            for (k, a) in members.iter().enumerate() {
                for b in &members[k + 1..] {
                    pairs.insert((*a, *b));
                }
            }
        }
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn identical_sets_have_similarity_one() {
        let a = shingles(&chars("深入推进依法行政加快建设法治政府全面提升行政执法质效"));
        assert!((jaccard(&a, &a) - 1.0).abs() < f64::EPSILON);
        assert!((estimate(&signature(&a), &signature(&a)) - 1.0).abs() < f64::EPSILON);
    }

    #[test]
    fn estimate_is_close_to_jaccard() {
        let a = shingles(&chars("全面落实行政执法三项制度推进严格规范公正文明执法强化行政执法监督加强执法人员培训"));
        let b = shingles(&chars("全面落实行政执法三项制度推进严格规范公正文明执法完善复议应诉工作规范行政应诉"));
        let exact = jaccard(&a, &b);
        let est = estimate(&signature(&a), &signature(&b));
        assert!(exact > 0.2 && exact < 0.8, "{exact}");
        assert!((exact - est).abs() < 0.15, "{exact} vs {est}");
    }

    #[test]
    fn one_permutation_estimate_is_close_to_jaccard() {
        let text: Vec<char> = "全面落实行政执法三项制度推进严格规范公正文明执法强化行政执法监督加强执法人员培训完善复议应诉工作规范行政应诉持续优化营商环境深化放管服改革推行证明事项告知承诺制提升政务服务一网通办水平加强法治宣传教育落实谁执法谁普法责任制".chars().collect();
        let a = shingles(&text[..90]);
        let b = shingles(&text[30..]);
        let exact = jaccard(&a, &b);
        let est = estimate(&one_permutation_signature(&a), &one_permutation_signature(&b));
        assert!((exact - est).abs() < 0.15, "{exact} vs {est}");
        assert!(one_permutation_signature(&[]).iter().all(|v| *v == u64::MAX));
    }

    #[test]
    fn lsh_pairs_similar_signatures_only() {
        let base = "全面落实行政执法三项制度推进严格规范公正文明执法强化行政执法监督加强执法人员培训完善复议应诉工作";
        let near = "全面落实行政执法三项制度推进严格规范公正文明执法强化行政执法监督加强执法人员轮训完善复议应诉工作";
        let other = "持续优化营商环境深化放管服改革推行证明事项告知承诺制提升政务服务一网通办水平";
        let sigs: Vec<_> = [base, other, near].iter().map(|t| signature(&shingles(&chars(t)))).collect();
        assert_eq!(candidate_pairs(&sigs), vec![(0, 2)]);
    }
}
