//! clap in Chinese. clap writes its help headings, value lists, defaults and parse errors in
//! English and has no translation table, so [`command`] lays the help out with a template of
//! our own (用法、命令、参数、选项), replaces the built-in help and version flags with ones whose
//! help is Chinese, writes each option's values and default into its help text, and sets each
//! usage line with `[选项]`; [`error`] renders a parse error from its kind and context instead
//! of clap's English sentence. Nothing of clap's own wording reaches the user.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::args::Cli;

/// The command line with Chinese help, ready to parse (built, with its usage lines set).
pub(crate) fn command() -> Command {
    let mut cmd = localize(Cli::command());
    cmd.build();
    set_usage(&mut cmd);
    cmd
}

fn localize(cmd: Command) -> Command {
    let template = template(&cmd);
    let has_version = cmd.get_version().is_some();
    let mut cmd = cmd
        .help_template(template)
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助（-h 只显示摘要）"));
    if has_version {
        cmd = cmd
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"));
    }
    cmd.mut_args(localize_arg).mut_subcommands(localize)
}

/// The help layout of one command: only the sections it has, each under a Chinese heading
/// with a full-width colon (clap's `{all-args}` writes its headings with an ASCII one).
fn template(cmd: &Command) -> String {
    let mut template = String::from("{before-help}{about-with-newline}\n用法：{usage}");
    if cmd.get_subcommands().any(|sub| !sub.is_hide_set()) {
        template.push_str("\n\n命令：\n{subcommands}");
    }
    if cmd.get_positionals().any(|arg| !arg.is_hide_set()) {
        template.push_str("\n\n参数：\n{positionals}");
    }
    template.push_str("\n\n选项：\n{options}{after-help}");
    template
}

/// Writes the values an option takes and its default into its help, in Chinese, and hides
/// clap's English `[possible values: …]`, `Possible values:` and `[default: …]`.
fn localize_arg(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let values: Vec<_> = arg.get_possible_values().into_iter().filter(|value| !value.is_hide_set()).collect();
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|value| value.to_string_lossy().into_owned()).collect();
    if values.is_empty() && defaults.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let long_help = arg.get_long_help().map(ToString::to_string);
    let mut notes = Vec::new();
    if !defaults.is_empty() {
        notes.push(format!("默认：{}", defaults.join("、")));
    }
    let described = values.iter().any(|value| value.get_help().is_some());
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(clap::builder::PossibleValue::get_name).collect();
        notes.push(format!("可选：{}", names.join("、")));
    }
    let short = format!("{help}（{}）", notes.join("；"));
    let has_long_help = long_help.is_some() || described;
    let mut long = long_help.clone().unwrap_or_else(|| short.clone());
    if described {
        long = format!("{}\n\n可选值：", long_help.unwrap_or(help));
        for value in &values {
            match value.get_help() {
                Some(text) => write!(long, "\n- {}：{text}", value.get_name()).unwrap_or(()),
                None => write!(long, "\n- {}", value.get_name()).unwrap_or(()),
            }
        }
        if !defaults.is_empty() {
            write!(long, "\n\n默认：{}", defaults.join("、")).unwrap_or(());
        }
    } else if long_help.is_some() {
        write!(long, "\n\n{}", notes.join("；")).unwrap_or(());
    }
    let arg = arg.hide_possible_values(true).hide_default_value(true).help(short);
    if has_long_help { arg.long_help(long) } else { arg }
}

/// Sets each command's usage line as clap would write it, with `[选项]` for `[OPTIONS]`
/// (which clap writes in English whatever the template says).
fn set_usage(cmd: &mut Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).replace("[OPTIONS]", "[选项]");
    *cmd = std::mem::take(cmd).override_usage(usage);
    for sub in cmd.get_subcommands_mut() {
        set_usage(sub);
    }
}

/// A parse error in Chinese, from its kind and context: what is wrong, a suggestion when clap
/// has one, the usage line, and where to read more. `command_path` is the command the error
/// belongs to (`fazhi check`), for the closing pointer to its help.
pub(crate) fn error(error: &clap::Error, command_path: &str) -> String {
    let arg = string(error, ContextKind::InvalidArg);
    let value = string(error, ContextKind::InvalidValue);
    let mut text = String::from("错误：");
    text.push_str(&match error.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令", string(error, ContextKind::InvalidSubcommand))
        }
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面缺少值"),
        ErrorKind::InvalidValue => format!("{arg} 的值“{value}”不是可选的值"),
        ErrorKind::ValueValidation => format!("{arg} 的值“{value}”不对：{}", validation(error)),
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(error, ContextKind::InvalidArg);
            format!("缺少必需的参数：{}", missing.join("、"))
        }
        ErrorKind::MissingSubcommand => {
            format!("{} 后面要跟一个命令", string(error, ContextKind::InvalidSubcommand))
        }
        ErrorKind::ArgumentConflict => conflict(error, &arg),
        ErrorKind::NoEquals => format!("给 {arg} 赋值时要写等号（{arg}=…）"),
        ErrorKind::TooManyValues => format!("{arg} 多了一个值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的值的个数不对"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_owned(),
        _ => "命令行参数有误".to_owned(),
    });
    let values = strings(error, ContextKind::ValidValue);
    if !values.is_empty() {
        write!(text, "\n  可选的值：{}", values.join("、")).unwrap_or(());
    }
    let subcommands = strings(error, ContextKind::ValidSubcommand);
    if !subcommands.is_empty() {
        write!(text, "\n  可用的命令：{}", subcommands.join("、")).unwrap_or(());
    }
    let mut tips = Vec::new();
    for (kind, what) in [
        (ContextKind::SuggestedSubcommand, "命令"),
        (ContextKind::SuggestedArg, "选项"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let similar = strings(error, kind);
        if !similar.is_empty() {
            tips.push(format!("相近的{what}：{}", similar.join("、")));
        }
    }
    if let Some(ContextValue::StyledStrs(suggestions)) = error.get(ContextKind::Suggested) {
        tips.extend(suggestions.iter().filter_map(|s| suggestion(&s.to_string())));
    }
    if !tips.is_empty() {
        text.push('\n');
    }
    for tip in tips {
        write!(text, "\n  提示：{tip}").unwrap_or(());
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        write!(text, "\n\n用法：{}", usage.strip_prefix("Usage: ").unwrap_or(&usage)).unwrap_or(());
    }
    write!(text, "\n\n运行 {command_path} --help 查看全部用法。\n").unwrap_or(());
    text
}

fn string(error: &clap::Error, kind: ContextKind) -> String {
    match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    }
}

fn strings(error: &clap::Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(list)) => list.clone(),
        _ => Vec::new(),
    }
}

fn conflict(error: &clap::Error, arg: &str) -> String {
    match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(prior)) if prior == arg => format!("{arg} 只能给出一次"),
        Some(ContextValue::String(prior)) => format!("{arg} 不能和 {prior} 同时使用"),
        Some(ContextValue::Strings(prior)) => format!("{arg} 不能和 {} 同时使用", prior.join("、")),
        _ => format!("{arg} 不能和已给出的其他参数同时使用"),
    }
}

/// Why a value did not parse, from the parser's error type (clap passes the standard
/// library's English message on).
fn validation(error: &clap::Error) -> &'static str {
    use std::error::Error as _;
    let Some(source) = error.source() else { return "写法不对" };
    if let Some(e) = source.downcast_ref::<std::num::ParseIntError>() {
        return match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => "数值超出范围",
            std::num::IntErrorKind::Empty => "缺少数值",
            _ => "应为整数",
        };
    }
    if source.is::<std::num::ParseFloatError>() {
        return "应为数字";
    }
    if source.is::<std::net::AddrParseError>() {
        return "应为 IP 地址，如 127.0.0.1 或 0.0.0.0";
    }
    "写法不对"
}

/// clap's suggestions are English sentences with the literal parts in quotes; the three it
/// writes are recognised by their shape and said in Chinese, any other is left out.
fn suggestion(english: &str) -> Option<String> {
    let quoted: Vec<&str> = english.split('\'').skip(1).step_by(2).collect();
    if english.starts_with("to pass ") && quoted.len() == 2 {
        Some(format!("要把“{}”当作文件名等值传入，请写 {}", quoted[0], quoted[1]))
    } else if english.starts_with("subcommand ") && quoted.len() == 2 {
        Some(format!("有“{}”这个命令；要使用它，请去掉它前面的 --", quoted[0]))
    } else if english.ends_with(" exists") && quoted.len() == 1 {
        Some(format!("可以用 {}", quoted[0]))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_suggestions_of_clap_are_recognised() {
        assert_eq!(
            suggestion("to pass '-x' as a value, use '-- -x'").as_deref(),
            Some("要把“-x”当作文件名等值传入，请写 -- -x")
        );
        assert_eq!(suggestion("'rules --pack' exists").as_deref(), Some("可以用 rules --pack"));
        assert!(suggestion("subcommand 'check' exists; to use it, remove the '--' before it").is_some());
        assert_eq!(suggestion("something new"), None);
    }
}
