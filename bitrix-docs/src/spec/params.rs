//! The parameter table (`## Method Parameters`, or a table shaped like one in the page head),
//! the structure sections under it, and the checks on them: duplicate rows and sections
//! naming no parameter reject the page; an untyped row no example settles is bound as any
//! JSON value with a warning.

use std::collections::HashMap;

use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{Field, FieldType};
use crate::page::{Page, Section, Table};

use super::resolve::{child_examples, request_example, Resolver, Side};
use super::rows::{read_rows, RawField};
use super::structures::{parameter_heading, Structures};
use super::{params_section, region, tables};

pub(super) fn params(cx: &mut Ctxt<'_>, page: &Page<'_>, method: &str) -> Vec<Field> {
    let Some((region, table)) = parameter_table(cx, page) else {
        return Vec::new(); // "No parameters."
    };
    let structures = Structures::of(region);
    let mut rows = read_rows(table);
    check_duplicates(cx, &rows);
    structures.nest_named_elements(&mut rows);
    let body = request_example(page);
    let examples: Vec<&Value> = body.iter().collect();
    let mut resolver = Resolver::new(structures, cx, Side::Request, method);
    let fields = resolver.fields(rows.clone(), &examples, 0, "");
    let structures = resolver.finish();
    for (raw, field) in rows.iter().zip(&fields) {
        let no_example = child_examples(&examples, &raw.name).is_empty();
        if raw.type_text.is_empty() && no_example && field.ty == FieldType::Any {
            cx.warn(
                raw.line,
                format!(
                    "parameter `{}` has no type and no example shows one: bound as any JSON \
                     value; write the type on the line under the name, e.g. \
                     [`integer`](../data-types.md), or show it in the cURL example",
                    raw.name
                ),
            );
        }
    }
    for entry in structures.entries.iter().filter(|e| !e.used) {
        if parameter_heading(entry.title).is_none() {
            continue; // an anchored section that is not about a parameter
        }
        check_duplicates(cx, &read_rows(entry.table));
        let names: Vec<String> = rows.iter().map(|r| format!("`{}`", r.name)).collect();
        cx.error(
            entry.line,
            format!(
                "section `### {}` describes a parameter the table does not have: name one \
                 of the table's parameters ({}) in the heading, or add the parameter to the table",
                entry.title,
                names.join(", ")
            ),
        );
    }
    fields
}

/// The parameter table and the sections that may describe its structures: the first
/// table of `## Method Parameters` (or `## Parameters`); on a page without that heading,
/// the first table shaped like one (`Name`/`type` | `Description`) in the page head, before
/// the first `##` section, with the `###` sections under the head. A parameter-shaped table
/// anywhere else before the examples cannot be placed with confidence: a warning.
fn parameter_table<'p, 'a>(
    cx: &mut Ctxt<'_>,
    page: &'p Page<'a>,
) -> Option<(&'p [Section<'a>], &'p Table)> {
    if let Some(at) = params_section(page) {
        let region = region(page, at);
        let table = region.first().and_then(|s| tables(s).next())?;
        return Some((region, table));
    }
    let head_end = page
        .sections
        .iter()
        .skip(1)
        .position(|s| s.level <= 2)
        .map_or(page.sections.len(), |i| i + 1);
    let head = page.sections.get(..head_end).unwrap_or(&[]);
    if let Some(table) = head.iter().flat_map(tables).find(|t| parameter_shaped(t)) {
        return Some((head, table));
    }
    let before_examples = page
        .sections
        .iter()
        .skip(head_end)
        .take_while(|s| !is_examples_heading(s.title));
    if let Some(table) = before_examples
        .flat_map(tables)
        .find(|t| parameter_shaped(t))
    {
        cx.warn(
            table.line,
            "this table looks like the parameter table, but the page has no `## Method \
             Parameters` heading: the method is bound without parameters; put the table \
             under a `## Method Parameters` heading",
        );
    }
    None
}

/// `Name`/`type` | `Description` (first header cell a name, another a description).
fn parameter_shaped(table: &Table) -> bool {
    let header = table.header();
    header
        .first()
        .is_some_and(|h| h.starts_with("name") || h.starts_with("parameter"))
        && header.iter().skip(1).any(|h| h.contains("description"))
}

fn is_examples_heading(title: &str) -> bool {
    let t = title.to_ascii_lowercase();
    t.contains("example") || t.starts_with("response")
}

pub(super) fn check_duplicates(cx: &mut Ctxt<'_>, rows: &[RawField]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for row in rows {
        if let Some(first) = seen.insert(&row.name, row.line) {
            cx.error(
                row.line,
                format!(
                    "parameter `{}` is listed twice in one table (first on line {first}): \
                     remove or rename one of the rows",
                    row.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::FieldType;
    use crate::spec::testkit::*;

    #[test]
    fn missing_type_is_settled_by_the_example_or_bound_as_any_with_a_warning() {
        let rows = "|| **id*** | Id ||\n";
        let curl = "\n## Code Examples\n\n{% list tabs %}\n\n- cURL (Webhook)\n\n    ```bash\n    curl -X POST \\\n    -d '{\"id\":5}' \\\n    https://x/rest/crm.thing.do\n    ```\n\n{% endlist %}\n";
        let spec = method(&format!("{}{curl}", with_params(rows)));
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
        // No example: the page still binds, the row as any JSON value, and says so.
        let spec = method(&with_params(rows));
        assert_eq!(shape(&spec.params), [("id", FieldType::Any, true)]);
        let warnings: Vec<_> = spec.warnings.iter().map(|d| (d.line, &d.message)).collect();
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].0, 14);
        assert!(
            warnings[0]
                .1
                .contains("`id` has no type and no example shows one")
                && warnings[0].1.contains("bound as any JSON value"),
            "{warnings:?}"
        );
        assert_eq!(
            spec.warnings[0].to_string(),
            format!("t.md:14: {}", warnings[0].1)
        );
    }

    #[test]
    fn nested_section_and_code_block_names() {
        let text = format!(
            "{}\n### Parameter FIELDS {{#fields}}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **TITLE***\n`string` | T ||\n|#\n",
            with_params("|| **fields***\n`object` | See below:\n\n```js\nfields: { \"OTHER\": \"value\" }\n```\n ||\n|| **params**\n`object` | Shape:\n```\n{ \"A\": 1, \"B\": 2 }\n```\n ||\n")
        );
        let spec = method(&text);
        assert_eq!(
            shape(object(&field(&spec.params, "fields").ty)),
            [("TITLE", FieldType::String, true)]
        );
        let params = field(&spec.params, "params");
        assert_eq!(
            shape(object(&params.ty)),
            [("A", FieldType::Any, false), ("B", FieldType::Any, false)]
        );
    }

    #[test]
    fn unknown_nested_section_is_rejected() {
        let text = format!(
            "{}\n### Parameter foo\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **X**\n`string` | x ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let diags = rejected(&text);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0]
            .1
            .contains("`### Parameter foo` describes a parameter the table does not have"));
        assert_eq!(diags[0].0, 18);
    }

    #[test]
    fn dotted_rows_are_fields_of_their_parameter() {
        let spec = method(&with_params(
            "|| **fields***\n`object` | F ||\n|| **fields.CONTACT_ID***\n`integer` | C ||\n",
        ));
        assert_eq!(spec.params.len(), 1);
        assert_eq!(
            shape(object(&spec.params[0].ty)),
            [("CONTACT_ID", FieldType::Integer, true)]
        );
    }

    const TABLE: &str = "#|\n|| **Name**\n`type` | **Description** ||\n|| **id^*^**\n[`integer`](t.md) | Deal id ||\n|| **rows**\n`object[]` | Rows, see [below](#parameter-rows) ||\n|#\n";

    #[test]
    fn a_parameter_table_without_its_heading_is_found_by_its_shape() {
        // crm.deal.productrows.set: the table sits in the page head, its structure below.
        let page = format!(
            "# Set Products crm.deal.productrows.set\n\n> Scope: `crm`\n\nIntro.\n\n{TABLE}\n### Fields of Product Rows {{#parameter-rows}}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **PRODUCT_ID**\n`integer` | P ||\n|#\n\n## Code Examples\n\nNone.\n"
        );
        let spec = method(&page);
        assert_eq!(spec.params.len(), 2, "{:#?}", spec.params);
        assert_eq!(shape(&spec.params)[0], ("id", FieldType::Integer, true));
        assert_eq!(
            shape(object(&spec.params[1].ty)),
            [("PRODUCT_ID", FieldType::Integer, false)]
        );
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    }

    #[test]
    fn a_level_one_parameters_heading_counts() {
        let page = format!("# Get Status crm.thing.status\n\nIntro.\n\n# Method Parameters\n\n{TABLE}\n## Code Examples\n");
        let spec = method(&page);
        assert_eq!(spec.params.len(), 2);
    }

    #[test]
    fn a_parameter_table_elsewhere_is_a_warning() {
        let page = format!(
            "# Get Status crm.thing.status\n\nIntro.\n\n## Notes\n\n{TABLE}\n## Code Examples\n"
        );
        let spec = method(&page);
        assert!(spec.params.is_empty());
        assert_eq!(spec.warnings.len(), 1);
        assert_eq!(spec.warnings[0].line, 7);
        assert!(spec.warnings[0].message.contains(
            "looks like the parameter table, but the page has no `## Method Parameters` heading"
        ));
    }
}
