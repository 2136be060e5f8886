//! Every official page (ignored without `../shared`), and byte-level truncations and
//! mutations of a few of our own pages, go through the parser without panicking. (The
//! official pages are read at run time; nothing is copied.)

mod common;

use std::path::Path;

/// This repository's own pages (`docs/`, the official format in our words): they travel
/// with every clone, so these tests need nothing beside it.
fn ours() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn parse(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let _ = bitrix_docs::parse_page(&text, Path::new("x.md"), "x.md");
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn every_official_page() {
    let docs = common::docs_root();
    let all = common::md_files(&docs);
    assert!(!all.is_empty(), "no pages under {}", docs.display());
    for path in &all {
        let bytes = std::fs::read(path).expect("page is readable");
        parse(&bytes);
    }
}

#[test]
fn truncations_and_mutations() {
    let dir = ours().join("api-reference/crm/leads/management-communication");
    let some = common::md_files(&dir);
    // Bytes that open or close the structures the parser tracks.
    let nasty: &[&[u8]] = &[
        b"|", b"||", b"#|", b"|#", b"`", b"```", b"\\", b"*", b"{%", b"\n", b"-", b"{#", b"\"",
        b"'", b"\xff",
    ];
    let mut seed = 0x9e37_79b9_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for path in some.iter().take(3) {
        let bytes = std::fs::read(path).expect("page is readable");
        let step = (bytes.len() / 300).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            parse(bytes.get(..cut).unwrap_or_default());
        }
        for _ in 0..300 {
            let mut m = bytes.clone();
            for _ in 0..4 {
                let at = (next() as usize) % m.len().max(1);
                match next() % 3 {
                    0 => {
                        m.remove(at.min(m.len().saturating_sub(1)));
                    }
                    1 => {
                        let ins = nasty[(next() as usize) % nasty.len()];
                        m.splice(at..at, ins.iter().copied());
                    }
                    _ => m.truncate(at.max(1)),
                }
            }
            parse(&m);
        }
    }
}

#[test]
fn load_the_lead_contact_pages() {
    let dir = ours().join("api-reference/crm/leads/management-communication");
    let loaded = bitrix_docs::load(&dir).expect("readable");
    let names: Vec<_> = loaded.methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "crm.lead.contact.add",
            "crm.lead.contact.delete",
            "crm.lead.contact.fields",
            "crm.lead.contact.items.delete",
            "crm.lead.contact.items.get",
            "crm.lead.contact.items.set",
        ]
    );
    assert!(loaded.rejected.is_empty(), "{:?}", loaded.rejected);
    assert_eq!(
        loaded.files.len(),
        6,
        "every page read, for rebuild tracking"
    );
    let add = &loaded.methods[0];
    assert_eq!(
        add.source.rel_path, "crm-lead-contact-add.md",
        "relative to the root given to load()"
    );
}

#[test]
fn load_reports_a_second_page_naming_the_same_method() {
    let dir = std::env::temp_dir().join(format!("bitrix-docs-dup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("b")).expect("temp dir");
    let page = "# Get Thing crm.thing.get\n\nNo parameters.\n";
    std::fs::write(dir.join("a.md"), page).expect("write");
    std::fs::write(dir.join("b/c.md"), format!("\n{page}")).expect("write");
    let loaded = bitrix_docs::load(&dir).expect("readable");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(loaded.methods.len(), 1);
    assert_eq!(loaded.methods[0].source.rel_path, "a.md");
    assert_eq!(loaded.rejected.len(), 1);
    let diag = &loaded.rejected[0];
    assert!(diag.path.ends_with("b/c.md"));
    assert_eq!(diag.line, 2);
    assert!(
        diag.message.contains("already documented by") && diag.message.contains("a.md:1"),
        "{}",
        diag.message
    );
}

#[test]
fn load_fails_only_on_an_unreadable_root() {
    let err = bitrix_docs::load(Path::new("/nonexistent/bitrix-docs")).expect_err("no such dir");
    assert!(err.message.contains("cannot read the docs directory"));
}

#[test]
fn load_keeps_a_rest2_and_a_rest3_page_of_one_name() {
    let dir = std::env::temp_dir().join(format!("bitrix-docs-v3-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let v2 = "# Get Task tasks.task.get\n\nNo parameters.\n";
    let v3 = "# Get Task tasks.task.get\n\n{% note info \"\" %}\n\nThis method belongs to REST 3.0.\n\n{% endnote %}\n\nNo parameters.\n";
    std::fs::write(dir.join("a.md"), v2).expect("write");
    std::fs::write(dir.join("b.md"), v3).expect("write");
    std::fs::write(dir.join("c.md"), v3).expect("write");
    let loaded = bitrix_docs::load(&dir).expect("readable");
    let _ = std::fs::remove_dir_all(&dir);
    let bound: Vec<_> = loaded
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.version, m.source.rel_path.as_str()))
        .collect();
    assert_eq!(
        bound,
        [
            ("tasks.task.get", bitrix_docs::ApiVersion::V2, "a.md"),
            ("tasks.task.get", bitrix_docs::ApiVersion::V3, "b.md"),
        ]
    );
    // Two pages of the same version still are duplicates.
    assert_eq!(loaded.rejected.len(), 1);
    assert!(loaded.rejected[0].path.ends_with("c.md"));
    assert!(loaded.rejected[0]
        .message
        .contains("already documented by b.md:1"));
}
