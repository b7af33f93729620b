//! `rules/README.md` is generated from the rule files; this test fails when it is stale and
//! rewrites it when run with `UPDATE_EXPECT=1`.

use fazhi::rules::RuleSet;

use super::root;

fn catalogue() -> String {
    let (rules, _) = RuleSet::builtin();
    let mut out = String::from(
        "# 规则目录\n\n本文件由测试从 `rules/` 下的规则文件生成（`UPDATE_EXPECT=1 cargo test catalogue`），请勿手改。\n\
         每条规则的完整说明、依据和示例：`fazhi rule <id>`。\n\n| id | 名称 | 类型 | 级别 | 分值 |\n|---|---|---|---|---|\n",
    );
    for rule in &rules.rules {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            rule.id,
            rule.name,
            rule.kind_name(),
            rule.severity,
            rule.weight
        ));
    }
    out.push_str("\n## 说明\n");
    for rule in &rules.rules {
        // An anchor named by the rule id: SARIF's helpUri points here (`README.md#structure/causes`).
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n### `{}` {}\n\n{}\n",
            rule.id,
            rule.id,
            rule.name,
            rule.description.trim()
        ));
    }
    out
}

#[test]
fn rule_catalogue_is_up_to_date() {
    let path = root().join("rules/README.md");
    let expected = catalogue();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        if std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(&path, expected).unwrap();
        } else {
            panic!("rules/README.md is stale: run `UPDATE_EXPECT=1 cargo test catalogue` and commit it");
        }
    }
}
