//! `bitrix-docs diff OLD NEW`: its output names both places of each change, and its exit
//! status says whether anything breaks (0 no, 1 yes, 2 usage or I/O error).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PAGE: &str = "# Delete Deal crm.deal.delete\n\n## Method Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **id***\n[`integer`](t.md) | Deal id ||\n{extra}|#\n";

/// A docs tree with one page, in a fresh temp dir.
fn tree(name: &str, extra: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bitrix-docs-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("crm-deal-delete.md"),
        PAGE.replace("{extra}", extra),
    )
    .expect("page");
    dir
}

fn run(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bitrix-docs"))
        .args(args)
        .output()
        .expect("run bitrix-docs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn exit_status_says_whether_anything_breaks() {
    let diff = Path::new("diff");
    let old = tree("old", "");
    let optional = tree(
        "optional",
        "|| **force**\n[`boolean`](t.md) | Also delete links ||\n",
    );
    let required = tree("required", "|| **owner***\n[`integer`](t.md) | Owner ||\n");

    let same = run(&[diff, &old, &old]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(stdout(&same).trim(), "no changes");

    let compatible = run(&[diff, &old, &optional]);
    assert_eq!(compatible.status.code(), Some(0), "{}", stdout(&compatible));
    assert!(stdout(&compatible).contains("compatible  new optional parameter `force`: boolean"));

    let breaking = run(&[diff, &old, &required]);
    assert_eq!(breaking.status.code(), Some(1), "{}", stdout(&breaking));
    let text = stdout(&breaking);
    assert!(
        text.starts_with(
            "crm.deal.delete\n  breaking    new required parameter `owner`: integer\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "new {}:10",
            required.join("crm-deal-delete.md").display()
        )),
        "{text}"
    );

    // Both sides of a change that has both.
    let removed = run(&[diff, &required, &old]);
    assert_eq!(removed.status.code(), Some(1));
    assert!(stdout(&removed).contains(&format!(
        "old {}:10",
        required.join("crm-deal-delete.md").display()
    )));

    for dir in [old, optional, required] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn usage_and_io_errors_exit_2() {
    let missing = Path::new("/nonexistent/bitrix-docs-cli");
    let out = run(&[Path::new("diff"), missing, missing]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read the docs directory"));
    let out = run(&[Path::new("diff")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("usage: bitrix-docs diff [--facts] OLD_DIR NEW_DIR"));
    assert_eq!(run(&[Path::new("--help")]).status.code(), Some(0));
}
