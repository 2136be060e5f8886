//! Binds a whole docs tree: `BITRIX_DOCS_CORPUS=/path/to/api-reference/crm cargo test -p
//! bitrix-docs --test corpus -- --nocapture`. Prints every rejected page with its reasons.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

#[test]
fn corpus_binds() {
    let Some(dir) = std::env::var_os("BITRIX_DOCS_CORPUS") else {
        println!("corpus test skipped: BITRIX_DOCS_CORPUS is not set");
        return;
    };
    let root = Path::new(&dir);
    let started = Instant::now();
    let loaded = bitrix_docs::load(root).expect("corpus root is readable");
    let load_time = started.elapsed();

    let mut rejected: BTreeMap<&Path, Vec<&bitrix_docs::Diag>> = BTreeMap::new();
    for diag in &loaded.rejected {
        rejected.entry(diag.path.as_path()).or_default().push(diag);
    }
    let bound = loaded.methods.len();
    let found = bound + rejected.len();
    let percent = if found == 0 {
        100.0
    } else {
        100.0 * bound as f64 / found as f64
    };
    println!("files read:          {}", loaded.files.len());
    println!("method pages found:  {found}");
    println!("bound:               {bound}");
    println!("bound %:             {percent:.1}");
    println!("rejected pages:      {}", rejected.len());
    for (path, diags) in &rejected {
        println!("  {}", path.display());
        for d in diags {
            println!("    line {}: {}", d.line, d.message);
        }
    }

    // Speed, for information: the same files through a bare CommonMark pass.
    let started = Instant::now();
    let mut events = 0usize;
    for file in &loaded.files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        events += pulldown_cmark::Parser::new(&text).count();
    }
    let cmark_time = started.elapsed();
    println!("load(): {load_time:?}; pulldown_cmark count ({events} events): {cmark_time:?}");

    assert!(found > 0, "no method pages under {}", root.display());
    assert!(percent >= 95.0, "only {percent:.1}% of method pages bound");
}
