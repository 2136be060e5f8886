//! Tests of `page.rs`.

use super::*;

fn only_table(page: &Page<'_>) -> Table {
    let tables: Vec<_> = page
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Table(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 1, "{tables:#?}");
    tables.into_iter().next().unwrap()
}

fn texts(row: &Row) -> Vec<&str> {
    row.cells.iter().map(|c| c.text.as_str()).collect()
}

#[test]
fn headings_sections_and_h1() {
    let page = parse("intro\n# Title crm.x.y {#top}\ntext\n## Method Parameters {#params}\n### Parameter fields\n");
    assert_eq!(page.h1, Some(("Title crm.x.y", 2)));
    let titles: Vec<_> = page
        .sections
        .iter()
        .map(|s| (s.level, s.title, s.line))
        .collect();
    assert_eq!(
        titles,
        [
            (1, "Title crm.x.y", 2),
            (2, "Method Parameters", 4),
            (3, "Parameter fields", 5)
        ]
    );
}

#[test]
fn hash_in_code_is_not_a_heading() {
    let page = parse("# T a.b\n```bash\n# comment\n```\n");
    assert_eq!(page.sections.len(), 1);
    assert!(
        matches!(&page.sections[0].blocks[0], Block::Code(c) if c.body == "# comment\n" && c.lang == "bash")
    );
}

#[test]
fn multi_line_rows_and_escaped_pipes() {
    let page = parse(
        "#|\n|| **Name**\n`type` | **Description** ||\n|| **id***\n[`string`](x.md)\\|[`lang_map`](y.md) | Line one\n\nline `a\\|b` two ||\n|#\n",
    );
    let t = only_table(&page);
    assert!(t.closed);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(texts(&t.rows[0]), ["**Name**\n`type`", "**Description**"]);
    assert_eq!(
        texts(&t.rows[1]),
        [
            "**id***\n[`string`](x.md)|[`lang_map`](y.md)",
            "Line one\n\nline `a|b` two"
        ]
    );
    assert_eq!(t.rows[1].line, 4);
    assert_eq!(t.rows[1].cells[1].line, 5);
    assert_eq!(t.header(), ["name type", "description"]);
}

#[test]
fn indented_table_in_tabs_with_trailing_spaces() {
    let page = parse("{% list tabs %}\n\n- Tab\n\n    #|   \n    || **a** | b ||  \n    || **c**   \n    `int` | d\n    - item ||\n    |#  \n\n{% endlist %}\n");
    let t = only_table(&page);
    assert!(t.closed);
    assert_eq!(texts(&t.rows[1]), ["**c**\n`int`", "d\n- item"]);
}

#[test]
fn closing_pipes_on_their_own_line_and_tight_rows() {
    let page = parse("#|\n||A|B||\n|| **x** | text\n- **Y** — y\n||\n||WEB|Website||\n|#");
    let t = only_table(&page);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(texts(&t.rows[1]), ["**x**", "text\n- **Y** — y"]);
    assert_eq!(texts(&t.rows[2]), ["WEB", "Website"]);
}

#[test]
fn code_and_nested_tables_inside_cells_keep_their_pipes() {
    let page = parse(
        "#|\n|| a | b ||\n|| **f** | see:\n```js\nx || y | z\n```\n#|\n||K|V||\n|#\nafter ||\n|#\n",
    );
    let t = only_table(&page);
    assert!(t.closed);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[1].cells.len(), 2);
    let cell = &t.rows[1].cells[1].text;
    assert!(
        cell.contains("x || y | z") && cell.contains("||K|V||") && cell.ends_with("after"),
        "{cell}"
    );
    assert_eq!(code_blocks(cell), ["x || y | z\n"]);
}

#[test]
fn unclosed_table_is_marked() {
    let page = parse("# T a.b\n#|\n|| a | b ||\n|| c | d");
    let t = only_table(&page);
    assert!(!t.closed);
    assert_eq!(t.line, 2);
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn directives_are_dropped_and_includes_kept() {
    let page = parse("# T a.b\n{% include [N](../_includes/required.md) %}\n{% note warning \"\" %}\nbody\n{% endnote %}\n{% include notitle [e](x/e.md) %}\n");
    assert_eq!(
        page.includes,
        [("../_includes/required.md", 2), ("x/e.md", 6)]
    );
    let texts: Vec<_> = page.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Text { text, .. } if !text.is_empty() => Some(*text),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["body"]);
}

#[test]
fn notes_keep_their_title_and_span() {
    let page = parse("# T a.b\n{% note warning \"DEPRECATED\" %}\n\nUse x.\n\n{% endnote %}\n{% note info %}\nopen");
    assert_eq!(
        page.notes,
        [
            Note {
                kind: "warning",
                title: "DEPRECATED",
                line: 2,
                end: 6
            },
            Note {
                kind: "info",
                title: "",
                line: 7,
                end: 8
            }
        ]
    );
}

#[test]
fn bullets_top_level_only() {
    let text = "Values:\n- `Y` — yes\n  - sub\n- `N` — no\n```\n- not\n```";
    assert_eq!(bullets(text), ["`Y` — yes", "`N` — no"]);
}
