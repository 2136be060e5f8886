//! Helpers for the stage tests: pages built from snippets, and compact views of fields.

use std::path::Path;

use crate::model::{Field, FieldType, MethodSpec};
use crate::page;

use super::{build, PageOutcome};

pub(super) fn outcome(text: &str) -> PageOutcome {
    build(&page::parse(text), Path::new("t.md"), "t.md")
}

pub(super) fn method(text: &str) -> MethodSpec {
    match outcome(text) {
        PageOutcome::Method(spec) => *spec,
        other => panic!("not a method: {other:?}"),
    }
}

pub(super) fn rejected(text: &str) -> Vec<(usize, String)> {
    match outcome(text) {
        PageOutcome::Rejected(diags) => diags.into_iter().map(|d| (d.line, d.message)).collect(),
        other => panic!("not rejected: {other:?}"),
    }
}

pub(super) fn field<'f>(fields: &'f [Field], name: &str) -> &'f Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields:#?}"))
}

pub(super) fn object(ty: &FieldType) -> &[Field] {
    match ty {
        FieldType::Object(fields) => fields,
        FieldType::Array(inner) => object(inner),
        other => panic!("not an object: {other:?}"),
    }
}

/// (name, type, required) of each field, for compact assertions.
pub(super) fn shape(fields: &[Field]) -> Vec<(&str, FieldType, bool)> {
    fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone(), f.required))
        .collect()
}

pub(super) const HEAD: &str = "# Do Things crm.thing.do\n\n> Scope: [`crm`](s.md), [`user`](s.md)\n>\n> Who can execute the method: `any user`\n\nIntro text.\n\n## Method Parameters\n\n";

pub(super) fn with_params(rows: &str) -> String {
    format!("{HEAD}#|\n|| **Name**\n`type` | **Description** ||\n{rows}|#\n")
}

/// A `## Response Handling` section: the answer `{"result": …}` and a `result` table whose
/// rows follow (`rows`, in the `|| **NAME**\n`type` | … ||` form).
pub(super) fn answer(result: &str, result_type: &str, rows: &str) -> String {
    format!(
        "\n## Response Handling\n\n```json\n{{\"result\": {result}}}\n```\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`{result_type}` | The answer ||\n|#\n\n#|\n|| **Name**\n`type` | **Description** ||\n{rows}|#\n"
    )
}
