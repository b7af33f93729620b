//! The commented starter file `fazhi init` writes.

/// The commented starter file `fazhi init` writes.
pub const STARTER: &str = r#"# fazhi 配置文件。fazhi 检查一份报告时，使用从报告所在目录向上找到的第一个 fazhi.toml；
# 也可以用 --config 文件 指定。文件中的路径和路径模式都相对于本文件所在的目录。
# 全部规则：fazhi rules；某条规则的说明：fazhi rule 规则id

# 报告层级：province（省）、city（市）、county（县、区）、town（乡镇、街道）、department（政府部门）。
# 部门报告写“主要负责人”而不是“党政主要负责人”，设为 department 后提示语随之改变。
# level = "county"

# 报告本身没有写明年度时使用的报告年度。
# report-year = 2024

# 只运行这些规则（规则 id、类别如 "punct" 或 "punct/*"）；不写则运行全部规则。
# select = ["structure", "meta", "word"]
# 在 select 之外再加上这些。
# extend-select = []
# 不运行这些规则。
# ignore = ["number/cjk-digit-spacing"]

# 额外的规则目录（同 id 的规则替换内置规则）。
# rules = ["规则"]

# 检查目录时跳过的文件。
# exclude = ["草稿/**", "**/*备份*"]

# 门槛：出现该级别及以上的问题即不通过（error、warning、info、none）；得分低于 min-score 不通过。
# fail-on = "error"
# min-score = 60

# 调整某些规则的级别。
# [severity]
# "content/plan-vague" = "warning"
# "number" = "info"

# 按路径改变设置，如乡镇报告：
# [[per-file]]
# path = ["乡镇/**"]
# level = "town"
# ignore = ["meta/recipient"]

# 接受某个问题，必须写明理由：
# [[suppress]]
# rule = "word/typo"
# path = "2023/某某局.txt"
# text = "截止"
# reason = "引用上级文件原标题，不改"
"#;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::STARTER;
    use crate::config::{Config, Selection};

    #[test]
    fn the_starter_file_is_valid_and_all_defaults() {
        let config = Config::parse("fazhi.toml", STARTER, PathBuf::from("/repo"), None, &["content/plan-vague"]);
        let config = config.map_err(|e| e.into_iter().map(|e| e.message).collect::<Vec<_>>()).unwrap();
        assert_eq!(config.selection, Selection::default());
        assert!(config.per_file.is_empty() && config.suppress.is_empty());
    }
}
