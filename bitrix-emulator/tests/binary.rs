//! The `bitrix-emulator` binary: URL first on stdout, then serving until killed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn prints_its_webhook_url_first_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .args(["--plan", "off", "--clock-speed", "2", "--fault-rate", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/rest/1/") && url.ends_with('/'),
        "{url}"
    );

    let v: serde_json::Value = reqwest::get(format!("{url}crm.lead.contact.fields"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["result"]["SORT"]["type"], "integer");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn help_and_bad_flags() {
    let out = Command::new(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--clock-speed"));
    let out = Command::new(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .arg("--nope")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test]
async fn serves_the_pages_of_pages_dirs() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/widgets");
    let mut child = Command::new(env!("CARGO_BIN_EXE_bitrix-emulator"))
        .args(["--plan", "off", "--pages", fixtures])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_owned();
    let v: serde_json::Value = reqwest::get(format!("{url}crm.widget.stats.get?period=day"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["result"]["count"], 12, "{v}");
    child.kill().unwrap();
    child.wait().unwrap();
}
