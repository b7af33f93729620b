//! The Chinese for the errors of the libraries fazhi builds on: toml/serde messages about a
//! configuration, rule or pack file, regex compile errors in rule files, and the operating
//! system's io errors. Every place that shows one of these to a user goes through here, so no
//! English sentence from a library reaches a Chinese message.

use super::edit_distance;

/// A toml/serde error message in Chinese, with the "did you mean" for an unknown key among
/// `keys` when there is one.
#[must_use]
pub fn toml_error(message: &str, keys: &[&str]) -> (String, Option<String>) {
    let message = message.trim();
    if message.chars().any(is_cjk) {
        // One of fazhi's own messages, raised from a custom deserializer.
        return (message.to_string(), None);
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (key, rest) = quoted(rest);
        let allowed = expected_list(rest);
        let text = if allowed.is_empty() {
            format!("未知的设置项“{key}”，这里不能写设置项")
        } else {
            format!("未知的设置项“{key}”，可用的有：{}", allowed.join("、"))
        };
        let near = if keys.is_empty() { nearest(&key, &allowed) } else { nearest(&key, keys) };
        return (text, near.map(|best| format!("是不是想写“{best}”？")));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, rest) = quoted(rest);
        let allowed = expected_list(rest);
        let near = nearest(&value, &allowed);
        return (
            format!("无效的取值“{value}”，可用的有：{}", allowed.join("、")),
            near.map(|best| format!("是不是想写“{best}”？")),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (format!("缺少必填项“{}”", quoted(rest).0), None);
    }
    if let Some(rest) = message.strip_prefix("duplicate field ").or_else(|| message.strip_prefix("duplicate key ")) {
        return (format!("设置项“{}”写了两次", quoted(rest).0), Some("删去其中一处".to_string()));
    }
    if message.starts_with("duplicate key") {
        return ("同一个设置项写了两次".to_string(), Some("删去其中一处".to_string()));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (format!("类型不对：这里应写{}，写的是{}", kind_name(wanted), kind_name(found)), None);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let (found, wanted) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (format!("取值不对：这里应写{}，写的是{}", kind_name(wanted), kind_name(found)), None);
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        let count = rest.split(',').next().unwrap_or("").trim();
        return (format!("数组的长度不对（写了{count}项）"), None);
    }
    if message.contains("overflowed") {
        return ("数值超出范围".to_string(), None);
    }
    (
        syntax_error(message),
        Some("检查这一行的引号、方括号、等号和逗号；TOML 的写法见 fazhi init 生成的示例".to_string()),
    )
}

/// The Chinese for a TOML syntax error (the parser's description, then `, expected …`).
fn syntax_error(message: &str) -> String {
    const SYNTAX: &[(&str, &str)] = &[
        ("invalid basic string", "字符串没有正确结束（缺少右引号？）"),
        ("invalid literal string", "字符串没有正确结束（缺少右单引号？）"),
        ("invalid multi-line basic string", "多行字符串没有正确结束"),
        ("invalid multi-line literal string", "多行字符串没有正确结束"),
        ("missing escaped value", "反斜杠后缺少转义字符（正则表达式里的 \\ 要写成 \\\\，或改用单引号）"),
        ("invalid escape", "无效的转义字符（正则表达式里的 \\ 要写成 \\\\，或改用单引号）"),
        ("string values must be quoted", "文字取值要加引号"),
        ("key with no value", "设置项缺少“= 取值”"),
        ("missing value for key", "设置项缺少取值"),
        ("missing value", "缺少取值"),
        ("invalid value", "无法识别的取值"),
        ("unclosed array table", "[[表头]] 缺少右方括号"),
        ("unclosed table", "[表头] 缺少右方括号"),
        ("unclosed inline table", "{ } 缺少右花括号"),
        ("unclosed array", "数组缺少右方括号"),
        ("missing comma between array elements", "数组元素之间缺少逗号"),
        ("missing comma between key-value pairs", "设置项之间缺少逗号"),
        ("extra comma in array", "数组里多了一个逗号"),
        ("extra comma in inline table", "{ } 里多了一个逗号"),
        ("missing assignment between key-value pairs", "缺少等号"),
        ("extra assignment between key-value pairs", "多了一个等号"),
        ("extra `=`", "多了一个等号"),
        ("unexpected `=` in array", "数组里不能写等号"),
        ("invalid unquoted key", "设置项的名字只能用字母、数字、连字符和下划线，否则要加引号"),
        ("unquoted keys cannot be empty", "设置项的名字不能为空"),
        ("invalid key", "无法识别的设置项名字"),
        ("invalid table header", "表头有误"),
        ("invalid key-value pair", "无法识别的“设置项 = 取值”"),
        ("unexpected content", "这一行有多余的内容"),
        ("unexpected key or value", "这里不应有设置项或取值"),
        ("invalid comment character", "注释里有无效字符"),
        ("carriage return must be followed by newline", "换行符有误"),
        ("unexpected leading zero", "数字不能以0开头"),
        ("invalid integer", "无法识别的整数"),
        ("invalid float", "无法识别的小数"),
    ];
    let (description, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let description = description.lines().next().unwrap_or("").trim();
    let text = SYNTAX
        .iter()
        .find(|(english, _)| description.starts_with(english))
        .map_or("写法不符合 TOML 语法", |(_, chinese)| chinese);
    let wanted: Vec<String> =
        expected_list(&format!("expected {expected}")).into_iter().filter(|w| w.trim() != "").collect();
    if wanted.is_empty() { text.to_string() } else { format!("{text}，这里应有：{}", wanted.join(" 或 ")) }
}

/// A serde type or value description (such as `a string`, `struct RawRule`) in Chinese.
fn kind_name(english: &str) -> String {
    let english = english.trim();
    let (head, value) = match english.find(['`', '"']) {
        Some(at) => (english[..at].trim(), Some(english[at..].trim_matches(['`', '"']))),
        None => (english, None),
    };
    let head = head.trim_start_matches("a ").trim_start_matches("an ");
    let name = match head {
        _ if head.contains("string or a table") || head.contains("string or table") => "字符串或表",
        _ if head.contains("string") || head == "char" => "字符串（加引号的文字）",
        _ if head.contains("bool") => "true 或 false",
        _ if head.contains("float") || head == "f64" || head == "f32" || head.contains("number") => "数字",
        _ if head.contains("integer") || head.starts_with('u') || head.starts_with('i') => "整数",
        _ if head.contains("sequence") || head.contains("array") || head.contains("tuple") => "数组（[ ]）",
        _ if head.contains("map") || head.contains("table") || head.starts_with("struct") => "表",
        _ if head.contains("date") || head.contains("time") => "日期",
        _ if head.contains("variant") || head.starts_with("enum") => "可用的取值之一",
        _ => "另一种取值",
    };
    match value {
        Some(v) if !v.is_empty() && v.chars().count() <= 40 => format!("{name}“{v}”"),
        _ => name.to_string(),
    }
}

/// The word between the first pair of backticks of `text` and what follows it.
fn quoted(text: &str) -> (String, &str) {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix('`')
        && let Some(end) = rest.find('`')
    {
        return (rest[..end].to_string(), &rest[end + 1..]);
    }
    let end = text.find(',').unwrap_or(text.len());
    (text[..end].trim().to_string(), &text[end..])
}

/// The backticked words of serde's list of what it expected.
fn expected_list(text: &str) -> Vec<String> {
    let Some(at) = text.find("expected") else { return Vec::new() };
    text[at..].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// The closest of `keys` to `key`, within three edits.
fn nearest<S: AsRef<str>>(key: &str, keys: &[S]) -> Option<String> {
    let best = keys.iter().map(AsRef::as_ref).min_by_key(|k| edit_distance(key, k))?;
    (best != key && edit_distance(key, best) <= 3).then(|| best.to_string())
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
        || ('\u{3000}'..='\u{303f}').contains(&c)
        || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// A regex compile error in Chinese. The regex crate's own explanation is English; the kind of
/// mistake is named in Chinese and the position in the pattern kept.
#[must_use]
pub fn regex_error(error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(_) => {
            "正则表达式过于复杂（编译后超出大小上限），请拆成几条或去掉大的重复次数".to_string()
        }
        regex::Error::Syntax(detail) => {
            const KINDS: &[(&str, &str)] = &[
                ("unclosed group", "有左括号“(”没有配对的右括号"),
                ("unopened group", "有右括号“)”没有配对的左括号"),
                ("unclosed character class", "有左方括号“[”没有配对的右方括号"),
                ("invalid character class range", "字符范围（如 a-z）的前后颠倒了"),
                ("repetition operator missing expression", "重复符号（* + ? {n}）前面没有可重复的内容"),
                ("repetition quantifier expects a valid decimal", "重复次数 {n} 应为数字"),
                ("unclosed counted repetition", "重复次数 {n} 缺少右花括号"),
                ("invalid repetition count range", "重复次数 {m,n} 中 m 大于 n"),
                (
                    "look-around, including look-ahead and look-behind, is not supported",
                    "不支持前瞻和后顾断言（?= ?! ?<= ?<!）",
                ),
                ("backreferences are not supported", "不支持反向引用（\\1）"),
                ("unrecognized escape sequence", "无法识别的转义（反斜杠后的字符）"),
                ("incomplete escape sequence", "反斜杠后缺少字符"),
                ("duplicate capture group name", "捕获组的名字重复了"),
                ("empty capture group name", "捕获组的名字为空"),
                ("invalid capture group character", "捕获组的名字里有无效字符"),
                ("unrecognized flag", "无法识别的标志（?x）"),
                ("Unicode not allowed here", "这里不能用 Unicode 字符"),
                ("exceeds size limit", "正则表达式过于复杂"),
                ("nest limit exceeded", "括号嵌套过深"),
            ];
            let kind = KINDS
                .iter()
                .find(|(english, _)| detail.contains(english))
                .map_or("写法不符合正则表达式语法", |(_, chinese)| chinese);
            match regex_column(detail) {
                Some(column) => format!("{kind}（在表达式的第{column}个字符处）"),
                None => kind.to_string(),
            }
        }
        _ => "正则表达式无法编译".to_string(),
    }
}

/// The 1-based column the regex crate's pretty error points at (the line of `^` under the
/// pattern), counted in characters.
fn regex_column(detail: &str) -> Option<usize> {
    let indent = |line: &str| line.chars().take_while(|c| *c == ' ').count();
    let pattern = detail.lines().nth(1)?;
    let caret = detail.lines().find(|l| l.trim_start().starts_with('^'))?;
    Some(indent(caret).saturating_sub(indent(pattern)) + 1)
}

/// A JSON error (`serde_json`) in Chinese, with its line and column.
#[must_use]
pub fn json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "无法读取".to_string(),
        Category::Eof => "内容不完整（文件被截断了？）".to_string(),
        Category::Syntax => "不是有效的 JSON".to_string(),
        Category::Data => {
            let message = error.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(head, _)| head);
            toml_error(message, &[]).0.replace("设置项", "字段")
        }
    };
    format!("{what}（第{}行第{}列）", error.line(), error.column().max(1))
}

/// An io error in Chinese: what the operating system said, named by its kind.
#[must_use]
pub fn io_error(error: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match error.kind() {
        K::NotFound => "找不到文件或目录",
        K::PermissionDenied => "没有访问权限",
        K::IsADirectory => "这是一个目录，不是文件",
        K::NotADirectory => "路径中有一段不是目录",
        K::AlreadyExists => "文件已存在",
        K::StorageFull => "磁盘空间不足",
        K::ReadOnlyFilesystem => "所在的磁盘是只读的",
        K::DirectoryNotEmpty => "目录不是空的",
        K::ResourceBusy => "文件正被其他程序占用",
        K::FileTooLarge => "文件过大",
        K::InvalidFilename => "文件名无效",
        K::InvalidData => "内容无效",
        K::UnexpectedEof => "文件不完整",
        K::Interrupted => "操作被中断",
        K::TimedOut => "操作超时",
        K::AddrInUse => "端口已被占用",
        K::AddrNotAvailable => "这个地址在本机不可用",
        K::ConnectionRefused => "连接被拒绝",
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => "连接已断开",
        K::OutOfMemory => "内存不足",
        K::Unsupported => "系统不支持这项操作",
        _ => "",
    };
    match (text, error.raw_os_error()) {
        ("", Some(code)) => format!("系统错误（错误码{code}）"),
        ("", None) => "系统错误".to_string(),
        (text, _) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml_of<T: serde::de::DeserializeOwned>(text: &str) -> String {
        toml::from_str::<T>(text).err().expect("the text is wrong").message().to_string()
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    #[allow(dead_code)]
    struct Sample {
        fail_on: Option<String>,
        min_score: Option<f64>,
        help: String,
        list: Option<Vec<String>>,
    }

    #[test]
    fn serde_messages_are_chinese() {
        let (text, help) = toml_error(&toml_of::<Sample>("fial-on = \"error\"\nhelp = \"x\""), &[]);
        assert_eq!(text, "未知的设置项“fial-on”，可用的有：fail-on、min-score、help、list");
        assert_eq!(help.as_deref(), Some("是不是想写“fail-on”？"));
        assert_eq!(toml_error(&toml_of::<Sample>("fail-on = \"x\""), &[]).0, "缺少必填项“help”");
        assert_eq!(
            toml_error(&toml_of::<Sample>("help = 3"), &[]).0,
            "类型不对：这里应写字符串（加引号的文字），写的是整数“3”"
        );
        assert_eq!(
            toml_error(&toml_of::<Sample>("help = \"x\"\nlist = \"a\""), &[]).0,
            "类型不对：这里应写数组（[ ]），写的是字符串（加引号的文字）“a”"
        );
        assert_eq!(
            toml_error(&toml_of::<Sample>("help = \"x\"\nmin-score = true"), &[]).0,
            "类型不对：这里应写数字，写的是true 或 false“true”"
        );
    }

    #[test]
    fn syntax_errors_are_chinese() {
        let (text, help) = toml_error(&toml_of::<Sample>("help = \"x"), &[]);
        assert!(text.starts_with("字符串没有正确结束"), "{text}");
        assert!(help.is_some());
        assert_eq!(toml_error(&toml_of::<Sample>("help = x"), &[]).0.split('，').next(), Some("文字取值要加引号"));
        assert!(toml_error(&toml_of::<Sample>("[table"), &[]).0.starts_with("[表头] 缺少右方括号"));
        assert!(toml_error(&toml_of::<Sample>("help = \"x\"\nhelp = \"y\""), &[]).0.contains("写了两次"));
        assert_eq!(toml_error("something new, expected `=`", &[]).0, "写法不符合 TOML 语法，这里应有：=");
    }

    #[test]
    fn regex_and_io_errors_are_chinese() {
        let error = regex::Regex::new(&String::from("(ab")).unwrap_err();
        assert_eq!(regex_error(&error), "有左括号“(”没有配对的右括号（在表达式的第1个字符处）");
        let error = regex::Regex::new(&String::from("a(?=b)")).unwrap_err();
        assert!(regex_error(&error).starts_with("不支持前瞻"), "{}", regex_error(&error));
        let error = std::fs::read("/definitely/not/here").unwrap_err();
        assert_eq!(io_error(&error), "找不到文件或目录");
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(io_error(&error), "没有访问权限");
        assert_eq!(io_error(&std::io::Error::from_raw_os_error(21)), "这是一个目录，不是文件");
        assert_eq!(io_error(&std::io::Error::other("x")), "系统错误");
    }
}
