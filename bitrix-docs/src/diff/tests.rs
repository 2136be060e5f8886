//! Tests of `diff/mod.rs`.

use super::*;
use crate::{parse_page, PageOutcome};

fn spec(params: &str) -> MethodSpec {
    let text = format!(
        "# Bind crm.x.add\n\n## Method Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n{params}|#\n"
    );
    match parse_page(&text, Path::new("p.md"), "p.md") {
        PageOutcome::Method(s) => *s,
        other => panic!("{other:?}"),
    }
}

fn kinds(old: &str, new: &str) -> Vec<(Kind, bool, String)> {
    diff_methods(&[spec(old)], &[spec(new)])
        .changes
        .into_iter()
        .map(|c| (c.kind, c.breaking, c.path))
        .collect()
}

const ID: &str = "|| **id***\n[`integer`](t.md) | Lead ||\n";
const SORT: &str = "|| **sort**\n[`integer`](t.md) | Sort ||\n";

#[test]
fn same_pages_have_no_changes() {
    assert!(kinds(ID, ID).is_empty());
    let report = diff_methods(&[spec(ID)], &[spec(ID)]);
    assert_eq!(report.to_string(), "no changes");
}

#[test]
fn a_name_shown_twice_in_the_answer_pairs_in_order() {
    // tasks.task.list (REST 3.0) documents `items` (array) and `items[]` (object): both
    // read as `items`; the page against itself has no changes.
    let text = "# List tasks.x.list\n\n## Method Parameters\n\nNone.\n\n\
        ## Response Handling\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n\
        || **result**\n[`object`](t.md) | Data ||\n|| **items**\n[`array`](t.md) | Tasks ||\n\
        || **items[]**\n[`object`](t.md) | A task ||\n|#\n";
    let page = match parse_page(text, Path::new("p.md"), "p.md") {
        PageOutcome::Method(s) => *s,
        other => panic!("{other:?}"),
    };
    let report = diff_methods(std::slice::from_ref(&page), std::slice::from_ref(&page));
    assert_eq!(report.to_string(), "no changes");
}

#[test]
fn parameters_added_removed_and_remarked() {
    let both = format!("{ID}{SORT}");
    assert_eq!(
        kinds(ID, &both),
        [(Kind::NewOptionalParameter, false, "sort".into())]
    );
    assert_eq!(
        kinds(&both, ID),
        [(Kind::RemovedParameter, true, "sort".into())]
    );
    let req = format!("{ID}|| **sort***\n[`integer`](t.md) | Sort ||\n");
    assert_eq!(
        kinds(ID, &req),
        [(Kind::NewRequiredParameter, true, "sort".into())]
    );
    assert_eq!(
        kinds(&both, &req),
        [(Kind::OptionalToRequired, true, "sort".into())]
    );
    assert_eq!(
        kinds(&req, &both),
        [(Kind::RequiredToOptional, true, "sort".into())]
    );
}

#[test]
fn rest2_and_rest3_pages_of_one_name_are_two_methods() {
    let v3 = MethodSpec {
        version: ApiVersion::V3,
        ..spec(ID)
    };
    let report = diff_methods(&[spec(ID)], &[spec(ID), v3]);
    let got: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.method.as_str(), c.kind))
        .collect();
    assert_eq!(got, [("crm.x.add (REST 3.0)", Kind::NewMethod)]);
}

#[test]
fn a_deprecation_is_a_fact() {
    let old = spec(ID);
    let new = MethodSpec {
        deprecated: Some("Use crm.item.add instead.".into()),
        ..spec(ID)
    };
    let report = diff_methods(&[old], &[new]);
    assert!(!report.is_breaking() && report.facts_differ());
    assert_eq!(
        report.changes[0].detail,
        "deprecation none → Use crm.item.add instead."
    );
}

#[test]
fn a_rename_breaks_only_a_setter() {
    let old = format!("{ID}{SORT}");
    let new = format!("{ID}|| **order**\n[`integer`](t.md) | Sort ||\n");
    assert_eq!(
        kinds(&old, &new),
        [(Kind::RenamedParameter, true, "sort".into())]
    );
    let new_id = "|| **leadId***\n[`integer`](t.md) | Lead ||\n";
    assert_eq!(
        kinds(ID, new_id),
        [(Kind::RenamedParameter, false, "id".into())]
    );
    // A required object's struct is named after it.
    let fields = "|| **fields***\n[`object`](t.md) | F:\n\n- **A** — a\n||\n";
    let data = "|| **data***\n[`object`](t.md) | F:\n\n- **A** — a\n||\n";
    assert_eq!(
        kinds(fields, data),
        [(Kind::RenamedParameter, true, "fields".into())]
    );
    // Another type is not a rename.
    let other = format!("{ID}|| **order**\n[`string`](t.md) | Sort ||\n");
    let got = kinds(&old, &other);
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn facts_are_told_apart_from_wording() {
    let base = "|| **sort**\n[`integer`](t.md) | Sort. Defaults to `10` ||\n";
    let reworded = "|| **sort**\n[`integer`](t.md) | Order of the link. Defaults to `10` ||\n";
    let redefaulted = "|| **sort**\n[`integer`](t.md) | Sort. Defaults to `20` ||\n";
    let words = diff_methods(&[spec(base)], &[spec(reworded)]);
    assert!(!words.facts_differ(), "{words}");
    let facts = diff_methods(&[spec(base)], &[spec(redefaulted)]);
    assert!(facts.facts_differ());
    assert!(!facts.is_breaking());
    assert_eq!(facts.changes[0].kind, Kind::Fact);
    assert_eq!(facts.changes[0].detail, "default of `sort` 10 → 20");
}

#[test]
fn wording_is_one_compatible_change() {
    let new = "|| **id***\n[`integer`](t.md) | The lead's identifier ||\n";
    let report = diff_methods(&[spec(ID)], &[spec(new)]);
    assert_eq!(report.changes.len(), 1);
    assert_eq!(report.changes[0].kind, Kind::Wording);
    assert_eq!(report.changes[0].detail, "`id`");
    assert!(!report.is_breaking());
}

#[test]
fn an_answer_field_that_may_now_be_absent_breaks_readers() {
    let mut old = spec(ID);
    let field = Field {
        name: "SORT".into(),
        ty: FieldType::Integer,
        required: true,
        pattern: false,
        type_text: "integer".into(),
        description: String::new(),
        default: None,
        allowed: Vec::new(),
        line: 3,
    };
    old.response.ty = FieldType::Array(Box::new(FieldType::Object(vec![field.clone()])));
    let mut new = old.clone();
    new.response.ty = FieldType::Array(Box::new(FieldType::Object(vec![Field {
        required: false,
        ..field
    }])));
    let report = diff_methods(&[old], &[new]);
    assert!(report.is_breaking(), "{report}");
    assert_eq!(report.changes[0].kind, Kind::RetypedResponseField);
    assert_eq!(report.changes[0].path, "result[].SORT");
}

#[test]
fn types_compare_by_rust_shape() {
    let string = "|| **id***\n[`string`](t.md) | Lead ||\n";
    let text = "|| **id***\n[`text`](t.md) | Lead ||\n";
    assert_eq!(
        kinds(string, text),
        [(Kind::Fact, false, String::new())],
        "string and text are both String: no signature changes, only the type text"
    );
    let list = "|| **id***\n[`integer[]`](t.md) | Lead ||\n";
    let got = diff_methods(&[spec(ID)], &[spec(list)]);
    assert_eq!(got.changes[0].kind, Kind::ChangedType);
    assert_eq!(got.changes[0].detail, "integer → integer[]");
}

#[test]
fn methods_come_and_go() {
    let mut other = spec(ID);
    other.name = "crm.y.add".into();
    let report = diff_methods(&[spec(ID)], &[other]);
    let got: Vec<_> = report
        .changes
        .iter()
        .map(|c| (c.method.as_str(), c.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("crm.x.add", Kind::RemovedMethod),
            ("crm.y.add", Kind::NewMethod)
        ]
    );
    assert!(report.is_breaking());
    let text = report.to_string();
    assert!(
        text.contains("crm.x.add\n  breaking    removed method\n              old p.md:1"),
        "{text}"
    );
}
