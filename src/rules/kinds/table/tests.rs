//! Tests of the `table` kind's parameters: every mistake is located in the rule file. What the
//! checks find on reports is tested end to end in `tests/it/xxgk.rs`.

use crate::rules::load_rule;

const HEAD: &str = r#"name = "表格"
kind = "table"
severity = "warning"
message = "{table}：{text}"
help = "核对表格。"
description = "说明。"
"#;

const TABLE: &str = r#"
[[params.tables]]
key = "review"
label = "行政复议表"
anchors = ['结果维持']
columns = [{ key = "upheld", label = "结果维持" }, { key = "total", label = "总计" }]
rows = [{ key = "cases", label = "案件数" }]
"#;

/// The messages of the errors loading a rule made of `HEAD`, `params` and `TABLE`.
fn errors(params: &str, rest: &str) -> Vec<String> {
    let text = format!("{HEAD}\n[params]\n{params}\n{TABLE}\n{rest}\n[examples]\nbad = [\"甲\"]\ngood = [\"乙\"]\n");
    match load_rule("表格.toml", &text, "table/test", "表格.toml".into()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_well_formed_rule_loads() {
    let relation = "[[params.relations]]\ntable = \"review\"\nper = \"row\"\ntotal = \"total\"\nparts = [\"upheld\"]\nrelation = \"总计等于结果维持\"";
    assert_eq!(errors("check = \"sums\"", relation), Vec::<String>::new());
}

#[test]
fn an_unknown_check_is_named_with_the_checks_there_are() {
    let found = errors("check = \"sum\"", "");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("未知的表格检查“sum”"), "{found:?}");
}

#[test]
fn keys_that_name_nothing_declared_are_each_reported() {
    let relation = "[[params.relations]]\ntable = \"review\"\nper = \"row\"\ntotal = \"sum\"\nparts = [\"upheld\", \"-pending\"]\nrelation = \"总计\"";
    let found = errors("check = \"sums\"", relation);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("没有声明列“sum”"), "{found:?}");
    assert!(found[1].contains("没有声明列“pending”"), "{found:?}");

    let relation = "[[params.relations]]\ntable = \"reviews\"\nper = \"diagonal\"\ntotal = \"total\"\nparts = []\nrelation = \"总计\"";
    let found = errors("check = \"sums\"", relation);
    assert!(found.iter().any(|e| e.contains("没有声明表格“reviews”")), "{found:?}");
}

#[test]
fn a_claim_takes_a_figure_or_an_expected_value_and_prose_names_its_part() {
    let claim = "[[params.claims]]\npattern = '均获维持'\nlabel = \"案件\"\ntable = \"review\"\nrows = [\"cases\"]\ncolumns = [\"upheld\"]";
    let found = errors("check = \"prose\"\nwithin = \"overview\"", claim);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("二者取一"), "{found:?}");
    let found = errors("check = \"prose\"", &format!("{claim}\nexpect = 0"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("within"), "{found:?}");
}
