//! The official API reference, bound in one crate: every method page binds (≥ 99%), the
//! generated code for all of them compiles together, and each crm page's own example answer
//! decodes with the response type generated from that page.

use bitrix_tests::{official, text, workspace, App};

/// The scratch app: binds the tree, prints the figures, then decodes every crm example.
const MAIN_RS: &str = r#"#![allow(dead_code)]
bitrix_api::bind!(ROOT, skip_invalid);

struct Examples { root: std::path::PathBuf, with: usize, ok: usize }

impl bitrix_api::MethodVisitor for Examples {
    fn visit<M: bitrix_api::Method>(&mut self) {
        let info = M::info();
        if !info.page.starts_with("crm/") || info.page.starts_with("crm/outdated/") {
            return;
        }
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
        let Ok(value) = serde_json::from_str::<serde_json::Value>(example) else {
            println!("example NOT-JSON {}:{}", info.page, spec.response.line);
            return;
        };
        self.with += 1;
        // Some pages show only what `result` holds: that is the answer's `result`.
        let body = if value.get("result").is_none() && value.get("error").is_none() {
            println!("rule {}:{}: the example shows `result` without the envelope; decoded as the answer's `result`", info.page, spec.response.line);
            serde_json::json!({ "result": value }).to_string()
        } else {
            example.to_owned()
        };
        match bitrix_api::decode_answer::<M>(body.as_bytes()) {
            Ok(_) => self.ok += 1,
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
    let mut examples = Examples { root: std::path::PathBuf::from(ROOT), with: 0, ok: 0 };
    visit_methods(&mut examples);
    println!("examples {} of {}", examples.ok, examples.with);
}
"#;

/// The crm pages whose own example answer does not decode with the type generated from the
/// same page yet, and why.
const KNOWN: &[(&str, &str)] = &[];

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
    let (ok, with) = (count("examples "), {
        let line = stdout
            .lines()
            .find(|l| l.starts_with("examples "))
            .unwrap_or("");
        line.rsplit(' ')
            .next()
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0)
    });
    println!("crm examples decoded: {ok} of {with}");
    assert!(with > 300, "about 348 crm pages show a JSON answer\n{all}");
    let failures: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("example FAIL"))
        .collect();
    // Pages whose example does not decode yet, each with why (the goal is none): a new
    // failure fails the test, and so does a listed page that decodes now.
    let unexpected: Vec<&str> = failures
        .iter()
        .copied()
        .filter(|l| !KNOWN.iter().any(|(page, _)| l.contains(page)))
        .collect();
    let fixed: Vec<&str> = KNOWN
        .iter()
        .filter(|(page, _)| !failures.iter().any(|l| l.contains(page)))
        .map(|(page, _)| *page)
        .collect();
    println!("{} known exceptions:", KNOWN.len());
    for (page, why) in KNOWN {
        println!("  {page}: {why}");
    }
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "crm examples that do not decode with their own page's type, not listed:\n{}\n\
         listed but decoding now (drop them from KNOWN): {fixed:?}",
        unexpected.join("\n")
    );
}
