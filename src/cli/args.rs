//! The command line as clap reads it: the subcommands, their arguments and the value lists.
//! Nothing here runs a command; `commands/` does, one file per subcommand.
//!
//! The three output-format lists are named after the command they belong to: [`CheckFormat`]
//! (`fazhi check --format`), [`AuditFormat`] (`fazhi report --format`) and [`ListFormat`]
//! (`fazhi rules --format`). The format a report was *read* from is `source::InputFormat`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use super::plan::Overrides;
use crate::config::Threshold;
use crate::finding::Severity;
use crate::pack::Pack;

/// Checks Chinese 法治政府建设年度报告 against the 督察工作规定, 公文 format and language rules.
#[derive(Debug, Parser)]
#[command(name = "fazhi", version, about = "检查法治政府建设年度报告：必备要素、格式、用语，给出得分和逐条标注的问题")]
pub struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// 检查报告（.txt/.md/.docx/.html/.pdf 文件或目录）
    Check(CheckArgs),
    /// 记录现有的问题作为基线；之后 check --baseline 只报告新问题
    Baseline(BaselineArgs),
    /// 自动修改不会改变原意的问题（半角标点、数字与汉字间的空格、……、年份连接号、标注为安全的错别字）；.docx 写成修订，另存为 原名.fazhi.docx
    Fix(FixArgs),
    /// 把检查结果写成 Word 批注：每个问题批注在原文处，标题处一条小结，另存为 原名.fazhi.docx（不改原文件）
    Annotate(AnnotateArgs),
    /// 生成可打印的审核单和汇总表（HTML/PDF、Markdown、Excel、CSV）
    Report(AuditArgs),
    /// 说明一条规则：检查什么、依据、示例
    Rule(RuleArgs),
    /// 在当前目录（或指定目录）写一个带注释的 fazhi.toml 配置文件
    Init(InitArgs),
    /// 列出全部规则
    Rules(RulesArgs),
    /// 打开检查页面：在浏览器中上传报告，查看标注，下载审核单；也提供 HTTP 接口
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// 输出命令行补全脚本（bash、zsh、fish、powershell、elvish），用法见 README
    Completions(CompletionsArgs),
    /// 显示帮助：fazhi help check 同 fazhi check --help
    Help(HelpArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct RuleArgs {
    /// 规则 id（如 structure/causes）、规则名称（如 错别字和易混词）或 id 的末段（如 causes）
    #[arg(value_name = "规则")]
    pub(crate) id: String,
    /// 规则包（默认 default）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
    /// 额外的规则目录
    #[arg(long = "rules", value_name = "目录")]
    pub(crate) rule_dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// 写到这个目录
    #[arg(default_value = ".", value_name = "目录")]
    pub(crate) dir: PathBuf,
    /// 覆盖已有的 fazhi.toml
    #[arg(long)]
    pub(crate) force: bool,
    /// 写这个规则包的起始配置（默认 default）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct RulesArgs {
    #[command(subcommand)]
    pub(crate) action: Option<RulesAction>,
    /// 规则包（默认 default）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
    /// 额外的规则目录
    #[arg(long = "rules", value_name = "目录")]
    pub(crate) rule_dirs: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = ListFormat::Human, value_name = "格式")]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesAction {
    /// 运行规则的示例：每个 bad 示例必须报告、每个 good 示例不得报告（不需要 cargo）
    Test(RulesTestArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct RulesTestArgs {
    /// 规则包的名称或目录，或一个规则目录（只测试其中的规则）；默认测试 default 规则包
    #[arg(value_name = "目录|规则包")]
    pub(crate) target: Option<String>,
    /// 测试规则目录时所用的规则包（默认 default）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
}

/// Options of `fazhi serve`.
#[cfg(feature = "serve")]
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// 监听的地址；在单位内网提供服务时用 0.0.0.0（会给出警告，建议同时设置 --token）
    #[arg(long, default_value = "127.0.0.1", value_name = "地址")]
    pub(crate) host: std::net::IpAddr,
    /// 端口（0：自动选一个空闲端口）
    #[arg(long, default_value_t = 0, value_name = "端口")]
    pub(crate) port: u16,
    /// 不自动打开浏览器
    #[arg(long)]
    pub(crate) no_open: bool,
    /// 访问口令：每个请求都要带上（网址中 ?token=…，或请求头 Authorization: Bearer …）
    #[arg(long, value_name = "口令")]
    pub(crate) token: Option<String>,
    /// 用于每份上传报告的配置文件（fazhi.toml）
    #[arg(long, value_name = "文件")]
    pub(crate) config: Option<PathBuf>,
    /// 默认使用的规则包：内置规则包的名称，或含 pack.toml 的目录（页面上还可以选其他内置规则包）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
    /// 额外的规则目录（可多次给出）
    #[arg(long = "rules", value_name = "目录")]
    pub(crate) rule_dirs: Vec<PathBuf>,
    /// 每个文件的大小上限（MB）
    #[arg(long, default_value_t = 20, value_name = "兆字节")]
    pub(crate) max_file_mb: u64,
    /// 每次请求的文件数上限
    #[arg(long, default_value_t = 50, value_name = "个数")]
    pub(crate) max_files: usize,
    /// 同时检查的报告数（默认等于 CPU 核数）；更多的请求排队
    #[arg(long, value_name = "个数")]
    pub(crate) jobs: Option<usize>,
    /// 排队等待的请求数上限；再多的请求立即得到 503（服务器繁忙）
    #[arg(long, default_value_t = 32, value_name = "个数")]
    pub(crate) queue: usize,
    /// 每个请求的时限（秒），超过得到 408
    #[arg(long, default_value_t = 60, value_name = "秒")]
    pub(crate) timeout: u64,
    /// 启动后检查这个文件并打开它的结果页（把报告拖到 fazhi 上时使用）
    #[arg(long, value_name = "文件", hide = true)]
    pub(crate) open_file: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct HelpArgs {
    /// 要看帮助的命令，如 check 或 rules test
    #[arg(value_name = "命令")]
    pub(crate) command: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CompletionsArgs {
    /// 外壳程序
    #[arg(value_enum, value_name = "外壳")]
    pub(crate) shell: clap_complete::Shell,
}

/// Output formats of `fazhi rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Human,
    Json,
}

/// Output formats of `check`; see README and docs/json-format.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// 给起草人员看的诊断和小结（默认）
    Human,
    /// 一个 JSON 文档（docs/json-format.md）
    Json,
    /// 每行一个 JSON 对象：每个问题一行、每份报告一行
    JsonLines,
    /// SARIF 2.1.0（GitHub 代码扫描等）
    Sarif,
    /// JUnit XML（GitLab、Jenkins 等 CI 的测试报告）
    Junit,
    /// GitHub Actions 的注释命令
    Github,
    /// Checkstyle XML
    Checkstyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

// Each flag is its own switch on the command line; a state machine would not read better.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// 要检查的文件或目录（目录中查找 .txt、.md、.docx、.html、.pdf 文件）
    #[arg(required = true, value_name = "文件")]
    pub(crate) paths: Vec<PathBuf>,
    /// 输出格式（可多次给出，每个后面可跟一个 --output；只能有一个写到标准输出）
    #[arg(long, value_enum, value_name = "格式", action = clap::ArgAction::Append)]
    pub(crate) format: Vec<CheckFormat>,
    /// 把前面那个 --format 的结果写入文件（先写临时文件再改名）；没有 --format 时写入中文诊断
    #[arg(long, short = 'o', value_name = "文件", action = clap::ArgAction::Append)]
    pub(crate) output: Vec<PathBuf>,
    /// 按规则统计问题数，从多到少（human 输出一张表，json 输出中加 statistics 字段）
    #[arg(long)]
    pub(crate) statistics: bool,
    /// 只输出每份报告的一行结论
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// 出现该级别及以上的问题即判为“需修改”（默认 error，或配置文件中的 fail-on）
    #[arg(long, value_enum, value_name = "级别")]
    pub(crate) fail_on: Option<FailOn>,
    /// 得分低于此值判为“需修改”
    #[arg(long, value_name = "分数")]
    pub(crate) min_score: Option<f64>,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    /// 颜色：auto 在终端中显示颜色，always 总是，never 从不
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "何时")]
    pub(crate) color: ColorChoice,
    /// 只显示识别出的文档结构：标题、发文机关、年度、成文日期、各级标题（带行号、段号或页码），以及每个必备要素取自哪里；只查看，退出码为 0
    #[arg(long)]
    pub(crate) outline: bool,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "个数")]
    pub(crate) jobs: Option<usize>,
    /// 先自动修改可安全修改的问题（同 fazhi fix），再报告其余问题
    #[arg(long)]
    pub(crate) fix: bool,
    /// 只报告基线文件（fazhi baseline 生成）中没有记录的问题
    #[arg(long, value_name = "文件")]
    pub(crate) baseline: Option<PathBuf>,
    /// 与同一单位上一年度的报告比较：照搬的不足、原因、安排，改了年份的成效，去年安排未见落实的事项（只能检查一份报告）
    #[arg(long, value_name = "文件")]
    pub(crate) previous: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct BaselineArgs {
    /// 要记录的文件或目录
    #[arg(required = true, value_name = "文件")]
    pub(crate) paths: Vec<PathBuf>,
    /// 基线文件
    #[arg(long, short = 'o', value_name = "文件", default_value = "fazhi-baseline.json")]
    pub(crate) output: PathBuf,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "个数")]
    pub(crate) jobs: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct FixArgs {
    /// 要修改的 .txt/.md/.docx 文件或目录（.docx 不改原文件，修订写在 原名.fazhi.docx 中）
    #[arg(required = true, value_name = "文件")]
    pub(crate) paths: Vec<PathBuf>,
    /// 只显示会怎样修改，不写入文件
    #[arg(long)]
    pub(crate) diff: bool,
    /// 覆盖已有的 原名.fazhi.docx
    #[arg(long)]
    pub(crate) force: bool,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
}

/// Output formats of `fazhi annotate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AnnotateFormat {
    /// 每个文件一行结果
    Human,
    /// JSON：每个文件的批注（规则、问题文字、批注所在的文字）和修订
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AnnotateArgs {
    /// 要批注的 .docx 文件或目录（.txt 另存为带批注的新 Word 文档）
    #[arg(required = true, value_name = "文件")]
    pub(crate) paths: Vec<PathBuf>,
    /// 输出文件（只有一个输入时）或目录；默认写在原文件旁，名为 原名.fazhi.docx
    #[arg(long, short, value_name = "路径")]
    pub(crate) output: Option<PathBuf>,
    /// 覆盖已有的输出文件
    #[arg(long)]
    pub(crate) force: bool,
    /// 同时把可安全修改的问题写成修订（同 fazhi fix）
    #[arg(long)]
    pub(crate) fix: bool,
    /// 批注和修订的作者
    #[arg(long, value_name = "作者", default_value = "fazhi")]
    pub(crate) author: String,
    /// 批注和修订的日期：2024-03-01 或 2024-03-01T10:00:00Z，none 表示不写；默认为当前时间（设置了环境变量 `SOURCE_DATE_EPOCH` 时取它）
    #[arg(long, value_name = "日期")]
    pub(crate) date: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AnnotateFormat::Human, value_name = "格式")]
    pub(crate) format: AnnotateFormat,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    /// 并行处理的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "个数")]
    pub(crate) jobs: Option<usize>,
}

/// Output formats of `fazhi report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    /// 一个 HTML 文件：汇总表和每份报告的审核单（A4 打印，分页）
    Html,
    /// Markdown（适合 CI 任务摘要、合并请求评论）
    Md,
    /// Excel 工作簿：“报告”和“问题”两个工作表
    Xlsx,
    /// 两个 CSV 文件（带 UTF-8 BOM）：报告表，以及同名加 .findings 的问题表
    Csv,
    /// PDF 文件（A4 纵向，嵌入中文字体，不需要浏览器）：汇总和每份报告的审核单，每页有页码、页眉和日期
    Pdf,
}

#[derive(Debug, clap::Args)]
pub(crate) struct AuditArgs {
    /// 要审核的文件或目录（目录中查找 .txt、.md、.docx、.html、.pdf 文件）
    #[arg(required = true, value_name = "文件")]
    pub(crate) paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = AuditFormat::Html, value_name = "格式")]
    pub(crate) format: AuditFormat,
    /// 输出文件（html、md 不给出时写到标准输出；xlsx、csv 必须给出）
    #[arg(long, short, value_name = "文件")]
    pub(crate) output: Option<PathBuf>,
    /// 另用 Chromium 把 HTML 打印成同名 .pdf（没有安装时说明如何用浏览器打印）
    #[arg(long)]
    pub(crate) pdf: bool,
    #[command(flatten)]
    pub(crate) read: ReadArgs,
    /// 出现该级别及以上的问题即判为“需修改”（同 check；默认 error，或配置文件中的 fail-on）
    #[arg(long, value_enum, value_name = "级别")]
    pub(crate) fail_on: Option<FailOn>,
    /// 得分低于此值判为“需修改”（同 check）
    #[arg(long, value_name = "分数")]
    pub(crate) min_score: Option<f64>,
    /// 只列出基线文件（fazhi baseline 生成）中没有记录的问题（同 check）
    #[arg(long, value_name = "文件")]
    pub(crate) baseline: Option<PathBuf>,
    /// 与同一单位上一年度的报告比较（同 check；只能审核一份报告）
    #[arg(long, value_name = "文件")]
    pub(crate) previous: Option<PathBuf>,
    /// 并行检查的线程数（默认用全部 CPU 核）
    #[arg(long, short, value_name = "个数")]
    pub(crate) jobs: Option<usize>,
    /// 不在标准错误上显示检查进度（默认十份以上的报告显示“正在检查 120/320”）
    #[arg(long)]
    pub(crate) no_progress: bool,
    /// 用这个浏览器打印 --pdf（浏览器程序文件的路径；默认自动查找）
    #[arg(long, value_name = "程序")]
    pub(crate) browser: Option<PathBuf>,
    /// --format pdf 使用的字体文件（.ttf、.otf 或 .ttc；默认在系统字体目录中查找宋体、仿宋、思源宋体等）
    #[arg(long, value_name = "字体文件")]
    pub(crate) font: Option<PathBuf>,
    /// 另把每份报告的审核单和汇总分别写成一个文件，放在这个目录中（用于 --format pdf，文件名取自报告文件名）
    #[arg(long, value_name = "目录")]
    pub(crate) split: Option<PathBuf>,
    /// 双面打印用：--format pdf 的汇总和每份审核单都从奇数页（正面）开始，需要时在前面留一张空白页
    #[arg(long)]
    pub(crate) recto: bool,
}

/// How reports and rules are read; shared by `check`, `baseline`, `fix`, `annotate` and `report`.
#[derive(Debug, clap::Args)]
pub(crate) struct ReadArgs {
    /// 指定 .txt/.md/.html 文件的编码（如 gbk、gb18030、utf-8），默认自动识别
    #[arg(long, value_name = "编码")]
    pub(crate) encoding: Option<String>,
    /// 报告本身没有写明年度时使用的报告年度
    #[arg(long, value_name = "年度")]
    pub(crate) report_year: Option<i32>,
    /// 使用这个规则包：内置规则包的名称，或含 pack.toml 的目录（默认 default，或配置文件中的 pack）
    #[arg(long, value_name = "规则包")]
    pub(crate) pack: Option<String>,
    /// 额外的规则目录（可多次给出；同 id 的规则替换规则包中的规则）
    #[arg(long = "rules", value_name = "目录")]
    pub(crate) rule_dirs: Vec<PathBuf>,
    /// 只运行这些规则：规则 id、类别（structure）或 类别/*，逗号分隔（替换配置文件中的 select）
    #[arg(long, value_name = "规则", value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// 不运行这些规则（写法同 --select）
    #[arg(long, value_name = "规则", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// 使用这个配置文件（默认从每份报告所在目录向上查找 fazhi.toml）
    #[arg(long, value_name = "文件", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// 不读任何配置文件
    #[arg(long)]
    pub(crate) no_config: bool,
}

impl ReadArgs {
    /// What these arguments, with the gate flags of `check`, override in the configuration.
    ///
    /// # Errors
    /// `--pack` names no pack (the message says which packs there are).
    pub(crate) fn overrides(&self, fail_on: Option<FailOn>, min_score: Option<f64>) -> Result<Overrides, String> {
        Ok(Overrides {
            config: self.config.clone(),
            no_config: self.no_config,
            pack: locate_pack(self.pack.as_deref())?,
            rule_dirs: self.rule_dirs.clone(),
            selection: crate::config::Selection {
                select: self.select.clone(),
                ignore: self.ignore.clone(),
                ..crate::config::Selection::default()
            },
            fail_on: fail_on.map(|f| match f {
                FailOn::Error => Threshold::At(Severity::Error),
                FailOn::Warning => Threshold::At(Severity::Warning),
                FailOn::Info => Threshold::At(Severity::Info),
                FailOn::None => Threshold::Never,
            }),
            min_score,
            encoding: self.encoding.clone(),
            report_year: self.report_year,
        })
    }
}

/// The pack `--pack` names, relative to the working directory; `None` when not given.
///
/// # Errors
/// The name is neither a built-in pack nor a directory with a `pack.toml`.
pub(crate) fn locate_pack(name: Option<&str>) -> Result<Option<Pack>, String> {
    name.map(|name| Pack::locate(name, std::path::Path::new(""))).transpose()
}
