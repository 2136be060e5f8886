//! The official API reference, bound in one crate: every method page binds (≥ 99%), the
//! generated code for all of them compiles together, and every page's own example answer, on
//! every section, decodes with the response type generated from that page.

use std::collections::BTreeMap;

use bitrix_tests::{official, text, workspace, App};

/// The scratch app: binds the tree, prints the figures, then decodes every page's example,
/// printing `examples <section> <ok> of <with>` per section (a section is the page's first
/// folder; `<section>/outdated` pages are counted apart) and `example FAIL page:line: error`
/// for each failure.
const MAIN_RS: &str = r#"#![allow(dead_code, deprecated)]
bitrix_api::bind!(ROOT, skip_invalid);

use std::collections::BTreeMap;

struct Examples { root: std::path::PathBuf, sections: BTreeMap<String, (usize, usize)> }

/// `crm/deals/x.md` → `crm`; `crm/outdated/…` → `crm/outdated`; `outdated/…` → `outdated`.
fn section(page: &str) -> String {
    let mut parts = page.split('/');
    let first = parts.next().unwrap_or_default();
    match parts.next() {
        Some("outdated") => format!("{first}/outdated"),
        _ => first.to_owned(),
    }
}

impl bitrix_api::MethodVisitor for Examples {
    fn visit<M: bitrix_api::Method>(&mut self) {
        let info = M::info();
        let path = self.root.join(info.page);
        let text = std::fs::read_to_string(&path).expect("page readable");
        let bitrix_docs::PageOutcome::Method(spec) = bitrix_docs::parse_page(&text, &path, info.page) else {
            println!("example FAIL {}: the page no longer parses", info.page);
            return;
        };
        for note in &spec.notes {
            println!("rule {}:{}: {}", info.page, note.line, note.message);
        }
        let Some(example) = spec.response.example.as_deref() else { return };
        let Some(value) = bitrix_docs::lenient::parse(example) else {
            println!("example NOT-JSON {}:{}", info.page, spec.response.line);
            return;
        };
        let counts = self.sections.entry(section(info.page)).or_default();
        counts.1 += 1;
        // Some pages show only what `result` holds: that is the answer's `result`.
        let body = if value.get("result").is_none() && value.get("error").is_none() {
            println!("rule {}:{}: the example shows `result` without the envelope; decoded as the answer's `result`", info.page, spec.response.line);
            serde_json::json!({ "result": value }).to_string()
        } else {
            value.to_string()
        };
        match bitrix_api::decode_answer::<M>(body.as_bytes()) {
            Ok(_) => counts.0 += 1,
            Err(e) => println!("example FAIL {}:{}: {e}", info.page, spec.response.line),
        }
    }
}

fn main() {
    println!("bound {}", catalog().len());
    println!("skipped {}", SKIPPED.len());
    for (path, reason) in SKIPPED {
        println!("  skipped {path}: {reason}");
    }
    println!("weakened {}", WARNINGS.len());
    for (path, reason) in WARNINGS {
        println!("  weakened {path}: {reason}");
    }
    let mut examples = Examples { root: std::path::PathBuf::from(ROOT), sections: BTreeMap::new() };
    visit_methods(&mut examples);
    let (mut ok, mut with) = (0, 0);
    for (section, (o, w)) in &examples.sections {
        println!("examples {section} {o} of {w}");
        ok += o;
        with += w;
    }
    println!("examples all {ok} of {with}");
}
"#;

/// The pages whose own example answer does not decode with the type generated from the same
/// page, and why: each contradicts itself (its example against its own table).
const KNOWN: &[(&str, &str)] = &[(
    "tasks/user-field/task-item-user-field-get.md",
    "its example (read since examples with `...` lines are read) gives EDIT_FORM_LABEL and \
     the other labels per language ({\"en\": …}); task.item.userfield.getfields, whose \
     record the answer is, types them `string` in its example and its table",
)];

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn the_official_reference_binds_compiles_and_decodes_its_examples() {
    let root = official("api-reference");
    let docs = workspace().join("bitrix-docs");
    let main_rs = MAIN_RS
        .replace(
            "bind!(ROOT",
            &format!("bind!({:?}", root.display().to_string()),
        )
        .replace(
            "from(ROOT)",
            &format!("from({:?})", root.display().to_string()),
        );
    let app = App::with_deps(
        "corpus-app",
        &main_rs,
        None,
        &format!("bitrix-docs = {{ path = {docs:?} }}\nserde_json = \"1\""),
    );
    println!("generated code: {} bytes", generated_bytes(&root));
    let out = app.cargo(&["run", "--quiet"]);
    let all = text(&out);
    assert!(
        out.status.success(),
        "the corpus crate must build and run\n{all}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    let count = |key: &str| -> usize {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|n| n.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("no `{key}` line\n{all}"))
    };
    let (bound, skipped) = (count("bound "), count("skipped "));
    let share = bound as f64 / (bound + skipped) as f64;
    println!(
        "bound {bound} of {} method pages ({:.1}%), {} weakened places",
        bound + skipped,
        share * 100.0,
        count("weakened ")
    );
    assert!(
        bound > 450,
        "the reference has about 500 method pages\n{all}"
    );
    assert!(share >= 0.99, "at least 99% must bind\n{all}");
    // Per section: `examples <section> <ok> of <with>`, and the sum as `examples all …`.
    let sections: BTreeMap<&str, (usize, usize)> = stdout
        .lines()
        .filter_map(|l| {
            let mut words = l.strip_prefix("examples ")?.split(' ');
            let (section, ok, _, with) =
                (words.next()?, words.next()?, words.next()?, words.next()?);
            Some((section, (ok.parse().ok()?, with.parse().ok()?)))
        })
        .collect();
    for (section, (ok, with)) in &sections {
        println!("{section}: examples decoded {ok} of {with}");
    }
    let (_, with) = sections.get("all").copied().unwrap_or_default();
    let (_, crm) = sections.get("crm").copied().unwrap_or_default();
    assert!(crm > 300, "about 351 crm pages show a JSON answer\n{all}");
    assert!(
        with > 1000,
        "most of the reference's pages show a JSON answer\n{all}"
    );
    let failures: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("example FAIL"))
        .collect();
    // Pages whose example does not decode yet, each with why (the goal is none): a new
    // failure fails the test, and so does a listed page that decodes now.
    let unexpected: Vec<&str> = failures
        .iter()
        .copied()
        .filter(|l| !KNOWN.iter().any(|(page, _)| failed(l, page)))
        .collect();
    let fixed: Vec<&str> = KNOWN
        .iter()
        .filter(|(page, _)| !failures.iter().any(|l| failed(l, page)))
        .map(|(page, _)| *page)
        .collect();
    println!("{} known exceptions:", KNOWN.len());
    for (page, why) in KNOWN {
        println!("  {page}: {why}");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "examples that do not decode with their own page's type, not listed:\n{}\n\
         listed but decoding now (drop them from KNOWN): {fixed:?}",
        unexpected.join("\n")
    );
}

/// Whether `line` is the failure of `page` (`example FAIL <page>:<line>: …`).
fn failed(line: &str, page: &str) -> bool {
    line.strip_prefix("example FAIL ")
        .and_then(|l| l.strip_prefix(page))
        .is_some_and(|rest| rest.starts_with(':'))
}

/// Bytes of the code `bind!(…, skip_invalid)` generates for the tree (the token stream as
/// text), the measure of what a change to the parser or generator costs.
fn generated_bytes(root: &std::path::Path) -> usize {
    let loaded = bitrix_docs::load(root).expect("the official reference loads");
    let listed = |diags: &mut dyn Iterator<Item = &bitrix_docs::Diag>| -> Vec<(String, String)> {
        diags
            .map(|d| {
                (
                    d.path.display().to_string(),
                    format!("line {}: {}", d.line, d.message),
                )
            })
            .collect()
    };
    let skipped = listed(&mut loaded.rejected.iter());
    let warnings = listed(
        &mut loaded
            .methods
            .iter()
            .flat_map(|m| &m.warnings)
            .chain(loaded.events.iter().flat_map(|e| &e.warnings)),
    );
    bitrix_codegen::expand(&bitrix_codegen::Output {
        methods: &loaded.methods,
        events: &loaded.events,
        groups: &[],
        skipped,
        warnings,
        shared_call: false,
    })
    .to_string()
    .len()
}
