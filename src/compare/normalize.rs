//! Normalised text for comparison: what survives copying once years, numbers, punctuation,
//! white space and line wrapping are taken away.

/// A normalised text: its characters and, for each, the byte offset in the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The kept characters; every run of digits (a year, a count, a percentage) is one `#`.
    pub chars: Vec<char>,
    /// For each kept character, the byte offset of the original character it stands for.
    pub offsets: Vec<usize>,
}

impl Normalized {
    /// The number of kept characters.
    #[must_use]
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// Whether nothing was kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Chinese numerals count as digits only inside a run that already has a digit or right before
/// 年/月/日/个/项/件/次/% (二〇二三年, 三项): elsewhere 一 is an ordinary word (一是, 统一).
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
    )
}

fn is_kept(c: char) -> bool {
    // Most characters of a report are common CJK ideographs: answer those without the Unicode
    // table lookup `is_alphabetic` does for every non-ASCII character.
    ('\u{4e00}'..='\u{9fff}').contains(&c) || c.is_alphabetic() || is_digit(c)
}

/// Normalises `text` (whose first byte is at `base` in the source): letters and Chinese
/// characters are kept (Latin letters lower-cased, full-width forms folded), every run of digits
/// — with the decimal points, commas and Chinese numerals inside it — becomes one `#`, and
/// everything else (punctuation, spaces, line breaks) is dropped.
#[must_use]
pub fn normalize(text: &str, base: usize) -> Normalized {
    let mut out = Normalized::default();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if is_digit(c) || (is_chinese_numeral(c) && numeral_run_is_number(&chars, i)) {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                let inside_number =
                    matches!(d, '.' | ',' | '，' | '．') && chars.get(j + 1).is_some_and(|n| is_digit(n.1));
                if is_digit(d) || is_chinese_numeral(d) && numeral_run_is_number(&chars, i) || inside_number {
                    j += 1;
                } else {
                    break;
                }
            }
            out.chars.push('#');
            out.offsets.push(base + offset);
            i = j;
            continue;
        }
        if is_kept(c) {
            let folded = fold(c);
            out.chars.push(folded);
            out.offsets.push(base + offset);
        }
        i += 1;
    }
    out
}

/// Whether the run of Chinese numerals starting at `start` is a number (followed by a unit or
/// containing 〇/零/百/千/万/亿), so 二〇二三年 and 三项 are masked but 一是 and 统一 are not.
fn numeral_run_is_number(chars: &[(usize, char)], start: usize) -> bool {
    let mut j = start;
    let mut strong = false;
    while j < chars.len() && (is_chinese_numeral(chars[j].1) || is_digit(chars[j].1)) {
        strong |= matches!(chars[j].1, '〇' | '零' | '百' | '千' | '万' | '亿') || is_digit(chars[j].1);
        j += 1;
    }
    let before_unit = chars.get(j).is_some_and(|c| {
        matches!(c.1, '年' | '月' | '日' | '个' | '项' | '件' | '次' | '%' | '％' | '人' | '家' | '场' | '期' | '部')
    });
    let is_ordinal = chars.get(j).is_some_and(|c| matches!(c.1, '是' | '、'));
    !is_ordinal && (strong || before_unit && j - start >= 1)
}

fn fold(c: char) -> char {
    let c = match c {
        'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        normalize(s, 0).chars.into_iter().collect()
    }

    #[test]
    fn years_numbers_and_punctuation_are_masked() {
        assert_eq!(text("2023年，全市办理复议案件125件，同比增长12.5%。"), "#年全市办理复议案件#件同比增长#");
        assert_eq!(text("2024年, 全市办理复议案件98件  同比增长3.1％"), "#年全市办理复议案件#件同比增长#");
        assert_eq!(text("二〇二三年开展三项活动"), "#年开展#项活动");
    }

    #[test]
    fn ordinals_and_words_with_one_are_kept() {
        assert_eq!(text("一是统一思想，二是加强领导"), "一是统一思想二是加强领导");
    }

    #[test]
    fn rewrapping_and_full_width_letters_do_not_matter() {
        assert_eq!(text("推进ＡＩ\n政务\r\n服务"), text("推进ai政务服务"));
    }

    #[test]
    fn offsets_point_into_the_original() {
        let n = normalize("，法治", 10);
        assert_eq!(n.offsets, vec![13, 16]);
    }
}
