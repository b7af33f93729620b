//! Word's automatic numbering, rendered as Word displays it: `numbering.xml` definitions
//! (`abstractNum`, `num`, `lvlOverride`), counters kept while walking the document, and the
//! number formats Chinese reports use (一、（一）1.（1）①).
//!
//! Counters belong to the `abstractNum`, as in Word: two `w:num` sharing one definition continue
//! one list, unless a `w:num` restarts a level with `w:startOverride`. Using a level resets the
//! deeper levels, except where `w:lvlRestart` says otherwise.

use std::collections::{HashMap, HashSet};

use super::styles::Styles;
use super::xml::{attr, child, children, is_on};

/// Levels a list can have.
const LEVELS: usize = 9;

/// Largest counter value kept: a start, an override or a count past it stays here. A report's
/// list runs to a few dozen items; the cap keeps a hostile `w:start` of four billion from
/// becoming a label of millions of letters (`lowerLetter` repeats a letter value/26 times) and
/// a counter at `u32::MAX` from overflowing.
const MAX_COUNTER: u32 = 32_767;

/// Longest label kept, in characters (`w:lvlText` with its numbers filled in). Word's labels
/// are a few characters (一、 （一） 1.1.2); a longer `w:lvlText` is cut here, so one long
/// definition on many paragraphs cannot multiply into gigabytes of text.
const MAX_LABEL_CHARS: usize = 64;

/// How a level's number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    DecimalZero,
    DecimalFullWidth,
    /// ①…⑳ (`decimalEnclosedCircle`, `decimalEnclosedCircleChinese`).
    EnclosedCircle,
    /// ⑴…⒇ (`decimalEnclosedParen`).
    EnclosedParen,
    /// ⒈…⒛ (`decimalEnclosedFullstop`).
    EnclosedFullstop,
    /// 一、十、十一、一百零一 (`chineseCounting`, `chineseCountingThousand`, `taiwaneseCounting`,
    /// `taiwaneseCountingThousand`: Word shows the same counting numerals for all four, and
    /// `LibreOffice` writes 一, 二, 三 lists as `taiwaneseCountingThousand`).
    ChineseCounting,
    /// 一〇、一一: digit by digit (`ideographDigital`, `taiwaneseDigital`).
    ChineseDigits,
    /// 壹、贰、拾 (`chineseLegalSimplified`).
    ChineseLegal,
    /// 甲乙丙… (`ideographTraditional`, the ten heavenly stems).
    HeavenlyStems,
    /// 子丑寅… (`ideographZodiac`).
    EarthlyBranches,
    UpperLetter,
    LowerLetter,
    UpperRoman,
    LowerRoman,
    /// A bullet: no number is shown as text.
    Bullet,
    /// `none`: the level shows only its literal `lvlText`.
    None,
}

impl Format {
    fn from_name(name: &str) -> Self {
        match name {
            "decimalZero" => Self::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => Self::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Self::EnclosedCircle,
            "decimalEnclosedParen" => Self::EnclosedParen,
            "decimalEnclosedFullstop" => Self::EnclosedFullstop,
            "chineseCounting" | "chineseCountingThousand" | "taiwaneseCounting" | "taiwaneseCountingThousand" => {
                Self::ChineseCounting
            }
            "ideographDigital" | "taiwaneseDigital" => Self::ChineseDigits,
            "chineseLegalSimplified" | "ideographLegalTraditional" => Self::ChineseLegal,
            "ideographTraditional" => Self::HeavenlyStems,
            "ideographZodiac" => Self::EarthlyBranches,
            "upperLetter" => Self::UpperLetter,
            "lowerLetter" => Self::LowerLetter,
            "upperRoman" => Self::UpperRoman,
            "lowerRoman" => Self::LowerRoman,
            "bullet" => Self::Bullet,
            "none" => Self::None,
            // decimal, decimalHalfWidth and formats reports do not use fall back to 1, 2, 3.
            _ => Self::Decimal,
        }
    }

    fn render(self, value: u32) -> String {
        match self {
            Self::Decimal => value.to_string(),
            Self::DecimalZero => format!("{value:02}"),
            Self::DecimalFullWidth => {
                value.to_string().chars().map(|c| char::from_u32(u32::from(c) - 0x30 + 0xFF10).unwrap_or(c)).collect()
            }
            Self::EnclosedCircle => enclosed(value, 0x2460, value.to_string()),
            Self::EnclosedParen => enclosed(value, 0x2474, format!("({value})")),
            Self::EnclosedFullstop => enclosed(value, 0x2488, format!("{value}.")),
            Self::ChineseCounting => chinese_counting(value, &COUNTING_DIGITS, ["十", "百", "千"]),
            Self::ChineseLegal => chinese_counting(value, &LEGAL_DIGITS, ["拾", "佰", "仟"]),
            Self::ChineseDigits => {
                value.to_string().chars().map(|c| SIMPLE_DIGITS[c.to_digit(10).unwrap_or(0) as usize]).collect()
            }
            Self::HeavenlyStems => cyclic(value, &["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]),
            Self::EarthlyBranches => {
                cyclic(value, &["子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"])
            }
            Self::UpperLetter => letters(value).to_ascii_uppercase(),
            Self::LowerLetter => letters(value),
            Self::UpperRoman => roman(value),
            Self::LowerRoman => roman(value).to_ascii_lowercase(),
            Self::Bullet | Self::None => String::new(),
        }
    }
}

const SIMPLE_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
/// In counting numerals a gap is read 零 (一百零一); digit-by-digit numerals write 〇.
const COUNTING_DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
const LEGAL_DIGITS: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];

/// ①…⑳ and their kin exist for 1–20; Word writes larger numbers plainly.
fn enclosed(value: u32, first: u32, plain: String) -> String {
    match value {
        1..=20 => char::from_u32(first + value - 1).map_or(plain, String::from),
        _ => plain,
    }
}

/// Counting numerals: 十, 十一, 二十, 一百零一, 一千零一十. Past 9999 Word's output is not
/// something a report uses; decimal digits are shown.
fn chinese_counting(value: u32, digits: &[&str; 10], units: [&str; 3]) -> String {
    if value >= 10_000 {
        return value.to_string();
    }
    if value < 10 {
        return digits[value as usize].to_string();
    }
    let places =
        [(value / 1000, units[2]), (value / 100 % 10, units[1]), (value / 10 % 10, units[0]), (value % 10, "")];
    let mut out = String::new();
    let mut pending_zero = false;
    for (digit, unit) in places {
        if digit == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        if pending_zero {
            out.push_str(digits[0]);
            pending_zero = false;
        }
        // 10–19 read 十, 十一 …, not 一十.
        if !(out.is_empty() && digit == 1 && unit == units[0]) {
            out.push_str(digits[digit as usize]);
        }
        out.push_str(unit);
    }
    out
}

fn cyclic(value: u32, cycle: &[&str]) -> String {
    let len = cycle.len() as u32;
    cycle[(value.max(1) - 1).rem_euclid(len) as usize].to_string()
}

/// a…z, then aa…zz, aaa… as Word counts letters.
fn letters(value: u32) -> String {
    let value = value.max(1);
    let letter = char::from(b'a' + ((value - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((value - 1) / 26 + 1) as usize).collect()
}

fn roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (unit, letters) in TABLE {
        while value >= unit {
            out.push_str(letters);
            value -= unit;
        }
    }
    out
}

/// What follows the number: Word's `w:suff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suffix {
    Tab,
    Space,
    Nothing,
}

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    suffix: Suffix,
    /// `w:lvlRestart`: restart after a use of a level numbered below this (1-based); 0 never.
    restart: Option<u32>,
    /// `w:isLgl`: show every level's number in decimal.
    legal: bool,
    /// `w:pStyle`: the paragraph style this level belongs to.
    style: Option<String>,
}

impl Level {
    fn parse(lvl: roxmltree::Node<'_, '_>) -> Self {
        let val = |name: &str| child(lvl, name).and_then(|n| attr(n, "val"));
        Self {
            start: val("start").and_then(parse_counter).unwrap_or(1),
            format: Format::from_name(val("numFmt").unwrap_or("decimal")),
            text: val("lvlText").unwrap_or_default().to_string(),
            suffix: match val("suff") {
                Some("space") => Suffix::Space,
                Some("nothing") => Suffix::Nothing,
                _ => Suffix::Tab,
            },
            restart: val("lvlRestart").and_then(|v| v.parse().ok()),
            legal: child(lvl, "isLgl").is_some_and(is_on),
            style: val("pStyle").map(str::to_string),
        }
    }
}

/// A start value, capped at `MAX_COUNTER`.
fn parse_counter(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok().map(|n| n.min(MAX_COUNTER))
}

fn level_index(node: roxmltree::Node<'_, '_>) -> Option<usize> {
    attr(node, "ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|i| *i < LEVELS)
}

#[derive(Debug, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition lives in the list a numbering style points to.
    num_style_link: Option<String>,
}

#[derive(Debug, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: `w:startOverride`, and a `w:lvl` replacing the definition's.
    overrides: [(Option<u32>, Option<Level>); LEVELS],
}

/// The list definitions of a document.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<String, Instance>,
}

impl Numbering {
    /// Reads `numbering.xml`.
    pub fn parse(doc: &roxmltree::Document<'_>) -> Self {
        let root = doc.root_element();
        let mut numbering = Self::default();
        for node in children(root, "abstractNum") {
            let Some(id) = attr(node, "abstractNumId") else { continue };
            let mut definition = Abstract {
                num_style_link: child(node, "numStyleLink").and_then(|n| attr(n, "val")).map(str::to_string),
                ..Abstract::default()
            };
            for lvl in children(node, "lvl") {
                if let Some(idx) = level_index(lvl) {
                    definition.levels[idx] = Some(Level::parse(lvl));
                }
            }
            numbering.abstracts.insert(id.to_string(), definition);
        }
        for node in children(root, "num") {
            let Some(id) = attr(node, "numId") else { continue };
            let abstract_id = child(node, "abstractNumId").and_then(|n| attr(n, "val")).unwrap_or_default();
            let mut instance = Instance { abstract_id: abstract_id.to_string(), ..Instance::default() };
            for over in children(node, "lvlOverride") {
                let Some(idx) = level_index(over) else { continue };
                let start = child(over, "startOverride").and_then(|n| attr(n, "val")).and_then(parse_counter);
                instance.overrides[idx] = (start, child(over, "lvl").map(Level::parse));
            }
            numbering.instances.insert(id.to_string(), instance);
        }
        numbering
    }

    /// The `abstractNum` id behind a `w:num`, following one `w:numStyleLink` indirection.
    fn abstract_id<'a>(&'a self, num_id: &str, styles: &'a Styles) -> Option<&'a str> {
        let id = self.instances.get(num_id)?.abstract_id.as_str();
        let linked = self.abstracts.get(id)?.num_style_link.as_deref();
        match linked.and_then(|style| styles.numbering_style_num_id(style)) {
            Some(target) if target != num_id => self.instances.get(target).map(|i| i.abstract_id.as_str()),
            _ => Some(id),
        }
    }

    /// The level definition a paragraph of list `num_id` at `ilvl` uses.
    fn level<'a>(&'a self, num_id: &str, abstract_id: &str, ilvl: usize) -> Option<&'a Level> {
        let from_instance = self.instances.get(num_id).and_then(|i| i.overrides[ilvl].1.as_ref());
        from_instance.or_else(|| self.abstracts.get(abstract_id)?.levels[ilvl].as_ref())
    }

    /// The level of list `num_id` tied to paragraph style `style_id` (`w:lvl/w:pStyle`), for
    /// paragraphs whose style gives a `numId` but no `ilvl`.
    pub fn level_of_style(&self, num_id: &str, style_id: &str, styles: &Styles) -> Option<u8> {
        let abstract_id = self.abstract_id(num_id, styles)?;
        let levels = &self.abstracts.get(abstract_id)?.levels;
        levels.iter().position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style_id)).map(|i| i as u8)
    }
}

/// Counters of every list, advanced paragraph by paragraph in document order.
#[derive(Debug, Default)]
pub(super) struct Counters {
    by_abstract: HashMap<String, [Option<u32>; LEVELS]>,
    /// (numId, level) pairs whose `w:startOverride` has been applied.
    overridden: HashSet<(String, usize)>,
}

impl Counters {
    /// Advances list `num_id` at level `ilvl` and returns the text Word shows before the
    /// paragraph, separator included; `None` for bullets, `numId` 0 and unknown lists.
    pub fn next_label(&mut self, numbering: &Numbering, styles: &Styles, num_id: &str, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let abstract_id = numbering.abstract_id(num_id, styles)?.to_string();
        let level = numbering.level(num_id, &abstract_id, ilvl)?;
        let counters = self.by_abstract.entry(abstract_id.clone()).or_default();
        let start_override = numbering.instances.get(num_id).and_then(|i| i.overrides[ilvl].0);
        counters[ilvl] = match start_override {
            Some(start) if self.overridden.insert((num_id.to_string(), ilvl)) => Some(start),
            _ => Some(counters[ilvl].map_or(level.start, |n| n.saturating_add(1).min(MAX_COUNTER))),
        };
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after =
                numbering.level(num_id, &abstract_id, deeper).and_then(|l| l.restart).unwrap_or(deeper as u32);
            // lvlRestart counts levels from 1: a deeper level restarts after a use of any level
            // numbered below `restart_after`, i.e. with index below it.
            if (ilvl as u32) < restart_after {
                *counter = None;
            }
        }
        if level.format == Format::Bullet {
            return None;
        }
        let counters = *counters;
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        let mut label_chars = 0;
        while let Some(c) = chars.next() {
            if label_chars >= MAX_LABEL_CHARS {
                break;
            }
            let placeholder = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            if let ('%', Some(digit)) = (c, placeholder) {
                chars.next();
                let idx = digit as usize - 1;
                let Some(shown) = numbering.level(num_id, &abstract_id, idx) else { continue };
                let value = counters[idx].unwrap_or(shown.start);
                let format = if level.legal && shown.format != Format::None { Format::Decimal } else { shown.format };
                let number = format.render(value);
                let taken: String = number.chars().take(MAX_LABEL_CHARS - label_chars).collect();
                label_chars += taken.chars().count();
                label.push_str(&taken);
            } else {
                label.push(c);
                label_chars += 1;
            }
        }
        if label.is_empty() {
            return None;
        }
        // A tab or space after the number is layout: Word draws a gap, the drafter typed
        // nothing. After 一、 or （一） the text follows directly, as in a typed report; after a
        // bare number or letter one space keeps the two apart.
        let needs_gap = label.chars().last().is_some_and(char::is_alphanumeric);
        if level.suffix != Suffix::Nothing && needs_gap {
            label.push(' ');
        }
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::readers::docx::xml::W;

    #[test]
    fn counting_numerals() {
        let counting = |n| Format::ChineseCounting.render(n);
        let got: Vec<String> = [1, 2, 9, 10, 11, 19, 20, 21, 99, 100, 101, 110, 111, 1000, 1001, 1010, 2024]
            .into_iter()
            .map(counting)
            .collect();
        assert_eq!(
            got,
            [
                "一",
                "二",
                "九",
                "十",
                "十一",
                "十九",
                "二十",
                "二十一",
                "九十九",
                "一百",
                "一百零一",
                "一百一十",
                "一百一十一",
                "一千",
                "一千零一",
                "一千零一十",
                "二千零二十四"
            ]
        );
        assert_eq!(Format::ChineseLegal.render(12), "拾贰");
        assert_eq!(Format::ChineseDigits.render(10), "一〇");
    }

    #[test]
    fn other_formats() {
        assert_eq!(Format::from_name("taiwaneseCountingThousand").render(3), "三");
        assert_eq!(Format::from_name("chineseCountingThousand").render(12), "十二");
        assert_eq!(Format::from_name("taiwaneseCounting").render(4), "四");
        assert_eq!(Format::from_name("ideographTraditional").render(3), "丙");
        assert_eq!(Format::from_name("ideographTraditional").render(11), "甲");
        assert_eq!(Format::from_name("decimalEnclosedCircle").render(1), "①");
        assert_eq!(Format::from_name("decimalEnclosedCircleChinese").render(20), "⑳");
        assert_eq!(Format::from_name("decimalEnclosedCircle").render(21), "21");
        assert_eq!(Format::from_name("decimalEnclosedParen").render(2), "⑵");
        assert_eq!(Format::from_name("decimalEnclosedFullstop").render(3), "⒊");
        assert_eq!(Format::from_name("decimalFullWidth").render(12), "１２");
        assert_eq!(Format::from_name("decimalZero").render(7), "07");
        assert_eq!(Format::from_name("upperLetter").render(28), "BB");
        assert_eq!(Format::from_name("lowerLetter").render(3), "c");
        assert_eq!(Format::from_name("upperRoman").render(14), "XIV");
        assert_eq!(Format::from_name("lowerRoman").render(9), "ix");
        assert_eq!(Format::from_name("bullet").render(1), "");
        assert_eq!(Format::from_name("somethingNew").render(5), "5");
    }

    /// A numbering part in the shape Word writes: 一、/（一）/1./（1） on levels 0–3, a bullet
    /// list, a `%1.%2` list, and `w:num` instances sharing or restarting definitions.
    fn numbering() -> (Numbering, Styles) {
        let lvl = |ilvl: u8, fmt: &str, text: &str, suff: &str| {
            format!(
                r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/></w:lvl>"#
            )
        };
        let xml = format!(
            r#"<w:numbering xmlns:w="{W}">
              <w:abstractNum w:abstractNumId="0">{}{}{}{}</w:abstractNum>
              <w:abstractNum w:abstractNumId="1">{}</w:abstractNum>
              <w:abstractNum w:abstractNumId="2">{}{}</w:abstractNum>
              <w:abstractNum w:abstractNumId="3">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
              </w:abstractNum>
              <w:abstractNum w:abstractNumId="4">
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/><w:lvlRestart w:val="0"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
              <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
              <w:num w:numId="3"><w:abstractNumId w:val="0"/>
                <w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
              <w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
              <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
              <w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>
              <w:num w:numId="7"><w:abstractNumId w:val="2"/>
                <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
              <w:num w:numId="8"><w:abstractNumId w:val="4"/></w:num>
              <w:num w:numId="9"><w:abstractNumId w:val="0"/>
                <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1、"/></w:lvl></w:lvlOverride></w:num>
            </w:numbering>"#,
            lvl(0, "chineseCounting", "%1、", "nothing"),
            lvl(1, "chineseCountingThousand", "（%2）", "nothing"),
            lvl(2, "decimal", "%3.", "tab"),
            lvl(3, "decimal", "（%4）", "space"),
            lvl(0, "bullet", "\u{F0B7}", "tab"),
            lvl(0, "decimal", "%1", "tab"),
            lvl(1, "decimalEnclosedCircle", "%2", "nothing"),
        );
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let numbering = Numbering::parse(&doc);
        (numbering, Styles::default())
    }

    #[test]
    fn chinese_ladder_continues_and_resets_deeper_levels() {
        let (numbering, styles) = numbering();
        let mut counters = Counters::default();
        let mut next = |num: &str, ilvl: u8| counters.next_label(&numbering, &styles, num, ilvl);
        assert_eq!(next("1", 0).as_deref(), Some("一、"));
        assert_eq!(next("1", 1).as_deref(), Some("（一）"));
        assert_eq!(next("1", 1).as_deref(), Some("（二）"));
        assert_eq!(next("1", 2).as_deref(), Some("1."), "tab after a dot needs no gap");
        assert_eq!(next("1", 3).as_deref(), Some("（1）"));
        assert_eq!(next("1", 2).as_deref(), Some("2."));
        assert_eq!(next("1", 3).as_deref(), Some("（1）"), "a use of level 2 resets level 3");
        assert_eq!(next("1", 0).as_deref(), Some("二、"));
        assert_eq!(next("1", 1).as_deref(), Some("（一）"), "a new top-level part restarts （一）");
        // Another w:num on the same definition continues the same list …
        assert_eq!(next("2", 1).as_deref(), Some("（二）"));
        assert_eq!(next("2", 0).as_deref(), Some("三、"));
        // … unless it restarts a level with startOverride, once.
        assert_eq!(next("1", 1).as_deref(), Some("（一）"));
        assert_eq!(next("1", 1).as_deref(), Some("（二）"));
        assert_eq!(next("3", 1).as_deref(), Some("（一）"));
        assert_eq!(next("3", 1).as_deref(), Some("（二）"));
        for _ in 0..7 {
            next("1", 0);
        }
        assert_eq!(next("1", 0).as_deref(), Some("十一、"));
        // A full lvl override replaces the definition's format for this instance.
        assert_eq!(next("9", 0).as_deref(), Some("乙、"), "the 12th item of the shared list, 甲…癸 cycling");
    }

    #[test]
    fn bullets_overrides_legal_and_restart() {
        let (numbering, styles) = numbering();
        let mut counters = Counters::default();
        let mut next = |num: &str, ilvl: u8| counters.next_label(&numbering, &styles, num, ilvl);
        assert_eq!(next("4", 0), None, "bullets are not text");
        assert_eq!(next("5", 0).as_deref(), Some("1 "), "a bare number keeps a gap before the text");
        assert_eq!(next("5", 1).as_deref(), Some("①"));
        assert_eq!(next("5", 1).as_deref(), Some("②"));
        assert_eq!(next("7", 0).as_deref(), Some("5 "), "startOverride");
        assert_eq!(next("7", 0).as_deref(), Some("6 "));
        assert_eq!(next("6", 0).as_deref(), Some("I."));
        assert_eq!(next("6", 1).as_deref(), Some("1.1 "), "isLgl shows every level in decimal");
        assert_eq!(next("6", 0).as_deref(), Some("II."));
        assert_eq!(next("6", 1).as_deref(), Some("2.1 "));
        assert_eq!(next("8", 1).as_deref(), Some("（1）"), "an unused higher level shows its start");
        assert_eq!(next("8", 0).as_deref(), Some("1、"));
        assert_eq!(next("8", 1).as_deref(), Some("（2）"), "lvlRestart 0: never restarts");
        assert_eq!(next("99", 0), None, "unknown list");
    }
    /// One list per case: `(numFmt, w:start, w:lvlText)` on level 0, plus a `w:num` 2 on the
    /// first definition restarting at `override_start`.
    fn hostile_numbering(cases: &[(&str, &str, &str)], override_start: &str) -> Numbering {
        let mut xml = format!(r#"<w:numbering xmlns:w="{W}">"#);
        for (i, (fmt, start, text)) in cases.iter().enumerate() {
            xml.push_str(&format!(
                r#"<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:suff w:val="nothing"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>"#
            ));
        }
        for i in 0..cases.len() {
            xml.push_str(&format!(r#"<w:num w:numId="{}"><w:abstractNumId w:val="{i}"/></w:num>"#, i + 10));
        }
        xml.push_str(&format!(
            r#"<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override_start}"/></w:lvlOverride></w:num></w:numbering>"#
        ));
        Numbering::parse(&roxmltree::Document::parse(&xml).unwrap())
    }

    #[test]
    fn huge_counters_and_level_texts_give_short_labels() {
        let long_text = "字".repeat(800_000);
        let numbering = hostile_numbering(
            &[
                ("lowerLetter", "4000000000", "%1."),
                ("upperRoman", "4000000000", "%1."),
                ("decimal", "4294967295", "%1、"),
                ("decimal", "1", &format!("%1{long_text}")),
            ],
            "4000000000",
        );
        let styles = Styles::default();
        let mut counters = Counters::default();
        let mut next = |num: &str| counters.next_label(&numbering, &styles, num, 0).unwrap();
        for num in ["10", "11", "12", "13", "2"] {
            for _ in 0..3 {
                let label = next(num);
                assert!(label.chars().count() <= MAX_LABEL_CHARS, "list {num}: {} characters", label.chars().count());
            }
        }
        // A counter at the cap stays there instead of overflowing.
        assert_eq!(next("12"), "32767、");
        assert!(next("13").starts_with("4字字"), "the level text is kept up to the cap");
        assert_eq!(next("11"), "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMDCCLXVII.");
    }

    #[test]
    fn numbering_style_links_and_levels_tied_to_styles() {
        let numbering_xml = format!(
            r#"<w:numbering xmlns:w="{W}">
              <w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="ListStyle"/></w:abstractNum>
              <w:abstractNum w:abstractNumId="6"><w:styleLink w:val="ListStyle"/>
                <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="H1"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
                <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="H2"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
              </w:abstractNum>
              <w:num w:numId="10"><w:abstractNumId w:val="6"/></w:num>
              <w:num w:numId="11"><w:abstractNumId w:val="5"/></w:num>
            </w:numbering>"#
        );
        let styles_xml = format!(
            r#"<w:styles xmlns:w="{W}">
              <w:style w:type="numbering" w:styleId="ListStyle"><w:name w:val="公文编号"/>
                <w:pPr><w:numPr><w:numId w:val="10"/></w:numPr></w:pPr></w:style>
            </w:styles>"#
        );
        let numbering_doc = roxmltree::Document::parse(&numbering_xml).unwrap();
        let styles_doc = roxmltree::Document::parse(&styles_xml).unwrap();
        let (numbering, styles) = (Numbering::parse(&numbering_doc), Styles::parse(&styles_doc));
        assert_eq!(numbering.level_of_style("11", "H2", &styles), Some(1), "found through the style link");
        assert_eq!(numbering.level_of_style("11", "Other", &styles), None);
        let mut counters = Counters::default();
        let mut next = |num: &str, ilvl: u8| counters.next_label(&numbering, &styles, num, ilvl);
        assert_eq!(next("11", 0).as_deref(), Some("一、"), "the linked definition gives the format");
        assert_eq!(next("10", 1).as_deref(), Some("（一）"), "one list behind both numIds");
        assert_eq!(next("11", 0).as_deref(), Some("二、"));
    }
}
