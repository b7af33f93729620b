//! The commented starter file `fazhi init` writes: the pack's own `starter.toml`, else a short
//! generic one. A pack other than the default is named in it, so the file chooses that pack.

use crate::pack::PackSettings;

/// The starter configuration for `pack`; `named` is how the user named a pack other than the
/// default, written as `pack = "…"` when the pack's own starter does not set it.
#[must_use]
pub fn starter(pack: &PackSettings, named: Option<&str>) -> String {
    let mut text = pack.starter.clone().unwrap_or_else(|| GENERIC.to_string());
    let sets_pack = text.lines().any(|l| l.trim_start().starts_with("pack ") || l.trim_start().starts_with("pack="));
    if let (Some(name), false) = (named, sets_pack) {
        text = format!("# 规则包：{}\npack = {name:?}\n\n{text}", pack.name);
    }
    text
}

/// The starter of a pack that has none of its own.
const GENERIC: &str = r#"# fazhi 配置文件。fazhi 检查一份报告时，使用从报告所在目录向上找到的第一个 fazhi.toml；
# 也可以用 --config 文件 指定。文件中的路径和路径模式都相对于本文件所在的目录。
# 全部规则：fazhi rules；某条规则的说明：fazhi rule 规则id

# 只运行这些规则（规则 id、类别或 类别/*）；不写则运行全部规则。
# select = []
# 不运行这些规则。
# ignore = []

# 门槛：出现该级别及以上的问题即不通过（error、warning、info、none）；得分低于 min-score 不通过。
# fail-on = "error"
# min-score = 60
"#;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::{Config, Selection};
    use crate::pack::Pack;

    #[test]
    fn every_builtin_starter_is_valid_and_all_defaults() {
        for embedded in Pack::builtin() {
            let (settings, rules, _) = Pack::Builtin(embedded.name).read();
            let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
            for named in [None, Some(embedded.name)] {
                let text = starter(&settings, named);
                let config = Config::parse("fazhi.toml", &text, PathBuf::from("/repo"), None, &ids);
                let config = config.map_err(|e| e.into_iter().map(|e| e.message).collect::<Vec<_>>()).unwrap();
                assert_eq!(config.selection, Selection::default());
                assert!(config.per_file.is_empty() && config.suppress.is_empty());
                assert_eq!(config.pack.is_some(), named.is_some());
            }
        }
    }

    #[test]
    fn a_pack_without_a_starter_gets_the_generic_one_naming_it() {
        let mut settings = PackSettings::builtin("default").unwrap();
        settings.starter = None;
        let text = starter(&settings, Some("fixtures/packs/one-rule"));
        assert!(text.contains("pack = \"fixtures/packs/one-rule\"") && text.contains("min-score"));
    }
}
