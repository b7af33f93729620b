//! How a required element's status is shown, decided once for every output: the mark
//! (✓ △ ✗), the words, whether its absence is a defect, and the key that JSON and HTML write.
//! Human output, JSON, the audit sheets and the tables all read it from here.

use crate::rules::elements::{ElementFound, ElementStatus};
use crate::source::Span;

/// An element's status as a reader sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// A part of its own under a heading that names it.
    Heading,
    /// Judged by content (the causes), and the content is there.
    Analysed,
    /// Only mentioned inside another part.
    Mentioned,
    /// Judged by content, and only words that hint at the content are there (`weak`).
    Hinted,
    /// Not there, and its absence is a defect.
    Missing,
    /// Not there, and it may be left out; the note says when (from the element's rule).
    Optional {
        /// E.g. 无其他情况时可不写.
        note: Option<String>,
    },
}

impl Shown {
    /// How `element` is shown.
    #[must_use]
    pub fn of(element: &ElementFound) -> Self {
        match element.status {
            ElementStatus::Heading => Self::Heading,
            ElementStatus::Present => Self::Analysed,
            ElementStatus::Embedded => Self::Mentioned,
            ElementStatus::Weak => Self::Hinted,
            ElementStatus::Absent if element.required => Self::Missing,
            ElementStatus::Absent => Self::Optional { note: element.absent_note.clone() },
        }
    }

    /// ✓ (own heading or content present), △ (only mentioned elsewhere, or only hinted at),
    /// ✗ (absent, and a defect), ○ (not written, and it may be left out).
    #[must_use]
    pub fn mark(&self) -> &'static str {
        match self {
            Self::Heading | Self::Analysed => "✓",
            Self::Mentioned | Self::Hinted => "△",
            Self::Missing => "✗",
            Self::Optional { .. } => "○",
        }
    }

    /// The status in words, as a checklist column shows it.
    #[must_use]
    pub fn words(&self) -> String {
        match self {
            Self::Heading => "有独立标题".to_string(),
            Self::Analysed => "有（已作分析）".to_string(),
            Self::Optional { note: Some(note) } => format!("未写（{note}）"),
            Self::Optional { note: None } => "未写（可省略）".to_string(),
            other => other.lead().to_string(),
        }
    }

    /// The words put before the evidence on a one-line summary (`已分析：“……”`).
    #[must_use]
    pub fn lead(&self) -> &'static str {
        match self {
            Self::Heading => "",
            Self::Analysed => "已分析",
            Self::Mentioned => "仅在其他部分提及",
            Self::Hinted => "只有零散说明，未作分析",
            Self::Missing => "缺失",
            Self::Optional { .. } => "未写",
        }
    }

    /// Whether the element is there but incomplete: only mentioned, or only hinted at.
    #[must_use]
    pub fn is_partial(&self) -> bool {
        matches!(self, Self::Mentioned | Self::Hinted)
    }

    /// Whether the element is missing and its absence is a defect.
    #[must_use]
    pub fn is_missing(&self) -> bool {
        *self == Self::Missing
    }

    /// The style of the mark: `ok`, `part`, `no` or `optional`.
    #[must_use]
    pub fn class(&self) -> &'static str {
        match self {
            Self::Heading | Self::Analysed => "ok",
            Self::Mentioned | Self::Hinted => "part",
            Self::Missing => "no",
            Self::Optional { .. } => "optional",
        }
    }
}

/// The status as JSON and the HTML `data-status` write it.
#[must_use]
pub fn status_key(status: ElementStatus) -> &'static str {
    match status {
        ElementStatus::Heading => "heading",
        ElementStatus::Embedded => "embedded",
        ElementStatus::Present => "present",
        ElementStatus::Weak => "weak",
        ElementStatus::Absent => "absent",
    }
}

/// The text that shows the element: its heading, the mention or content phrase, or for a
/// weak element the words that hint at it.
#[must_use]
pub fn evidence(element: &ElementFound) -> Option<Span> {
    element.evidence
}

/// The legend printed under a checklist.
pub const LEGEND: &str = "✓ 有独立部分或已作分析　△ 仅在其他部分提及，或只有零散说明　✗ 缺失　○ 未写，可以不写";
