//! The official crm section, bound in one crate: at least 95% of its method pages bind, and
//! the generated code for all of them compiles together and runs.

use bitrix_tests::{text, App};

#[test]
fn the_crm_corpus_binds_and_compiles_in_one_crate() {
    let Some(corpus) = std::env::var_os("BITRIX_DOCS_CORPUS") else {
        println!("corpus test skipped: BITRIX_DOCS_CORPUS is not set");
        return;
    };
    let corpus = std::path::PathBuf::from(corpus)
        .canonicalize()
        .expect("corpus path exists");
    let main_rs = format!(
        r#"#![allow(dead_code)]
bitrix_api::bind!({corpus:?}, skip_invalid);

fn main() {{
    println!("bound {{}}", catalog().len());
    println!("skipped {{}}", SKIPPED.len());
    for (path, reason) in SKIPPED {{
        println!("  {{path}}: {{reason}}");
    }}
}}
"#
    );
    let app = App::new("corpus-app", &main_rs, None);
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
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no `{key}` line\n{all}"))
    };
    let (bound, skipped) = (count("bound "), count("skipped "));
    let share = bound as f64 / (bound + skipped) as f64;
    println!(
        "bound {bound} of {} method pages ({:.1}%)",
        bound + skipped,
        share * 100.0
    );
    assert!(
        bound > 400,
        "the crm section has about 430 method pages\n{all}"
    );
    assert!(share >= 0.95, "at least 95% must bind\n{all}");
}
