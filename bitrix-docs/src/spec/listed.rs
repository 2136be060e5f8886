//! The fields a `*.fields` page lists in a table of their own: the outdated CRM pages
//! (crm.product.fields, crm.measure.fields, …) answer a map of field descriptions and show
//! no example of it; their `### Returned Data` (`## Returned Fields`, `## Fields`) table has one row
//! per field of the record, `**NAME***` for a field a record needs, and sometimes a `Note`
//! column saying `Read-only`, `Required` or `Immutable`; the official pages also end a
//! description with a sentence of its own, `Read-only` or `Multiple` (`Contact. Multiple`),
//! which our pages sometimes word `Cannot be changed` (read as immutable: the page does not
//! say whether creation may set it). The method model has no `result` row there to type;
//! this reads the rows into [`crate::MethodSpec::listed`] (of a `*.fields` method), where
//! the entity reader types a record from them, and for the emulator's record schema.

use crate::page::{self, Block, Page};

use super::rows::{clean_text, read_rows};

pub use crate::model::ListedField;

/// The rows of the first table under a heading naming the returned data or fields
/// (`Returned Data`, `Returned Fields`, `Fields`), unless that table documents a `result` row (a
/// page the method model reads). Empty when the page has none. Never panics.
pub fn listed_fields(text: &str) -> Vec<ListedField> {
    listed_in(&page::parse(text))
}

/// [`listed_fields`] of a parsed page.
pub(crate) fn listed_in(page: &Page<'_>) -> Vec<ListedField> {
    let returned = |title: &str| {
        let t = title.to_ascii_lowercase();
        (t.contains("returned") && (t.contains("data") || t.contains("field"))) || t == "fields"
    };
    let Some(table) = page
        .sections
        .iter()
        .filter(|s| returned(s.title))
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    else {
        return Vec::new();
    };
    let note = table.header().iter().position(|h| h == "note");
    let notes: Vec<String> = table
        .body()
        .iter()
        .map(|r| {
            note.and_then(|i| r.cells.get(i))
                .map_or(String::new(), |c| c.text.to_ascii_lowercase())
        })
        .collect();
    let rows = read_rows(table);
    if rows.iter().any(|r| r.name == "result") {
        return Vec::new();
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let note = notes.get(i).map_or("", String::as_str);
            let description = clean_text(&raw.description);
            let said = |words: &[&str]| {
                words.iter().any(|w| {
                    sentences(note).any(|s| s == *w) || sentences(&description).any(|s| s == *w)
                })
            };
            ListedField {
                // `Required when taxes are counted per document` is a rule, not a marker.
                required: raw.required || note.trim() == "required",
                read_only: note.contains("read-only")
                    || note.contains("read only")
                    || said(&["read-only", "read only"]),
                immutable: said(&["immutable", "cannot be changed"]),
                multiple: said(&["multiple"]),
                name: raw.name,
                type_text: raw.type_text,
                description,
                line: raw.line,
            }
        })
        .collect()
}

/// The sentences of a cell, lower-cased and trimmed: `ID. Read-only` → `id`, `read-only`.
fn sentences(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(['.', '\n'])
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_types_and_notes() {
        let page = "# Fields crm.x.fields\n\n## Code Examples\n\nx\n\n## Returned Fields\n\n#|\n\
            || **Field**\n`type` | **Description** | **Note** ||\n\
            || **CODE**\n[`integer`](x.md) | The code | Required ||\n\
            || **ID**\n[`integer`](x.md) | ID | Read-only ||\n\
            || **NAME***\n[`string`](x.md) | Name | ||\n\
            || **IS_DEFAULT**\n[`char`](x.md) | Default | ||\n|#\n";
        let fields = listed_fields(page);
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["CODE", "ID", "NAME", "IS_DEFAULT"]);
        assert!(fields[0].required && !fields[0].read_only);
        assert!(fields[1].read_only && !fields[1].required);
        assert!(fields[2].required);
        assert_eq!(fields[3].type_text, "char");
        assert!(!fields[0].immutable && !fields[0].multiple);
        assert!(listed_fields("# x crm.x.fields\n\nNo table.\n").is_empty());
    }

    #[test]
    fn hints_in_the_description() {
        let page = "# F crm.x.fields\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n\
            || **ID**\n[`integer`](x.md) | ID of the record. Cannot be changed ||\n\
            || **CONTACT_ID**\n[`crm_contact`](x.md) | Contact. Multiple ||\n\
            || **XML_ID**\n[`string`](x.md) | Code. Read-only ||\n\
            || **NOTE**\n[`string`](x.md) | Says multiple things, not changed by read-only users ||\n|#\n";
        let fields = listed_fields(page);
        let flags: Vec<(bool, bool, bool)> = fields
            .iter()
            .map(|f| (f.read_only, f.immutable, f.multiple))
            .collect();
        assert_eq!(
            flags,
            [
                (false, true, false),
                (false, false, true),
                (true, false, false),
                (false, false, false)
            ]
        );
        assert!(fields.iter().all(|f| f.line > 0));
    }

    #[test]
    fn a_result_table_is_the_models() {
        let page = "# F crm.x.fields\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n\
            || **result**\n[`object`](x.md) | The fields ||\n|#\n";
        assert!(listed_fields(page).is_empty());
    }
}
