//! Line breaking for the printed audit sheets: Chinese text may break between any two
//! characters, except that closing punctuation never starts a line and opening punctuation
//! never ends one (避头尾); a run of Latin letters and digits (a word, a number, a rule id) is
//! kept whole unless it is wider than the line by itself.

/// Characters that must not start a line.
const NO_START: &str = "，。、；：？！）》」』】〕〉”’…—·%‰,.;:?!)]}、～";
/// Characters that must not end a line.
const NO_END: &str = "（《「『【〔〈“‘([{";

/// Splits `text` into lines no wider than `max_width`, measuring each character with `width`.
/// A space at a break is dropped; a unit wider than the line is broken between characters.
#[must_use]
pub fn break_lines(text: &str, max_width: f32, width: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        break_paragraph(paragraph, max_width, &width, &mut lines);
    }
    lines
}

/// The units of `text`: a run of Latin letters, digits and the marks inside such runs (`-`,
/// `_`, `.`, `/` between letters), or a single other character.
fn units(text: &str) -> Vec<&str> {
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '#' | '@');
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if latin(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
        out.push(&text[i..i + c.len_utf8()]);
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Whether a line may break between units `a` and `b`.
fn may_break(a: &str, b: &str) -> bool {
    let last = a.chars().last().unwrap_or(' ');
    let first = b.chars().next().unwrap_or(' ');
    !NO_START.contains(first) && !NO_END.contains(last)
}

fn break_paragraph(text: &str, max_width: f32, width: &impl Fn(char) -> f32, lines: &mut Vec<String>) {
    let measure = |unit: &str| unit.chars().map(width).sum::<f32>();
    let mut line: Vec<&str> = Vec::new();
    let mut used = 0.0_f32;
    for unit in units(text) {
        let w = measure(unit);
        if line.is_empty() && unit == " " {
            continue;
        }
        if used + w <= max_width || line.is_empty() && w <= max_width {
            line.push(unit);
            used += w;
            continue;
        }
        if unit == " " {
            lines.push(line.concat());
            line.clear();
            used = 0.0;
            continue;
        }
        // The last place in the line where it may break before `unit` (at its end first).
        let cut = (1..=line.len()).rev().find(|&k| {
            let next = if k == line.len() { unit } else { line[k] };
            may_break(line[k - 1], next)
        });
        match cut {
            Some(k) => {
                let rest: Vec<&str> = line.split_off(k);
                lines.push(line.concat().trim_end().to_string());
                line = rest.into_iter().skip_while(|u| *u == " ").collect();
            }
            None if !line.is_empty() => {
                lines.push(line.concat().trim_end().to_string());
                line.clear();
            }
            None => {}
        }
        line.push(unit);
        used = line.iter().map(|u| measure(u)).sum();
        // A unit wider than a whole line is cut between characters.
        while used > max_width && line.len() == 1 && unit.chars().count() > 1 {
            let mut taken = 0.0;
            let split = unit
                .char_indices()
                .find(|&(_, c)| {
                    taken += width(c);
                    taken > max_width
                })
                .map_or(unit.len(), |(i, _)| i.max(unit.chars().next().map_or(1, char::len_utf8)));
            let (head, tail) = line[0].split_at(split.min(line[0].len()));
            if tail.is_empty() {
                break;
            }
            lines.push(head.to_string());
            line = vec![tail];
            used = measure(tail);
        }
    }
    lines.push(line.concat().trim_end().to_string());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full-width character is 2, a half-width one 1.
    fn w(c: char) -> f32 {
        if c.is_ascii() { 1.0 } else { 2.0 }
    }

    #[test]
    fn chinese_breaks_between_any_two_characters() {
        assert_eq!(break_lines("法治政府建设年度报告", 8.0, w), ["法治政府", "建设年度", "报告"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 。 would start the second line: 政 goes down with it.
        assert_eq!(break_lines("推进依法行政。完善", 12.0, w), ["推进依法行", "政。完善"]);
        assert_eq!(break_lines("甲乙丙，丁", 6.0, w), ["甲乙", "丙，丁"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        // 丙 does not fit after 《, so 《 goes down with it.
        assert_eq!(break_lines("甲乙《丙", 6.0, w), ["甲乙", "《丙"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        assert_eq!(break_lines("规则 punct-halfwidth 触发", 16.0, w), ["规则", "punct-halfwidth", "触发"]);
        assert_eq!(break_lines("共计2024年", 6.0, w), ["共计", "2024年"]);
    }

    #[test]
    fn a_unit_wider_than_the_line_is_cut() {
        assert_eq!(break_lines("abcdefghij", 4.0, w), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn newlines_start_new_lines_and_empty_text_gives_one_empty_line() {
        assert_eq!(break_lines("甲\n乙", 10.0, w), ["甲", "乙"]);
        assert_eq!(break_lines("", 10.0, w), [""]);
    }
}
