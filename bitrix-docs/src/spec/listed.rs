//! The fields a `*.fields` page lists in a table of their own: the outdated CRM pages
//! (crm.product.fields, crm.measure.fields, …) answer a map of field descriptions and show
//! no example of it; their `### Returned Data` (`## Returned Fields`, `## Fields`) table has one row
//! per field of the record, `**NAME***` for a field a record needs, and sometimes a `Note`
//! column saying `Read-only`, `Required` or `Immutable`. The method model has no `result`
//! row there to type; this reads the rows, for consumers that need each field (the
//! emulator's record schema).

use crate::page::{self, Block};

use super::rows::{clean_text, read_rows};

/// One field a `*.fields` page lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedField {
    /// The wire name (`CATALOG_ID`).
    pub name: String,
    /// The type text (`integer`, `char`, `crm_currency`), empty when the row names none.
    pub type_text: String,
    /// Marked required: `**NAME***`, or `Required` in the `Note` column.
    pub required: bool,
    /// `Read-only` in the `Note` column.
    pub read_only: bool,
    /// The description, cleaned of directives.
    pub description: String,
}

/// The rows of the first table under a heading naming the returned data or fields
/// (`Returned Data`, `Returned Fields`, `Fields`), unless that table documents a `result` row (a
/// page the method model reads). Empty when the page has none. Never panics.
pub fn listed_fields(text: &str) -> Vec<ListedField> {
    let page = page::parse(text);
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
            ListedField {
                // `Required when taxes are counted per document` is a rule, not a marker.
                required: raw.required || note.trim() == "required",
                read_only: note.contains("read-only") || note.contains("read only"),
                name: raw.name,
                type_text: raw.type_text,
                description: clean_text(&raw.description),
            }
        })
        .collect()
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
        assert!(listed_fields("# x crm.x.fields\n\nNo table.\n").is_empty());
    }

    #[test]
    fn a_result_table_is_the_models() {
        let page = "# F crm.x.fields\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n\
            || **result**\n[`object`](x.md) | The fields ||\n|#\n";
        assert!(listed_fields(page).is_empty());
    }
}
