//! The README keeps its promises: every Rust block is a doctest of bitrix-api (no `ignore`,
//! no `no_run`: they run against the embedded emulator under the README's test command),
//! every crate a block uses is named with its version in a `toml` block, and the Events and
//! production examples and the tasks one are the same code as
//! `bitrix-api/examples/{events_app,production_app,task_checklist}.rs`.

use std::collections::BTreeSet;

/// `(info string, body)` of every fenced block.
fn blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in text.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_string(), String::new())),
            (Some(_), Some(rest)) if rest.trim().is_empty() => out.extend(open.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

fn readme() -> String {
    std::fs::read_to_string(bitrix_tests::workspace().join("README.md")).expect("README.md")
}

#[test]
fn every_rust_block_is_run_as_a_doctest() {
    let text = readme();
    let rust: Vec<_> = blocks(&text)
        .into_iter()
        .filter(|(info, _)| info.starts_with("rust"))
        .collect();
    assert!(rust.len() >= 5, "only {} Rust blocks", rust.len());
    for (info, body) in &rust {
        assert_eq!(
            info, "rust",
            "a README block opts out of running (`{info}`):\n{body}"
        );
    }
    let lib = std::fs::read_to_string(bitrix_tests::workspace().join("bitrix-api/src/lib.rs"))
        .expect("bitrix-api/src/lib.rs");
    assert!(
        lib.contains("#[doc = include_str!(\"../../README.md\")]"),
        "bitrix-api no longer includes the README as doctests"
    );
}

/// The first segment of every path (`tokio::main`, `serde_json::json`) a block uses, less
/// the language's own and the names the block itself declares (`mod bitrix`, `use …::wire`).
fn crates_used(body: &str) -> BTreeSet<String> {
    let mut declared: BTreeSet<String> = ["std", "core", "alloc", "self", "super", "crate", "Self"]
        .map(String::from)
        .into();
    for line in body.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("mod ") {
            declared.insert(rest.trim_end_matches(['{', ' ', ';']).to_string());
        }
        // `bind!(schema = …)` declares the module `portal` (or `module = name`).
        if line.contains("bind!(schema") {
            let module = line
                .split_once("module = ")
                .map_or("portal", |(_, m)| m.trim_end_matches([')', ';']));
            declared.insert(module.to_string());
        }
        if line.starts_with("use ") {
            // Names a `use` brings in: the last segment of each path, `{a, b}` lists too.
            for part in line.split([',', '{', '}', ' ', ';']) {
                if let Some(last) = part.rsplit("::").next().filter(|l| !l.is_empty()) {
                    if !part.starts_with("use") {
                        declared.insert(last.to_string());
                    }
                }
            }
        }
    }
    let mut used = BTreeSet::new();
    let bytes = body.as_bytes();
    for (at, _) in body.match_indices("::") {
        let start = body[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &body[start..at];
        let path_start = start < 2 || &bytes[start - 2..start] != b"::";
        // `.items::<Deal>()`: a method's turbofish, not a path.
        let turbofish = body[at..].starts_with("::<") || (start > 0 && bytes[start - 1] == b'.');
        let in_comment = body[..start]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .contains("//");
        let in_string = body[..start]
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .matches('"')
            .count()
            % 2
            == 1;
        if path_start
            && !turbofish
            && !in_comment
            && !in_string
            && name.starts_with(|c: char| c.is_ascii_lowercase())
            && !declared.contains(name)
        {
            used.insert(name.to_string());
        }
    }
    used
}

#[test]
fn every_crate_a_block_uses_is_named_with_its_version() {
    let text = readme();
    let all = blocks(&text);
    let toml: String = all
        .iter()
        .filter(|(info, _)| info == "toml")
        .map(|(_, body)| body.as_str())
        .collect();
    let mut used = BTreeSet::new();
    for (info, body) in &all {
        if info.starts_with("rust") {
            used.extend(crates_used(body));
        }
    }
    assert!(
        used.contains("tokio") && used.contains("bitrix_api"),
        "{used:?}"
    );
    for krate in &used {
        let dashed = krate.replace('_', "-");
        let named = toml.lines().any(|l| {
            let l = l.trim_start();
            (l.starts_with(&format!("{dashed} =")) || l.starts_with(&format!("{krate} =")))
                && (l.contains("version") || l.contains('"'))
        });
        assert!(
            named,
            "README blocks use `{krate}`, but no toml block names it with a version"
        );
    }
}

/// The README blocks that are examples too, found by a line of theirs, and the example.
const EXAMPLES: [(&str, &str); 3] = [
    (
        "task_checklistitem_add",
        "bitrix-api/examples/task_checklist.rs",
    ),
    ("events::{axum::router", "bitrix-api/examples/events_app.rs"),
    (
        "store::SqliteStore",
        "bitrix-api/examples/production_app.rs",
    ),
];

#[test]
fn the_examples_are_the_readmes_blocks() {
    let text = readme();
    let all = blocks(&text);
    for (marker, path) in EXAMPLES {
        let block = all
            .iter()
            .find(|(info, body)| info == "rust" && body.contains(marker))
            .unwrap_or_else(|| panic!("no README block shows `{marker}`"));
        let example = std::fs::read_to_string(bitrix_tests::workspace().join(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let code: String = example
            .lines()
            .skip_while(|l| l.starts_with("//!") || l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(code, block.1, "{path} differs from its README block");
    }
}
