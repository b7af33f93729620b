//! `fazhi init`: writes a commented starter `fazhi.toml`.

use crate::cli::Outcome;
use crate::cli::args::InitArgs;

/// Runs `fazhi init`.
pub(crate) fn run(args: &InitArgs) -> Outcome {
    let mut outcome = Outcome::default();
    let path = args.dir.join(crate::config::FILE_NAME);
    if path.exists() && !args.force {
        return Outcome::usage(&format!("{} 已存在；要覆盖请加 --force", path.display()));
    }
    match std::fs::write(&path, crate::config::STARTER) {
        Ok(()) => outcome.stdout = format!("已写入 {}。打开它，按注释取消需要的设置前的 #。\n", path.display()),
        Err(e) => {
            outcome.stderr = format!("无法写入 {}：{e}\n", path.display());
            outcome.code = 2;
        }
    }
    outcome
}
