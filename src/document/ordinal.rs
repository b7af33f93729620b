//! Ordinal markers of 公文 headings and lists: 一、 （一） 1. （1） ① and 一是, with the malformed
//! forms real reports carry ((一) half-width, 1、, （一）、, 一) with its opening bracket lost).

use serde::Serialize;

/// The numbering scheme of an ordinal marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// 一、 — level 1 of the 公文 ladder.
    ChineseComma,
    /// （一） — level 2.
    ParenChinese,
    /// 1. — level 3.
    ArabicDot,
    /// （1） — level 4.
    ParenArabic,
    /// ① — below level 4.
    Circled,
    /// 一是、二是 — an in-paragraph enumeration, not a heading.
    Enumeration,
}

impl Scheme {
    /// Rank in the 一、→（一）→1.→（1） ladder (GB/T 9704 层次序数); smaller is higher.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            Scheme::ChineseComma => 1,
            Scheme::ParenChinese => 2,
            Scheme::ArabicDot => 3,
            Scheme::ParenArabic => 4,
            Scheme::Circled => 5,
            Scheme::Enumeration => 7,
        }
    }

    /// The marker written in the standard form for a value, e.g. `（三）`.
    #[must_use]
    pub fn canonical(self, value: u32) -> String {
        match self {
            Scheme::ChineseComma => format!("{}、", chinese_numeral(value)),
            Scheme::ParenChinese => format!("（{}）", chinese_numeral(value)),
            Scheme::ArabicDot => format!("{value}."),
            Scheme::ParenArabic => format!("（{value}）"),
            Scheme::Circled => char::from_u32(0x245F + value).map_or_else(String::new, String::from),
            Scheme::Enumeration => format!("{}是", chinese_numeral(value)),
        }
    }

    /// How users name the scheme in messages.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Scheme::ChineseComma => "“一、”",
            Scheme::ParenChinese => "“（一）”",
            Scheme::ArabicDot => "“1.”",
            Scheme::ParenArabic => "“（1）”",
            Scheme::Circled => "“①”",
            Scheme::Enumeration => "“一是”",
        }
    }
}

/// An ordinal marker found at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Scheme it belongs to.
    pub scheme: Scheme,
    /// Its number (一 = 1).
    pub value: u32,
    /// Length in bytes of the marker text, including its brackets and punctuation.
    pub len: usize,
}

const CHINESE_DIGITS: &str = "〇零一二三四五六七八九十百";

/// Reads a Chinese numeral such as 三, 十二, 二十, 二十三 (up to 99).
#[must_use]
pub fn parse_chinese_numeral(text: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        match c {
            '〇' | '零' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        }
    };
    let chars: Vec<char> = text.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c).filter(|v| *v > 0),
        ['十', c] => digit(*c).filter(|v| *v > 0).map(|v| 10 + v),
        [c, '十'] => digit(*c).filter(|v| *v > 1).map(|v| v * 10),
        [a, '十', b] => Some(digit(*a).filter(|v| *v > 1)? * 10 + digit(*b).filter(|v| *v > 0)?),
        _ => None,
    }
}

/// Writes 1–99 as a Chinese numeral.
#[must_use]
pub fn chinese_numeral(value: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match value {
        0..=9 => DIGITS[value as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(value - 10) as usize]),
        _ if value.is_multiple_of(10) && value < 100 => format!("{}十", DIGITS[(value / 10) as usize]),
        20..=99 => format!("{}十{}", DIGITS[(value / 10) as usize], DIGITS[(value % 10) as usize]),
        _ => value.to_string(),
    }
}

fn take_while_in(text: &str, pred: impl Fn(char) -> bool) -> &str {
    let end = text.char_indices().find(|(_, c)| !pred(*c)).map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn is_chinese_digit(c: char) -> bool {
    CHINESE_DIGITS.contains(c)
}

/// Punctuation that writers put after an ordinal although the standard form has none or
/// another one; it is kept inside the marker so that the heading text starts after it.
const TRAILING_PUNCT: &[char] = &['、', '，', ',', '.', '．', '：', ':'];

fn with_trailing_punct(rest: &str, len: usize) -> usize {
    match rest.chars().next() {
        Some(c) if TRAILING_PUNCT.contains(&c) => len + c.len_utf8(),
        _ => len,
    }
}

/// Recognises an ordinal marker at the start of `line` (already trimmed on the left).
#[must_use]
pub fn parse_marker(line: &str) -> Option<Marker> {
    let first = line.chars().next()?;
    if first == '（' || first == '(' {
        let inner_start = first.len_utf8();
        let inner = &line[inner_start..];
        let chinese = take_while_in(inner, is_chinese_digit);
        let arabic = take_while_in(inner, |c| c.is_ascii_digit());
        let (scheme, digits) = if !chinese.is_empty() {
            (Scheme::ParenChinese, chinese)
        } else if !arabic.is_empty() && arabic.len() <= 2 {
            (Scheme::ParenArabic, arabic)
        } else {
            return None;
        };
        let after = &inner[digits.len()..];
        let close = after.chars().next().filter(|c| *c == '）' || *c == ')')?;
        let value =
            if scheme == Scheme::ParenChinese { parse_chinese_numeral(digits)? } else { digits.parse().ok()? };
        let len = inner_start + digits.len() + close.len_utf8();
        return Some(Marker { scheme, value, len: with_trailing_punct(&line[len..], len) });
    }
    if ('①'..='⑳').contains(&first) {
        let value = u32::from(first) - 0x245F;
        let len = first.len_utf8();
        return Some(Marker { scheme: Scheme::Circled, value, len: with_trailing_punct(&line[len..], len) });
    }
    let chinese = take_while_in(line, is_chinese_digit);
    if !chinese.is_empty() && chinese.chars().count() <= 3 {
        let value = parse_chinese_numeral(chinese)?;
        let after = &line[chinese.len()..];
        let next = after.chars().next()?;
        let scheme = match next {
            '、' | '，' | ',' | '.' | '．' => Scheme::ChineseComma,
            '）' | ')' => Scheme::ParenChinese,
            _ => return None,
        };
        let len = chinese.len() + next.len_utf8();
        let len = if scheme == Scheme::ParenChinese { with_trailing_punct(&line[len..], len) } else { len };
        return Some(Marker { scheme, value, len });
    }
    let arabic = take_while_in(line, |c| c.is_ascii_digit());
    if !arabic.is_empty() && arabic.len() <= 2 {
        let after = &line[arabic.len()..];
        let next = after.chars().next()?;
        let value: u32 = arabic.parse().ok()?;
        let after_next = &after[next.len_utf8()..];
        let scheme = match next {
            '.' | '．' if !after_next.starts_with(|c: char| c.is_ascii_digit()) => Scheme::ArabicDot,
            '、' => Scheme::ArabicDot,
            '）' | ')' => Scheme::ParenArabic,
            _ => return None,
        };
        let len = arabic.len() + next.len_utf8();
        return Some(Marker { scheme, value, len });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(line: &str) -> Option<(Scheme, u32, &str)> {
        parse_marker(line).map(|m| (m.scheme, m.value, &line[..m.len]))
    }

    #[test]
    fn standard_and_malformed_markers() {
        assert_eq!(marker("一、主要举措"), Some((Scheme::ChineseComma, 1, "一、")));
        assert_eq!(marker("十二、其他"), Some((Scheme::ChineseComma, 12, "十二、")));
        assert_eq!(marker("（三）依法行政"), Some((Scheme::ParenChinese, 3, "（三）")));
        assert_eq!(marker("(三)依法行政"), Some((Scheme::ParenChinese, 3, "(三)")));
        assert_eq!(marker("（三）、依法行政"), Some((Scheme::ParenChinese, 3, "（三）、")));
        assert_eq!(marker("三)依法行政"), Some((Scheme::ParenChinese, 3, "三)")));
        assert_eq!(marker("12.行政执法"), Some((Scheme::ArabicDot, 12, "12.")));
        assert_eq!(marker("2、行政执法"), Some((Scheme::ArabicDot, 2, "2、")));
        assert_eq!(marker("（2）行政执法"), Some((Scheme::ParenArabic, 2, "（2）")));
        assert_eq!(marker("②行政执法"), Some((Scheme::Circled, 2, "②")));
    }

    #[test]
    fn ordinary_text_is_not_a_marker() {
        assert_eq!(marker("2023年，我区"), None);
        assert_eq!(marker("3.5万元用于"), None);
        assert_eq!(marker("一是加强领导"), None);
        assert_eq!(marker("十四五规划"), None);
        assert_eq!(marker("一把手"), None);
        assert_eq!(marker("（2021—2025年）"), None);
    }

    #[test]
    fn numerals_round_trip() {
        for value in 1..=99 {
            assert_eq!(parse_chinese_numeral(&chinese_numeral(value)), Some(value), "{value}");
        }
    }
}
