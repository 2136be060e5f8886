//! The tabs of one structure section: `### Parameter SETTINGS {#settings}` holds a
//! `{% list tabs %}` with one table per `USER_TYPE_ID` (`- string`, `- date|datetime`, …).
//! The method model types the parameter from the section's first table; this reads every
//! tab, for consumers that need each alternative (the emulator's user-field settings).

use crate::page::{self, Block, Page};

use super::rows::{clean_text, columns, read_rows};
use super::structures::parameter_heading;

/// One tab of a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    /// The tab's labels: `- date|datetime` → `date`, `datetime`.
    pub labels: Vec<String>,
    /// The text lines of the tab outside its table (`When you pass none of the options
    /// below, … as if `LEAD = Y` had been given.`), in order.
    pub text: Vec<String>,
    /// The rows of the tab's table (none when the tab has only text).
    pub rows: Vec<TabRow>,
}

/// One row of a tab's table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabRow {
    /// The key (`DEFAULT_VALUE`).
    pub name: String,
    /// The type text (`integer`, `string[]`), empty when the row names none.
    pub type_text: String,
    /// The documented default: a code span (`Default `1``), or the body of the first code
    /// block after the words "default value" (an object shown as a block).
    pub default: Option<String>,
    /// The description, cleaned of directives.
    pub description: String,
}

/// The tabs of the section whose `{#anchor}` (or `### Parameter NAME` heading) is `name`,
/// compared case-insensitively; empty when the page has no such section or it has no tabs.
/// Never panics.
pub fn tabs(text: &str, name: &str) -> Vec<Tab> {
    let page = page::parse(text);
    section_tabs(&page, name)
}

fn section_tabs(page: &Page<'_>, name: &str) -> Vec<Tab> {
    let wanted = |s: &page::Section<'_>| {
        s.anchor.is_some_and(|a| a.eq_ignore_ascii_case(name))
            || parameter_heading(s.title).is_some_and(|p| p.eq_ignore_ascii_case(name))
    };
    let Some(section) = page.sections.iter().skip(1).find(|s| wanted(s)) else {
        return Vec::new();
    };
    let mut out: Vec<Tab> = Vec::new();
    for block in &section.blocks {
        match block {
            Block::Text { text, .. } => {
                if let Some(labels) = tab_labels(text) {
                    out.push(Tab {
                        labels,
                        text: Vec::new(),
                        rows: Vec::new(),
                    });
                } else if let Some(tab) = out.last_mut().filter(|_| !text.trim().is_empty()) {
                    tab.text.push(text.trim().to_string());
                }
            }
            Block::Table(table) => {
                let Some(tab) = out.last_mut() else {
                    continue;
                };
                let desc = columns(table).desc;
                let raw_descriptions: Vec<&str> = table
                    .body()
                    .iter()
                    .map(|r| r.cells.get(desc).map_or("", |c| c.text.as_str()))
                    .collect();
                for (i, raw) in read_rows(table).into_iter().enumerate() {
                    let block_default = || {
                        let cell = raw_descriptions.get(i).copied().unwrap_or("");
                        let lower = cell.to_ascii_lowercase();
                        let after = cell.get(lower.find("default value")?..)?;
                        page::code_blocks(after)
                            .into_iter()
                            .next()
                            .map(|b| b.trim().to_string())
                    };
                    let default = raw.default.clone().or_else(block_default);
                    tab.rows.push(TabRow {
                        name: raw.name,
                        type_text: raw.type_text,
                        default,
                        description: clean_text(&raw.description),
                    });
                }
            }
            Block::Code(_) => {}
        }
    }
    out
}

/// `- string`, `- date|datetime`, `- rest_*` → the labels; any other line → `None`.
fn tab_labels(line: &str) -> Option<Vec<String>> {
    let rest = line.trim().strip_prefix("- ")?.trim();
    let labels: Vec<String> = rest.split('|').map(|l| l.trim().to_string()).collect();
    let plain = |l: &String| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'*'))
    };
    labels.iter().all(plain).then_some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Add crm.x.userfield.add\n\n## Method Parameters\n\n\
        ### Parameter SETTINGS {#settings}\n\nOptions per type.\n\n{% list tabs %}\n\n\
        - string\n\n    #|\n    || **Name**\n    `type` | **Description** ||\n    \
        || **ROWS**\n    [`integer`](x.md) | Lines.\n\n    Default `1` ||\n    |#\n\n\
        - date|datetime\n\n    #|\n    || **Name**\n    `type` | **Description** ||\n    \
        || **DEFAULT_VALUE**\n    [`object`](x.md) | Preset.\n    ```\n    {VALUE: datetime}\n    ```\n\n    \
        Default value:\n    ```\n    {\n        TYPE: 'NONE',\n    }\n    ``` ||\n    |#\n\n\
        - crm\n\n    With none given, as if `LEAD = Y` had been.\n\n    #|\n    \
        || **Name**\n    `type` | **Description** ||\n    || **LEAD**\n    [`boolean`](x.md) | Leads.\n\n    \
        Default `N` ||\n    |#\n\n- employee\n\n    No settings.\n\n{% endlist %}\n\n## Code Examples\n";

    #[test]
    fn every_tab_keeps_its_labels_text_and_rows() {
        let tabs = tabs(PAGE, "settings");
        let labels: Vec<Vec<String>> = tabs.iter().map(|t| t.labels.clone()).collect();
        assert_eq!(
            labels,
            [
                vec!["string".to_string()],
                vec!["date".to_string(), "datetime".to_string()],
                vec!["crm".to_string()],
                vec!["employee".to_string()],
            ]
        );
        assert_eq!(tabs[0].rows[0].name, "ROWS");
        assert_eq!(tabs[0].rows[0].type_text, "integer");
        assert_eq!(tabs[0].rows[0].default.as_deref(), Some("1"));
        assert_eq!(
            tabs[1].rows[0].default.as_deref(),
            Some("{\n    TYPE: 'NONE',\n}"),
            "the block after `Default value`, not the format block"
        );
        assert_eq!(
            tabs[2].text,
            ["With none given, as if `LEAD = Y` had been."]
        );
        assert_eq!(tabs[2].rows[0].default.as_deref(), Some("N"));
        assert!(tabs[3].rows.is_empty());
        assert_eq!(tabs[3].text, ["No settings."]);
        assert!(super::tabs(PAGE, "missing").is_empty());
    }
}
