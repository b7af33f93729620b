//! `fazhi help [命令…]`: the help of the program or of one of its commands, as `--help` shows it.

use crate::cli::Outcome;
use crate::cli::args::HelpArgs;
use crate::cli::chinese;

/// Runs `fazhi help`.
pub(crate) fn run(args: &HelpArgs) -> Outcome {
    let mut cmd = chinese::command();
    for name in &args.command {
        let Some(sub) = cmd.find_subcommand(name).cloned() else {
            let path = std::iter::once(cmd.get_name()).collect::<Vec<_>>().join(" ");
            return Outcome::usage(&format!("没有“{name}”这个命令；运行 {path} --help 查看全部命令"));
        };
        cmd = sub;
    }
    Outcome { stdout: cmd.render_long_help().to_string(), ..Outcome::default() }
}
