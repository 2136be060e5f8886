//! Regeneration without `cargo clean`: an app whose `build.rs` watches `docs` sees every page
//! edit, new page and deleted page on its next `cargo build`, and no `.rs` file is touched
//! between builds.
//!
//! The app binds `docs/` in its library; its main binary prints `catalog()`, and a second
//! binary calls a method whose page is added only later (it compiles once the page exists).

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant, SystemTime};

use bitrix_tests::{text, workspace, App};

const LIB_RS: &str = r#"//! Every page under `docs/`.
bitrix_api::bind!("docs");
"#;

const MAIN_RS: &str = r#"fn main() {
    for m in regen_app::catalog() {
        let params: Vec<String> = m.params.iter().map(|p| format!("{}:{}", p.name, p.ty)).collect();
        println!("{} [{}] {}", m.name, params.join(" "), m.title);
    }
}
"#;

/// Calls `crm.lead.contact.items.delete`, whose page the test adds after the first build.
const CLEAR_RS: &str = r#"async fn clear(client: bitrix_api::Client) -> Result<bool, bitrix_api::Error> {
    client.call(&regen_app::CrmLeadContactItemsDelete::new(1)).await
}

fn main() {
    let _ = clear;
}
"#;

fn fixture(path: &str) -> PathBuf {
    workspace().join("tests/fixtures/drift").join(path)
}

/// Writes a page and dates it explicitly, so that a filesystem with coarse timestamps
/// cannot hide the change from cargo. (A page, never an `.rs` file.)
fn write_page(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write page");
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open page");
    file.set_modified(SystemTime::now() + Duration::from_secs(1))
        .expect("set mtime");
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Builds the main binary `bin` and returns what it prints.
fn catalog(app: &App, bin: &str) -> String {
    ok(app.cargo(&["build", "--quiet", "--bin", bin]));
    ok(app.cargo(&["run", "--quiet", "--bin", bin]))
}

/// Every `.rs` file of the app with its modification time.
fn sources(app: &App) -> Vec<(PathBuf, SystemTime)> {
    let mut out = Vec::new();
    let mut dirs = vec![app.dir.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read app dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let mtime = path.metadata().and_then(|m| m.modified()).expect("mtime");
                out.push((path, mtime));
            }
        }
    }
    out.sort();
    out
}

/// A build script that watches `docs` and says so to `bind!`, which then embeds no page.
const WATCHED_BUILD_RS: &str = r#"fn main() {
    println!("cargo:rerun-if-changed=docs");
    let docs = std::fs::canonicalize("docs").expect("docs/");
    println!("cargo:rustc-env=BITRIX_BIND_WATCHED={}", docs.display());
}
"#;

#[test]
fn page_edits_additions_and_deletions_rebuild_without_cargo_clean() {
    // `bind!` tracks each page it read (`include_bytes!`); the build script, new pages.
    rebuilds_on_page_changes("regen-app", None);
}

#[test]
fn a_watched_docs_directory_rebuilds_without_embedded_pages() {
    // The build script watches `docs` and tells `bind!` (`BITRIX_BIND_WATCHED`): cargo alone
    // notices edits and deletions.
    rebuilds_on_page_changes("regen-watched", Some(WATCHED_BUILD_RS));
}

/// The app `name` (its crate and main binary), with `build_rs` in place of the one that only
/// watches `docs`: edits, additions and deletions of pages each show on the next build.
fn rebuilds_on_page_changes(name: &str, build_rs: Option<&str>) {
    let krate = name.replace('-', "_");
    let app = App::new(name, &MAIN_RS.replace("regen_app", &krate), Some("docs"));
    if let Some(build_rs) = build_rs {
        std::fs::write(app.dir.join("build.rs"), build_rs).expect("build.rs");
    }
    let catalog = |app: &App| catalog(app, name);
    let clear = CLEAR_RS.replace("regen_app", &krate);
    std::fs::write(app.dir.join("src/lib.rs"), LIB_RS).expect("lib.rs");
    std::fs::create_dir_all(app.dir.join("src/bin")).expect("bin dir");
    std::fs::write(app.dir.join("src/bin/clear.rs"), clear).expect("clear.rs");
    let docs = app.dir.join("docs");
    std::fs::create_dir_all(&docs).expect("docs dir");
    let get_page = std::fs::read_to_string(fixture("base/crm-lead-contact-items-get.md"))
        .expect("fixture page");
    let get = docs.join("crm-lead-contact-items-get.md");
    write_page(&get, &get_page);

    // 1. One page.
    let first = catalog(&app);
    assert_eq!(
        first.trim(),
        "crm.lead.contact.items.get [id:integer] Read the Contacts of a Lead"
    );
    let untouched = sources(&app);

    // 2. Edit the page: its title, a description and a type.
    let edited = get_page
        .replace(
            "# Read the Contacts of a Lead",
            "# List the Contacts of a Lead",
        )
        .replace(
            "[`integer`](../data-types.md) | ID of the lead. ||",
            "[`string`](../data-types.md) | ID of the lead, or its code. ||",
        );
    assert_ne!(edited, get_page);
    write_page(&get, &edited);
    let started = Instant::now();
    ok(app.cargo(&["build", "--quiet", "--bin", name]));
    let rebuild = started.elapsed();
    println!(
        "incremental rebuild after one page edit: {:.2}s",
        rebuild.as_secs_f64()
    );
    assert_eq!(
        catalog(&app).trim(),
        "crm.lead.contact.items.get [id:string] List the Contacts of a Lead"
    );

    // 3. Add a page: the binary that calls its method now compiles.
    let failed = app.cargo(&["build", "--quiet", "--bin", "clear"]);
    assert!(!failed.status.success(), "no page yet: {}", text(&failed));
    let delete_page =
        std::fs::read_to_string(fixture("new-method/crm-lead-contact-items-delete.md"))
            .expect("fixture page");
    let delete = docs.join("crm-lead-contact-items-delete.md");
    write_page(&delete, &delete_page);
    ok(app.cargo(&["build", "--quiet", "--bins"]));
    let both = catalog(&app);
    assert!(
        both.contains("crm.lead.contact.items.delete [id:integer]"),
        "{both}"
    );
    assert!(
        both.contains("crm.lead.contact.items.get [id:string]"),
        "{both}"
    );

    // 4. Delete it again: it is gone from the catalog, and its caller fails to build.
    std::fs::remove_file(&delete).expect("delete page");
    assert_eq!(
        catalog(&app).trim(),
        "crm.lead.contact.items.get [id:string] List the Contacts of a Lead"
    );
    let failed = app.cargo(&["build", "--bin", "clear"]);
    assert!(!failed.status.success(), "{}", text(&failed));
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("CrmLeadContactItemsDelete"),
        "{}",
        text(&failed)
    );

    // Not one `.rs` file changed between the first build and the last.
    assert_eq!(sources(&app), untouched);
    // The pages reach rustc's dependency list only when `bind!` embedded them.
    assert_eq!(
        lists_page(&krate, "crm-lead-contact-items-get.md"),
        build_rs.is_none(),
        "{name}: embedded pages"
    );
}

/// Whether rustc's dependency file of crate `krate` (in the apps' target) names `page`.
fn lists_page(krate: &str, page: &str) -> bool {
    let deps = bitrix_tests::apps_target().join("debug/deps");
    let prefix = format!("{krate}-");
    std::fs::read_dir(&deps)
        .expect("apps' deps dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "d")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix))
        })
        .any(|p| std::fs::read_to_string(&p).is_ok_and(|t| t.contains(page)))
}
