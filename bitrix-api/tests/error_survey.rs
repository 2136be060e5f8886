//! A survey of the error tables of the official method pages: every row of a table under
//! an error heading (`## Error Handling`, `### Possible Error Codes`, …) with a `Code`
//! column, classified as the client classifies a portal's answer with that code, status
//! and text. Prints how many distinct codes the pages list and how many get a kind other
//! than `ErrorKind::Other`, and holds the count so a change to the table cannot lose any.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bitrix_api::error::{ApiError, ErrorKind};

/// `../shared/b24restdocs` beside the workspace, or `B24RESTDOCS`.
fn docs() -> PathBuf {
    std::env::var_os("B24RESTDOCS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/b24restdocs"))
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// One table row: the code as the page writes it, the status when the table has a status
/// column, and the rest of the row as the description.
struct Row {
    code: String,
    status: Option<u16>,
    text: String,
}

/// The `#| … |#` tables under headings that mention errors.
fn rows(page: &str) -> Vec<Row> {
    let mut out = Vec::new();
    let mut in_errors = false;
    let mut table: Option<String> = None;
    for line in page.lines() {
        if let Some(t) = table.as_mut() {
            if line.trim_start().starts_with("|#") {
                out.extend(table_rows(t));
                table = None;
            } else {
                t.push_str(line);
                t.push('\n');
            }
        } else if line.starts_with("##") {
            in_errors = line.contains("rror") || line.contains("unsuccessful");
        } else if in_errors && line.trim_start().starts_with("#|") {
            table = Some(String::new());
        }
    }
    out
}

fn table_rows(table: &str) -> Vec<Row> {
    let cells: Vec<Vec<String>> = table
        .split("||")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.split('|').map(|c| c.trim().to_owned()).collect())
        .collect();
    let Some((head, body)) = cells.split_first() else {
        return Vec::new();
    };
    let head: Vec<String> = head
        .iter()
        .map(|h| h.trim_matches('*').trim().to_lowercase())
        .collect();
    let Some(code_at) = head.iter().position(|h| h.starts_with("code")) else {
        return Vec::new();
    };
    let status_at = head.iter().position(|h| h.contains("status"));
    body.iter()
        .filter(|r| r.len() > code_at)
        .map(|r| Row {
            code: code(&r[code_at]),
            status: status_at
                .and_then(|i| r.get(i))
                .and_then(|s| s.trim_matches(|c| c == '`' || c == '*').trim().parse().ok()),
            text: r
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != code_at && Some(*i) != status_at)
                .map(|(_, c)| c.replace('`', ""))
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect()
}

/// The code of a cell: the first backticked part, else the text; the pages' ways of
/// writing "no code" are the empty code.
fn code(cell: &str) -> String {
    let text = match cell.split('`').nth(1) {
        Some(inner) if cell.contains('`') => inner,
        _ => cell,
    };
    let text = text.trim().trim_matches('*').trim();
    match text.to_lowercase().as_str() {
        "" | "empty value" | "empty string" | "empty" | "\"\"" | "''" | "-" | "—" => {
            String::new()
        }
        _ => text.to_owned(),
    }
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn every_code_the_pages_list_is_classified() {
    let root = docs().join("api-reference");
    let mut files = Vec::new();
    pages(&root, &mut files);
    assert!(!files.is_empty(), "no pages under {}", root.display());
    // code -> (rows, rows classified)
    let mut codes: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut total = 0;
    // `SURVEY_SHOW=ERROR_CORE` prints that code's unclassified rows.
    let show = std::env::var("SURVEY_SHOW").ok();
    for file in &files {
        let Ok(page) = std::fs::read_to_string(file) else {
            continue;
        };
        for row in rows(&page) {
            total += 1;
            let kind = ApiError::new("m", row.status, row.code.clone(), row.text.clone()).kind();
            if kind == ErrorKind::Other && show.as_deref() == Some(row.code.as_str()) {
                println!("  {:?} {}: {}", row.status, file.display(), row.text);
            }
            let entry = codes.entry(row.code).or_insert((0, 0));
            entry.0 += 1;
            if kind != ErrorKind::Other {
                entry.1 += 1;
            }
        }
    }
    let classified_rows: usize = codes.values().map(|c| c.1).sum();
    let fully = codes.values().filter(|c| c.1 == c.0).count();
    let partly = codes.values().filter(|c| c.1 > 0 && c.1 < c.0).count();
    println!(
        "{} pages, {total} error rows, {} distinct codes; {fully} codes classified in every \
         row, {partly} in some rows, {} never; rows classified: {classified_rows} of {total}",
        files.len(),
        codes.len(),
        codes.len() - fully - partly,
    );
    let mut left: Vec<(&String, &(usize, usize))> =
        codes.iter().filter(|(_, c)| c.1 < c.0).collect();
    left.sort_by_key(|(_, c)| std::cmp::Reverse(c.0 - c.1));
    for (code, (n, ok)) in left.iter().take(40) {
        println!("  {code:?}: {} of {n} rows unclassified", n - ok);
    }
    for code in [
        "",
        "NOT_FOUND",
        "ERROR_NOT_FOUND",
        "ERROR_ENTITY_NOT_FOUND",
        "OWNER_NOT_FOUND",
        "BOT_NOT_FOUND",
        "ACCESS_DENIED",
        "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
    ] {
        assert!(
            codes.get(code).is_some_and(|c| c.1 > 0),
            "{code:?} is listed and classified"
        );
    }
    // The floor measured when the table was written (4546 of 5448 rows, 452 of 685 codes in
    // every row); raise it when the table learns more.
    assert!(
        classified_rows * 100 >= total * 80,
        "{classified_rows} of {total}"
    );
}
