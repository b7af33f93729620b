//! Writes that an attacker (anyone who can write into the report's or the output's folder, as
//! in a shared CI workspace or /tmp) or an accident could redirect: fix, `--output`, `fazhi
//! report -o` and `fazhi baseline -o` all write through one helper that refuses to be led
//! elsewhere.

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use super::{fazhi, fixture};

const FIXABLE: &str = "关于2023年法治政府建设情况的报告\n一、主要举措和成效\n全年办理案件12件,调解3件。\n";

/// The temporary file used to be `.NAME.fazhi-PID.tmp`, opened with `File::create`: a link
/// planted under that name made fazhi truncate and fill whatever it pointed to.
#[test]
fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "别人的文件").unwrap();
    let out = dir.path().join("out.sarif");
    symlink(&victim, dir.path().join(format!(".out.sarif.fazhi-{}.tmp", std::process::id()))).unwrap();
    let hubin = fixture("seeds/hubin-2023.txt");
    let outcome = fazhi(&["check", "--format", "sarif", "-o", out.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert_eq!(outcome.code, 1, "{}", outcome.stderr);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "别人的文件");
    assert!(fs::read_to_string(&out).unwrap().contains("\"version\": \"2.1.0\""));
    assert!(!fs::symlink_metadata(&out).unwrap().file_type().is_symlink());

    let report = dir.path().join("报告.txt");
    fs::write(&report, FIXABLE).unwrap();
    symlink(&victim, dir.path().join(format!(".报告.txt.fazhi-{}.tmp", std::process::id()))).unwrap();
    assert_eq!(fazhi(&["fix", report.to_str().unwrap()]).code, 0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "别人的文件");
    assert!(fs::read_to_string(&report).unwrap().contains("12件，调解"));
}

#[test]
fn fixing_a_link_fixes_its_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("真")).unwrap();
    let target = dir.path().join("真/报告.txt");
    fs::write(&target, FIXABLE).unwrap();
    let link = dir.path().join("链接.txt");
    symlink("真/报告.txt", &link).unwrap();
    let outcome = fazhi(&["fix", link.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stdout);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link is still a link");
    assert!(fs::read_to_string(&target).unwrap().contains("12件，调解"), "the target is fixed");
    assert_eq!(fs::read_dir(dir.path().join("真")).unwrap().count(), 1, "no temporary left beside the target");
}

#[test]
fn an_output_onto_a_link_writes_the_target_and_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("结果")).unwrap();
    let target = dir.path().join("结果/fazhi.sarif");
    fs::write(&target, "旧").unwrap();
    let link = dir.path().join("fazhi.sarif");
    symlink(&target, &link).unwrap();
    let hubin = fixture("seeds/hubin-2023.txt");
    fazhi(&["check", "--format", "sarif", "-o", link.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(fs::read_to_string(&target).unwrap().contains("\"version\": \"2.1.0\""));
    // A link to a link to a link … pointing at itself is refused, not followed forever.
    let looped = dir.path().join("loop.sarif");
    symlink(&looped, &looped).unwrap();
    let outcome = fazhi(&["check", "--format", "sarif", "-o", looped.to_str().unwrap(), hubin.to_str().unwrap()]);
    assert_eq!(outcome.code, 2);
    assert!(outcome.stderr.contains("符号链接"), "{}", outcome.stderr);
}

#[test]
fn an_output_that_is_one_of_the_inputs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("报告.txt");
    fs::copy(fixture("seeds/hubin-2023.txt"), &report).unwrap();
    let before = fs::read(&report).unwrap();
    let hard_link = dir.path().join("同一文件.txt");
    fs::hard_link(&report, &hard_link).unwrap();
    for (args, name) in [
        (vec!["check", "-o", report.to_str().unwrap(), report.to_str().unwrap()], "check -o"),
        (
            vec!["check", "--format", "json", "-o", hard_link.to_str().unwrap(), dir.path().to_str().unwrap()],
            "hard link",
        ),
        (vec!["report", "--format", "md", "-o", report.to_str().unwrap(), report.to_str().unwrap()], "report -o"),
        (vec!["baseline", "-o", report.to_str().unwrap(), report.to_str().unwrap()], "baseline -o"),
    ] {
        let outcome = fazhi(&args);
        assert_eq!(outcome.code, 2, "{name}: {}", outcome.stderr);
        assert!(outcome.stderr.contains("是要检查的报告之一"), "{name}: {}", outcome.stderr);
        assert_eq!(fs::read(&report).unwrap(), before, "{name}: the report is untouched");
    }
}

#[test]
fn a_read_only_report_is_not_rewritten_by_fix() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("只读.txt");
    fs::write(&report, FIXABLE).unwrap();
    fs::set_permissions(&report, fs::Permissions::from_mode(0o444)).unwrap();
    let outcome = fazhi(&["fix", report.to_str().unwrap()]);
    assert_eq!(outcome.code, 2, "{}", outcome.stdout);
    assert!(outcome.stdout.contains("只读") && outcome.stdout.contains("只读.txt"), "{}", outcome.stdout);
    assert_eq!(fs::read_to_string(&report).unwrap(), FIXABLE);
    assert_eq!(fs::metadata(&report).unwrap().permissions().mode() & 0o777, 0o444);
    // --diff only shows the changes, which a read-only file allows.
    assert_eq!(fazhi(&["fix", "--diff", report.to_str().unwrap()]).code, 0);
}

#[test]
fn report_files_are_written_atomically_with_ordinary_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("审核.html");
    let seeds = fixture("seeds");
    let outcome = fazhi(&["report", seeds.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(outcome.code, 0, "{}", outcome.stderr);
    assert!(fs::read_to_string(&out).unwrap().starts_with("<!DOCTYPE html>"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left");
    // A new output is readable by others as a plain `File::create` would make it (umask 022
    // in CI), not private as a temporary file is created.
    let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode & 0o044, 0o044 & !umask(), "mode {mode:o}");
}

/// The process's umask, read without changing it for long.
fn umask() -> u32 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .and_then(|v| u32::from_str_radix(v.trim(), 8).ok())
        .unwrap_or(0o022)
}
