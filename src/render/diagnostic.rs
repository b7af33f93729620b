//! Located errors (a rule file, a pack, a configuration file) drawn by miette with the place
//! in the file underlined, without colour so that logs and tests read the same text.

/// Renders a located error through miette (toml's own caret is misaligned under CJK).
#[must_use]
pub fn render(error: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .with_links(false);
    if handler.render_report(&mut out, error).is_err() {
        out = format!("{error}\n");
    }
    chinese_labels(&out)
}

/// miette's drawing with its English `help:` label read as `建议：` (the same eight columns,
/// so the wrapped lines under it stay aligned).
#[must_use]
pub fn chinese_labels(drawn: &str) -> String {
    drawn.replace("  help: ", "  建议：")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_help_label_is_chinese_and_keeps_its_width() {
        use unicode_width::UnicodeWidthStr;
        #[derive(Debug, thiserror::Error, miette::Diagnostic)]
        #[error("出错了")]
        struct Sample {
            #[help]
            help: String,
        }
        assert_eq!("  help: ".width(), "  建议：".width());
        let drawn = super::render(&Sample { help: "这样改".into() });
        assert!(drawn.contains("  建议：这样改") && !drawn.contains("help"), "{drawn}");
    }
}
