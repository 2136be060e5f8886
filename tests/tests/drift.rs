//! Schema drift across crates.
//!
//! - The drift report agrees with the compiler. Every drift case in `ui/fail` and `ui/pass`
//!   names the fixture it binds and, in a `// diff:` line, what `bitrix-docs diff` must say
//!   about that fixture against `fixtures/drift/base`: a case that must not compile gets a
//!   breaking change of that kind, a case that must compile no breaking change at all.
//! - A real case: an app written against the seed pages of `crm.lead.contact.items.set` and
//!   `crm.lead.contact.add` still builds against their current official versions, and the
//!   report calls the difference compatible. The official pages are read from `../shared`
//!   at run time (never copied into the repository); these tests are `#[ignore]`d and CI
//!   runs them with `--include-ignored`.

use std::path::{Path, PathBuf};

use bitrix_docs::diff::{self, Report};
use bitrix_tests::{text, App};

/// One trybuild drift case.
struct Case {
    file: PathBuf,
    must_compile: bool,
    /// The `// diff:` line: a kind label, or `no changes`.
    expected: String,
    /// The fixture dir its `bind!` names, relative to this crate (the case names it
    /// relative to its own file, `../../fixtures/…`).
    fixture: String,
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (dir, must_compile) in [("ui/pass", true), ("ui/fail", false)] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(crate_dir().join(dir))
            .expect("ui dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| e == "rs")
                    && p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("drift_"))
            })
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("case file");
            let expected = text
                .lines()
                .find_map(|l| l.strip_prefix("// diff: "))
                .unwrap_or_else(|| panic!("{}: no `// diff:` line", file.display()))
                .trim()
                .to_string();
            let fixture = text
                .split_once("bind!(\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .and_then(|(path, _)| path.strip_prefix("../../").map(str::to_string))
                .unwrap_or_else(|| panic!("{}: no bind!(\"../../…\")", file.display()));
            out.push(Case {
                file,
                must_compile,
                expected,
                fixture,
            });
        }
    }
    out
}

fn kinds(report: &Report) -> Vec<String> {
    report
        .changes
        .iter()
        .map(|c| {
            let verdict = if c.breaking { "breaking" } else { "compatible" };
            format!("{verdict} {} `{}`", c.kind.label(), c.path)
        })
        .collect()
}

#[test]
fn the_diff_agrees_with_the_compiler_on_every_drift_fixture() {
    let base = crate_dir().join("fixtures/drift/base");
    let cases = cases();
    assert!(cases.len() >= 18, "drift cases found: {}", cases.len());
    for case in &cases {
        let report = diff::diff_dirs(&base, &crate_dir().join(&case.fixture))
            .unwrap_or_else(|e| panic!("{}: {e}", case.fixture));
        let what = format!(
            "{} (binds {}): the diff says\n{report}",
            case.file.display(),
            case.fixture
        );
        assert!(report.rejected_new.is_empty(), "{what}");
        if case.must_compile {
            assert!(!report.is_breaking(), "must compile, but {what}");
            if case.expected == "no changes" {
                assert!(report.changes.is_empty(), "{what}");
            } else {
                assert!(
                    report
                        .changes
                        .iter()
                        .all(|c| c.kind.label() == case.expected
                            || matches!(c.kind, diff::Kind::Wording | diff::Kind::Fact)),
                    "only `{}` (and wording or facts no signature shows) expected: {:?}; {what}",
                    case.expected,
                    kinds(&report)
                );
                assert!(
                    report
                        .changes
                        .iter()
                        .any(|c| c.kind.label() == case.expected),
                    "{what}"
                );
            }
        } else {
            assert!(report.is_breaking(), "must not compile, but {what}");
            let breaking: Vec<_> = report.changes.iter().filter(|c| c.breaking).collect();
            assert!(
                breaking.iter().all(|c| c.kind.label() == case.expected),
                "only `{}` may break: {:?}; {what}",
                case.expected,
                kinds(&report)
            );
        }
    }
}

#[test]
fn every_drift_fixture_has_a_case() {
    let bound: Vec<String> = cases().into_iter().map(|c| c.fixture).collect();
    let root = crate_dir().join("fixtures/drift");
    for entry in std::fs::read_dir(&root).expect("fixtures/drift") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let fixture = format!("fixtures/drift/{name}");
        assert!(
            bound.contains(&fixture),
            "{fixture} is bound by no ui/pass or ui/fail drift case"
        );
    }
}

/// The seeds and the official pages, next to the workspace (`../shared`).
fn official() -> (PathBuf, PathBuf) {
    let pages = bitrix_tests::official("api-reference/crm/leads/management-communication");
    let seeds = pages.join("../../../../../seeds");
    assert!(seeds.is_dir(), "{} is missing", seeds.display());
    (seeds, pages)
}

/// The seed pages (`.txt` files) as a docs tree in a temp dir: 001 is
/// `crm.lead.contact.items.set`, 003 is `crm.lead.contact.add`.
fn seed_tree(seeds: &Path, into: &Path) {
    let _ = std::fs::remove_dir_all(into);
    std::fs::create_dir_all(into).expect("seed tree dir");
    for (prefix, page) in [
        ("001_", "crm-lead-contact-items-set.md"),
        ("003_", "crm-lead-contact-add.md"),
    ] {
        let seed = std::fs::read_dir(seeds)
            .expect("seeds dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
            })
            .unwrap_or_else(|| panic!("no seed {prefix}*"));
        std::fs::copy(&seed, into.join(page)).expect("copy seed");
    }
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn the_seed_pages_and_their_current_official_versions_are_compatible() {
    let (seeds, pages) = official();
    let tree = std::env::temp_dir().join(format!("bitrix-drift-seeds-{}", std::process::id()));
    seed_tree(&seeds, &tree);
    let report = diff::diff_dirs(&tree, &pages).expect("both trees load");
    let _ = std::fs::remove_dir_all(&tree);
    println!("{report}");
    assert!(!report.is_breaking(), "{report}");
    for method in ["crm.lead.contact.add", "crm.lead.contact.items.set"] {
        assert!(
            report
                .changes
                .iter()
                .filter(|c| c.method == method)
                .all(|c| matches!(c.kind, diff::Kind::Wording | diff::Kind::Fact)),
            "{report}"
        );
    }
}

/// An app written against the seed pages: every parameter of both methods, and the answers.
const SEED_APP: &str = r#"bitrix_api::bind!("docs");

async fn app(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    let items = vec![
        CrmLeadContactItemsSetItem::new(1010).sort(10).is_primary(true),
        CrmLeadContactItemsSetItem::new(1020),
    ];
    let set: bool = client.call(&CrmLeadContactItemsSet::new(1, items)).await?;
    let fields = CrmLeadContactAddFields::new(1030).sort(30).is_primary(false);
    let added: bool = client.call(&CrmLeadContactAdd::new(1, fields)).await?;
    println!("{set} {added}");
    Ok(())
}

fn main() {
    let _ = app;
    for method in catalog() {
        println!("{}", method.name);
    }
}
"#;

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn an_app_written_against_the_seed_pages_builds_against_the_official_ones() {
    let (seeds, pages) = official();
    let app = App::new("drift-seed-app", SEED_APP, Some("docs"));
    let docs = app.dir.join("docs");
    seed_tree(&seeds, &docs);
    let out = app.cargo(&["run", "--quiet"]);
    assert!(
        out.status.success(),
        "the app must fit its own pages: {}",
        text(&out)
    );

    // The same app, untouched, against the current official versions of the same pages.
    std::fs::remove_dir_all(&docs).expect("clear docs");
    std::fs::create_dir_all(&docs).expect("docs dir");
    for page in ["crm-lead-contact-items-set.md", "crm-lead-contact-add.md"] {
        std::fs::copy(pages.join(page), docs.join(page)).expect("copy official page");
    }
    let out = app.cargo(&["run", "--quiet"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("crm.lead.contact.items.set"),
        "{}",
        text(&out)
    );
    // The pages bound are the official ones: their rustdoc would cite them.
    let bound = std::fs::read_to_string(docs.join("crm-lead-contact-add.md")).expect("page");
    assert!(
        bound.contains("{% note"),
        "the official page has its banner"
    );
}
