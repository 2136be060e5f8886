//! fast_bitrix24 (a real Python client, as shipped) against the `bitrix-emulator` binary on
//! tasks, users, Drive and chats, with the official pages of those sections
//! (`bench/fast_bitrix24_sections.py`; issue 25). Needs a Python with fast_bitrix24
//! (`FAST_BITRIX24_PYTHON`, else `python3`) and the official docs (`B24RESTDOCS`, else
//! `../shared/b24restdocs`):
//!
//! `FAST_BITRIX24_PYTHON=…/bin/python cargo test -p bitrix-emulator --test real_clients_sections -- --include-ignored`

mod common;

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "needs python with fast_bitrix24 and ../shared/b24restdocs"]
fn fast_bitrix24_calls_tasks_users_disk_and_chats() {
    let python = std::env::var("FAST_BITRIX24_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/fast_bitrix24_sections.py");
    let reference = common::official_docs().join("api-reference");
    let out = Command::new(&python)
        .arg(&script)
        .arg(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .arg(&reference)
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("7 of 7 checks ok"), "{stdout}");
}
