//! The `### Possible Error Codes` table.

use crate::model::ErrorCode;
use crate::page::Page;

use super::rows::{clean_name, clean_text, code_spans};
use super::tables;

pub(super) fn errors(page: &Page<'_>) -> Vec<ErrorCode> {
    let Some(section) = page.sections.iter().find(|s| {
        let t = s.title.to_ascii_lowercase();
        t.contains("error codes") || t == "possible errors"
    }) else {
        return Vec::new();
    };
    let Some(table) = tables(section).next() else {
        return Vec::new();
    };
    let header = table.header();
    let code_col = header.iter().position(|h| h.contains("code")).unwrap_or(0);
    let status_col = header.iter().position(|h| h.contains("status"));
    table
        .body()
        .iter()
        .map(|row| {
            let cell = |i: usize| row.cells.get(i).map_or("", |c| c.text.as_str());
            let raw_code = cell(code_col);
            let code = code_spans(raw_code)
                .first()
                .map_or_else(|| clean_name(raw_code), |c| c.to_string());
            let code = if code.eq_ignore_ascii_case("empty value") {
                String::new()
            } else {
                code
            };
            let description = row
                .cells
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != code_col && Some(*i) != status_col)
                .map(|(_, c)| clean_text(&c.text))
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" — ");
            ErrorCode { code, description }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::spec::testkit::*;

    #[test]
    fn error_tables_with_status_columns() {
        let text = format!(
            "{}\n### Possible Error Codes\n\n#|\n|| **Status** | **Code** | **Description** | **Value** ||\n|| `400` | Empty value | `Access denied.` | No rights ||\n|| `400` | `BAD` | Bad | Bad input ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let spec = method(&text);
        let errors: Vec<_> = spec
            .errors
            .iter()
            .map(|e| (e.code.as_str(), e.description.as_str()))
            .collect();
        assert_eq!(
            errors,
            [
                ("", "`Access denied.` — No rights"),
                ("BAD", "Bad — Bad input")
            ]
        );
    }
}
