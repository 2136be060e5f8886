//! The parameter table (`## Method Parameters`), the structure sections under it, and the
//! checks on them: duplicate rows, untyped rows, sections naming no parameter.

use std::collections::HashMap;

use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{Field, FieldType};
use crate::page::Page;

use super::resolve::{child_examples, request_example, Resolver};
use super::rows::{read_rows, RawField};
use super::structures::{parameter_heading, Structures};
use super::{params_section, region, tables};

pub(super) fn params(cx: &mut Ctxt<'_>, page: &Page<'_>) -> Vec<Field> {
    let Some(at) = params_section(page) else {
        return Vec::new();
    };
    let region = region(page, at);
    let Some(table) = region.first().and_then(|s| tables(s).next()) else {
        return Vec::new(); // "No parameters."
    };
    let structures = Structures::of(region);
    let rows = read_rows(table);
    check_duplicates(cx, &rows);
    let body = request_example(page);
    let examples: Vec<&Value> = body.iter().collect();
    let mut resolver = Resolver { structures };
    let fields = resolver.fields(rows.clone(), &examples, 0);
    for (raw, field) in rows.iter().zip(&fields) {
        let no_example = child_examples(&examples, &raw.name).is_empty();
        if raw.type_text.is_empty() && no_example && field.ty == FieldType::Any {
            cx.error(
                raw.line,
                format!(
                    "parameter `{}` has no type: write it on the line under the name, e.g. \
                     [`integer`](../data-types.md), or show it in the cURL example",
                    raw.name
                ),
            );
        }
    }
    for entry in resolver.structures.entries.iter().filter(|e| !e.used) {
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
    fn missing_type_is_settled_by_the_example_or_rejected() {
        let rows = "|| **id*** | Id ||\n";
        let curl = "\n## Code Examples\n\n{% list tabs %}\n\n- cURL (Webhook)\n\n    ```bash\n    curl -X POST \\\n    -d '{\"id\":5}' \\\n    https://x/rest/crm.thing.do\n    ```\n\n{% endlist %}\n";
        let spec = method(&format!("{}{curl}", with_params(rows)));
        assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
        let diags = rejected(&with_params(rows));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].0, 14);
        assert!(diags[0].1.contains("`id` has no type"), "{diags:?}");
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
}
