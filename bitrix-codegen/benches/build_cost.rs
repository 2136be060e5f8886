//! Build cost of `bind!` over the official crm corpus, against a bare pulldown-cmark parse of
//! the same files, measured side by side in one run (rounds interleaved, medians compared).
//!
//! `cargo bench -p bitrix-codegen --bench build_cost` (corpus: `BITRIX_DOCS_CORPUS`, default
//! `../shared/b24restdocs/api-reference/crm` beside the workspace).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use bitrix_codegen::{expand, Output};

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let corpus = std::env::var_os("BITRIX_DOCS_CORPUS")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("B24RESTDOCS").map(|d| PathBuf::from(d).join("api-reference/crm"))
        })
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/b24restdocs/api-reference/crm")
        });
    let mut files = Vec::new();
    pages(&corpus, &mut files);
    if files.is_empty() {
        eprintln!(
            "no pages under {}: set BITRIX_DOCS_CORPUS",
            corpus.display()
        );
        std::process::exit(2);
    }
    let rounds = 15;
    let (mut bare, mut load, mut gen, mut full) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut sizes = (0usize, 0usize, 0usize);
    for _ in 0..rounds {
        // Bare: read every file and run pulldown-cmark over it.
        let t = Instant::now();
        let mut events = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            events += pulldown_cmark::Parser::new(&text).count();
        }
        bare.push(t.elapsed());
        // The parser alone: load() reads, parses and validates every page.
        let t = Instant::now();
        let loaded = bitrix_docs::load(&corpus).expect("corpus loads");
        load.push(t.elapsed());
        // What bind! does: load() and expand to tokens, rendered as the compiler gets them.
        let t = Instant::now();
        let loaded2 = bitrix_docs::load(&corpus).expect("corpus loads");
        let tokens = expand(&Output {
            methods: &loaded2.methods,
            events: &loaded2.events,
            groups: &[],
            skipped: Vec::new(),
            warnings: Vec::new(),
            shared_call: true,
        });
        gen.push(t.elapsed());
        let text = tokens.to_string();
        full.push(t.elapsed());
        sizes = (events, loaded.methods.len(), text.len());
    }
    let (b, l, g, f) = (median(bare), median(load), median(gen), median(full));
    println!(
        "corpus: {} files, {} methods bound, {} pulldown events, {} bytes of generated code",
        files.len(),
        sizes.1,
        sizes.0,
        sizes.2
    );
    println!(
        "{:<44} {:>12} {:>10}",
        "stage (median of 15 interleaved rounds)", "time", "÷ bare"
    );
    for (name, d) in [
        ("bare: read + pulldown-cmark parse", b),
        ("bitrix_docs::load (read, parse, validate)", l),
        ("bind! expansion (load + expand to tokens)", g),
        ("  … and the tokens rendered as text", f),
    ] {
        println!(
            "{:<44} {:>10.1}ms {:>9.2}×",
            name,
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() / b.as_secs_f64()
        );
    }
}
