//! Property test: every official page, mutated at random (line-level edits that break the
//! structures the parser tracks, plus byte-level damage), goes through the parser without
//! panicking. Complements `no_panic.rs` (every page as is, byte mutations of three pages)
//! with all pages, line-aware mutations, and proptest's shrinking to a minimal page when
//! something does panic.
//!
//! Pages are read at run time from `../shared/b24restdocs` beside the workspace; the test
//! says so and passes when they are missing. 10,000 cases pick a page each, so every page
//! is mutated many times over.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/b24restdocs");

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// Every official page's text, read once.
fn pages() -> &'static [String] {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let mut paths = Vec::new();
        collect(Path::new(DOCS), &mut paths);
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    })
}

/// Lines or fragments that open, close or confuse the structures the parser tracks.
const TOKENS: &[&str] = &[
    "#|",
    "|#",
    "||",
    "|",
    "**",
    "***",
    "^*^",
    "`",
    "```",
    "{% include",
    "{% note info %}",
    "{% endnote %}",
    "{% list tabs %}",
    "- ",
    "# ",
    "## ",
    "### ",
    "\\",
    "[",
    "](",
    "{#",
    "}",
    "\"",
    "<",
    ">",
    "\t",
    "\u{a0}",
    "\u{feff}",
    "é",
    "🦀",
    "\r",
];

#[derive(Debug, Clone)]
enum Edit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    InsertLine(usize, usize),
    InsertInLine(usize, usize, usize),
    TruncateAt(usize),
    CutLineHalf(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<usize>();
    prop_oneof![
        n.prop_map(Edit::DeleteLine),
        n.prop_map(Edit::DuplicateLine),
        (n, n).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (n, n).prop_map(|(a, t)| Edit::InsertLine(a, t)),
        (n, n, n).prop_map(|(a, t, c)| Edit::InsertInLine(a, t, c)),
        n.prop_map(Edit::TruncateAt),
        n.prop_map(Edit::CutLineHalf),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    for e in edits {
        let len = lines.len().max(1);
        let token = |t: usize| TOKENS[t % TOKENS.len()];
        match *e {
            Edit::DeleteLine(a) if !lines.is_empty() => {
                lines.remove(a % len);
            }
            Edit::DuplicateLine(a) if !lines.is_empty() => {
                let l = lines[a % len].clone();
                lines.insert(a % len, l);
            }
            Edit::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % len, b % len),
            Edit::InsertLine(a, t) => lines.insert(a % (lines.len() + 1), token(t).to_owned()),
            Edit::InsertInLine(a, t, c) if !lines.is_empty() => {
                let line = &mut lines[a % len];
                let chars: Vec<char> = line.chars().collect();
                let at = c % (chars.len() + 1);
                *line = chars[..at].iter().collect::<String>()
                    + token(t)
                    + &chars[at..].iter().collect::<String>();
            }
            Edit::TruncateAt(a) => lines.truncate(a % len + 1),
            Edit::CutLineHalf(a) if !lines.is_empty() => {
                let line = &mut lines[a % len];
                let keep = line.chars().count() / 2;
                *line = line.chars().take(keep).collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 10_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_official_pages_never_panic(
        page in any::<usize>(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let all = pages();
        if all.is_empty() {
            // Reported once by `official_pages_are_there`; nothing to mutate here.
            return Ok(());
        }
        let text = apply(&all[page % all.len()], &edits);
        let _ = bitrix_docs::parse_page(&text, Path::new("fuzz.md"), "fuzz.md");
    }
}

#[test]
fn official_pages_are_there() {
    if pages().is_empty() {
        eprintln!("fuzz: no pages under {DOCS}; the property test ran on nothing (skipped)");
    } else {
        eprintln!("fuzz: {} official pages", pages().len());
    }
}
