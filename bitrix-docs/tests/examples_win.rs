//! Where a page's table and its examples disagree, the example wins and a note says so
//! (the rules are in `src/spec/resolve.rs`); what the wire decodes anyway is no
//! contradiction.

use std::path::Path;

use bitrix_docs::{parse_page, Field, FieldType, MethodSpec, PageOutcome};

const HEAD: &str = "# Do Things crm.thing.do\n\n> Scope: [`crm`](s.md), [`user`](s.md)\n>\n> Who can execute the method: `any user`\n\nIntro text.\n\n## Method Parameters\n\n";

fn with_params(rows: &str) -> String {
    format!("{HEAD}#|\n|| **Name**\n`type` | **Description** ||\n{rows}|#\n")
}

/// A `## Code Examples` section whose `cURL (Webhook)` tab sends `body`.
fn curl(body: &str) -> String {
    format!(
        "\n## Code Examples\n\n{{% list tabs %}}\n\n- cURL (Webhook)\n\n    ```bash\n    curl -X POST \\\n    -d '{body}' \\\n    https://x/rest/crm.thing.do\n    ```\n\n{{% endlist %}}\n"
    )
}

fn method(text: &str) -> MethodSpec {
    match parse_page(text, Path::new("t.md"), "t.md") {
        PageOutcome::Method(spec) => *spec,
        other => panic!("not a method: {other:?}"),
    }
}

fn shape(fields: &[Field]) -> Vec<(&str, FieldType, bool)> {
    fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone(), f.required))
        .collect()
}

fn object(ty: &FieldType) -> &[Field] {
    match ty {
        FieldType::Object(fields) => fields,
        FieldType::Array(inner) => object(inner),
        other => panic!("not an object: {other:?}"),
    }
}

fn notes(spec: &MethodSpec) -> Vec<String> {
    spec.notes
        .iter()
        .map(|d| format!("{}: {}", d.line, d.message))
        .collect()
}

fn sent(rows: &str, body: &str) -> MethodSpec {
    method(&format!("{}{}", with_params(rows), curl(body)))
}

#[test]
fn an_example_object_beats_a_scalar_type() {
    let spec = sent(
        "|| **fields**\n`integer` | F:\n- **TITLE** — t ||\n",
        r#"{"fields":{"TITLE":"x"}}"#,
    );
    assert!(matches!(spec.params[0].ty, FieldType::Object(_)));
    assert_eq!(
        shape(object(&spec.params[0].ty)),
        [("TITLE", FieldType::String, false)]
    );
    assert_eq!(
        notes(&spec),
        [
            "14: field `fields`: table says `integer`, example shows `{\"TITLE\":\"x\"}`; the \
          example wins (bound as object)"
        ]
    );
}

#[test]
fn a_flag_whose_example_is_no_flag_is_a_string_or_an_integer() {
    let spec = sent(
        "|| **a**\n`char` | A ||\n|| **b**\n`boolean` | B ||\n|| **c**\n`char` | C ||\n|| **d**\n`boolean` | D ||\n|| **e**\n`boolean` | E ||\n",
        r#"{"a":"2","b":13,"c":"Y","d":"N","e":1}"#,
    );
    assert_eq!(
        shape(&spec.params),
        [
            ("a", FieldType::String, false),
            ("b", FieldType::Integer, false),
            ("c", FieldType::YesNo, false),
            ("d", FieldType::YesNo, false),
            ("e", FieldType::Boolean, false),
        ]
    );
    let notes = notes(&spec);
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(notes[0].contains(
        "field `a`: table says `char`, example shows `\"2\"`; the example wins (bound as string)"
    ));
    assert!(notes[1].contains("field `b`: table says `boolean`, example shows `13`"));
    assert!(notes[2].contains(
        "field `d`: table says `boolean`, example shows `\"N\"`; the example wins (bound as Y/N)"
    ));
}

#[test]
fn a_flag_whose_listed_values_are_no_flags_is_a_string() {
    let spec = method(&with_params(
        "|| **SHOW_FILTER**\n`char` | Filter:\n- `N` — no\n- `I` — exact\n- `E` — mask ||\n|| **visible**\n`boolean` | V:\n- `'true'` — yes\n- `'false'` — no ||\n",
    ));
    assert_eq!(
        shape(&spec.params),
        [
            ("SHOW_FILTER", FieldType::String, false),
            ("visible", FieldType::Boolean, false)
        ]
    );
    assert_eq!(
        notes(&spec),
        [
            "14: field `SHOW_FILTER`: table says `char`, its listed values are N, I, E; not a \
          flag, the values win (bound as string)"
        ]
    );
}

#[test]
fn what_the_wire_decodes_is_no_contradiction() {
    let spec = sent(
        "|| **id**\n`integer` | I ||\n|| **code**\n`string` | C ||\n|| **when**\n`datetime` | W ||\n|| **file**\n`file` | F ||\n|| **owner**\n`integer` | O ||\n|| **gone**\n`integer` | G ||\n",
        r#"{"id":"42","code":5,"when":"2024-01-01T00:00:00+03:00","file":["a.docx","QUJD"],"owner":"**put_owner_id_here**","gone":null}"#,
    );
    assert_eq!(
        shape(&spec.params),
        [
            ("id", FieldType::Integer, false),
            ("code", FieldType::String, false),
            ("when", FieldType::DateTime, false),
            ("file", FieldType::File, false),
            ("owner", FieldType::Integer, false),
            ("gone", FieldType::Integer, false),
        ]
    );
    assert!(spec.notes.is_empty(), "{:#?}", spec.notes);
}

#[test]
fn lists_in_examples() {
    let spec = sent(
        "|| **PHONE**\n[`crm_multifield`](t.md) | P ||\n|| **items**\n`object` | I:\n- **ID** — id ||\n|| **ids**\n`integer` | I ||\n|| **empty**\n`object` | E ||\n",
        r#"{"PHONE":[{"VALUE":"1","VALUE_TYPE":"WORK"}],"items":[{"ID":1}],"ids":[1,2],"empty":[]}"#,
    );
    assert_eq!(
        spec.params[0].ty,
        FieldType::Array(Box::new(FieldType::Multifield))
    );
    assert!(
        matches!(&spec.params[1].ty, FieldType::Array(inner) if matches!(inner.as_ref(), FieldType::Object(_)))
    );
    assert_eq!(
        spec.params[2].ty,
        FieldType::Array(Box::new(FieldType::Integer))
    );
    // PHP writes an empty map as `[]`: no evidence of a list.
    assert_eq!(spec.params[3].ty, FieldType::Any);
    let notes = notes(&spec);
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert!(
        notes[0].contains("table says `crm_multifield`")
            && notes[0].contains("(bound as crm_multifield[])")
    );
    assert!(
        notes[1].contains("field `items`: table says `object`")
            && notes[1].contains("(bound as object[])")
    );
    assert!(
        notes[2].contains("field `ids`: table says `integer`")
            && notes[2].contains("(bound as integer[])")
    );
}

#[test]
fn enum_values_decide_its_type() {
    let spec = sent(
        "|| **kind**\n`enum` | K:\n- `1` — one\n- `2` — two ||\n|| **state**\n`enum` | S:\n- `NEW` — new\n- `OLD` — old ||\n",
        "{}",
    );
    assert_eq!(
        shape(&spec.params),
        [
            ("kind", FieldType::Integer, false),
            ("state", FieldType::String, false)
        ]
    );
}
