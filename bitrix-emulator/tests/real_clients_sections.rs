//! Real Python clients, as shipped on PyPI, against the `bitrix-emulator` binary on tasks,
//! users, Drive and chats (issue 25): fast_bitrix24 with the official pages of those
//! sections (`bench/fast_bitrix24_sections.py`; needs the official docs, `B24RESTDOCS`,
//! else `../shared/b24restdocs`) and b24pysdk, Bitrix24's own SDK, through its typed
//! wrappers (`bench/b24pysdk_sections.py`). Needs a Python with both (`FAST_BITRIX24_PYTHON`,
//! else `python3`):
//!
//! `FAST_BITRIX24_PYTHON=…/bin/python cargo test -p bitrix-emulator --test real_clients_sections -- --include-ignored`

mod common;

use std::path::Path;
use std::process::Command;

/// Runs `bench/<script>` with the Python of `FAST_BITRIX24_PYTHON` (else `python3`), the
/// emulator binary and `args`; it must exit 0 and report `ok` (`6 of 6 checks ok`).
fn run_checks(script: &str, args: &[&Path], ok: &str) {
    let python = std::env::var("FAST_BITRIX24_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../bench")
        .join(script);
    let out = Command::new(&python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(ok), "{stdout}");
}

#[test]
#[ignore = "needs python with fast_bitrix24 and ../shared/b24restdocs"]
fn fast_bitrix24_calls_tasks_users_disk_and_chats() {
    let reference = common::official_docs().join("api-reference");
    run_checks(
        "fast_bitrix24_sections.py",
        &[&reference],
        "7 of 7 checks ok",
    );
}

#[test]
#[ignore = "needs python with b24pysdk"]
fn b24pysdk_calls_users_tasks_disk_and_chats() {
    run_checks("b24pysdk_sections.py", &[], "6 of 6 checks ok");
}
