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
    out
}
