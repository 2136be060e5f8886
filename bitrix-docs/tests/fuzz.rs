//! Property test: every official page, mutated at random (line-level edits that break the
//! structures the parser tracks, plus byte-level damage), goes through the parser without
//! panicking. Complements `no_panic.rs` (every page as is, byte mutations of three pages)
//! with all pages, line-aware mutations, and proptest's shrinking to a minimal page when
//! something does panic.
//!
//! Pages are read at run time from `../shared/b24restdocs` beside the workspace (see
//! `common`), so the tests are ignored by default (`-- --include-ignored` runs them) and
//! fail when the pages are missing. 10,000 cases pick a page each, so every page is mutated
//! many times over.

mod common;

use std::path::Path;
use std::sync::OnceLock;

use proptest::prelude::*;

/// Every official page's text, read once. Panics when there are none.
fn pages() -> &'static [String] {
    static PAGES: OnceLock<Vec<String>> = OnceLock::new();
    PAGES.get_or_init(|| {
        let docs = common::docs_root();
        let texts: Vec<String> = common::md_files(&docs)
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect();
        assert!(!texts.is_empty(), "no pages under {}", docs.display());
        texts
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
    #[ignore = "needs ../shared/b24restdocs"]
    fn mutated_official_pages_never_panic(
        page in any::<usize>(),
        edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let all = pages();
        let text = apply(&all[page % all.len()], &edits);
        let _ = bitrix_docs::parse_page(&text, Path::new("fuzz.md"), "fuzz.md");
    }
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_pages_are_there() {
    eprintln!("fuzz: {} official pages", pages().len());
}
