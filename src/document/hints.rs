//! What a report type tells the parser about its documents. The parser knows 公文 in general
//! (a title names a report, 关于…的报告, the ordinal ladder, the closing block); which words
//! make a title *this* kind of report, which word may follow a year in place of 年, and which
//! heading words announce next year's plan belong to the report type. The rule pack fills
//! these hints (`pack.toml [document]`); `document` defines them and depends on nothing else.

use regex::Regex;

/// The words a pack gives, as written in its `pack.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HintWords {
    /// A title must contain one of these (法治, 依法行政 …); empty: any report title.
    pub title_topics: Vec<String>,
    /// Words that follow the issuer in a title that starts with the year (2020年静海区**法治**…,
    /// 2023年某某区司法局**政府信息公开**…: a place, or a place and its office or department);
    /// empty: such titles give no issuer.
    pub issuer_followers: Vec<String>,
    /// Words that may follow a year in place of 年 or 度 (2023**法治**政府建设…).
    pub year_followers: Vec<String>,
    /// Words of a top-level heading about next year's plan, whose year is the report year + 1.
    pub plan_headings: Vec<String>,
}

/// The hints compiled for the parser.
#[derive(Debug, Clone)]
pub struct DocumentHints {
    words: HintWords,
    year: Regex,
    issuer_after_year: Option<Regex>,
}

impl Default for DocumentHints {
    /// No report type: any report title, no issuer after a leading year, years only before
    /// 年/度, no plan headings.
    fn default() -> Self {
        Self::new(HintWords::default()).expect("the generic hints compile")
    }
}

impl DocumentHints {
    /// Compiles the hints.
    ///
    /// # Errors
    /// Never for words (they are escaped); the error type leaves room for patterns.
    pub fn new(words: HintWords) -> Result<Self, regex::Error> {
        let followers: Vec<String> = words.year_followers.iter().map(|w| format!("|{}", regex::escape(w))).collect();
        let followers = followers.concat();
        let year = Regex::new(&format!(
            r"(?:^|[^\d])(?P<y>(?:19|20)\d{{2}}|[〇零○一二三四五六七八九]{{4}})(?:年|度{followers})"
        ))?;
        let issuer_after_year = if words.issuer_followers.is_empty() {
            None
        } else {
            let lead: Vec<String> = words.issuer_followers.iter().map(|w| regex::escape(w)).collect();
            Some(Regex::new(&format!(
                r"^(?:19|20)\d{{2}}年?度?(?P<issuer>[\p{{Han}}]{{2,20}}?(?:省|市|区|县|镇|乡|街道|旗|州|盟|林区)(?:(?:人民政府)?(?:办公厅|办公室)|[\p{{Han}}]{{1,14}}?(?:局|委员会|委|办公室|办|厅|中心|院|署))?)(?:人民政府|政府)?(?:{})",
                lead.join("|")
            ))?)
        };
        Ok(Self { words, year, issuer_after_year })
    }

    /// The words the hints were made from.
    #[must_use]
    pub fn words(&self) -> &HintWords {
        &self.words
    }

    /// Whether a title line is about this report type.
    #[must_use]
    pub fn is_on_topic(&self, title: &str) -> bool {
        self.words.title_topics.is_empty() || self.words.title_topics.iter().any(|w| title.contains(w.as_str()))
    }

    /// A four-digit year (or 二〇二三) followed by 年, 度 or a year follower; group `y`.
    #[must_use]
    pub fn year(&self) -> &Regex {
        &self.year
    }

    /// The issuer between a leading year and a follower word; group `issuer`.
    #[must_use]
    pub fn issuer_after_year(&self) -> Option<&Regex> {
        self.issuer_after_year.as_ref()
    }

    /// Whether a top-level heading is about next year's plan.
    #[must_use]
    pub fn is_plan_heading(&self, heading: &str) -> bool {
        self.words.plan_headings.iter().any(|w| heading.contains(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_are_those_the_words_give() {
        let hints = DocumentHints::new(HintWords {
            title_topics: vec!["法治".into()],
            issuer_followers: vec!["法治".into(), "依法".into()],
            year_followers: vec!["法治".into()],
            plan_headings: vec!["安排".into()],
        })
        .unwrap();
        assert_eq!(
            hints.year().as_str(),
            r"(?:^|[^\d])(?P<y>(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4})(?:年|度|法治)"
        );
        assert!(hints.is_on_topic("关于2023年法治政府建设情况的报告"));
        assert!(!hints.is_on_topic("2023年政府信息公开工作年度报告"));
        assert!(DocumentHints::default().is_on_topic("2023年政府信息公开工作年度报告"));
        assert!(DocumentHints::default().issuer_after_year().is_none());
        assert!(
            hints.is_plan_heading("四、2024年工作安排")
                && !DocumentHints::default().is_plan_heading("四、2024年工作安排")
        );
    }
}
