//! `fazhi init`: writes the pack's commented starter `fazhi.toml`.

use crate::cli::Outcome;
use crate::cli::args::{InitArgs, locate_pack};
use crate::pack::{DEFAULT, Pack};

/// Runs `fazhi init`.
pub(crate) fn run(args: &InitArgs) -> Outcome {
    let pack = match locate_pack(args.pack.as_deref()) {
        Ok(pack) => pack.unwrap_or_default(),
        Err(message) => return Outcome::usage(&message),
    };
    let mut outcome = Outcome::default();
    let path = args.dir.join(crate::config::FILE_NAME);
    if path.exists() && !args.force {
        return Outcome::usage(&format!("{} 已存在；要覆盖请加 --force", path.display()));
    }
    let (settings, _, _) = pack.read();
    let named = if pack == Pack::Builtin(DEFAULT) { None } else { args.pack.as_deref() };
    let text = crate::config::starter(&settings, named);
    match crate::write::write_atomic(&path, text) {
        Ok(()) => outcome.stdout = format!("已写入 {}。打开它，按注释取消需要的设置前的 #。\n", path.display()),
        Err(e) => {
            outcome.stderr = format!("无法写入 {}：{e}\n", path.display());
            outcome.code = 2;
        }
    }
    outcome
}
