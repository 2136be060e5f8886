use crate::model::{FieldType, MethodSpec};
use crate::spec::testkit::*;

#[test]
fn several_answers_keep_their_headings() {
    let spec = method("# Attach crm.thing.attach\n\nNo parameters.\n\n## Response Handling\n\n#### FILE sent\n\n```json\n{\"result\": {\"ID\": 1}}\n```\n\n#### FILE not sent\n\n```json\n{\"result\": {\"url\": \"u\"}}\n```\n");
    let headings: Vec<&str> = spec
        .response
        .alternatives
        .iter()
        .map(|a| a.heading.as_str())
        .collect();
    assert_eq!(headings, ["FILE sent", "FILE not sent"]);
    assert!(spec.response.alternatives[1].example.contains("url"));
    // The first is the example the type is read from, as before.
    assert!(spec
        .response
        .example
        .as_deref()
        .is_some_and(|e| e.contains("\"ID\"")));
    let one = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": true}\n```\n");
    assert!(
        one.response.alternatives.is_empty(),
        "one example: no alternatives"
    );
}

#[test]
fn no_parameters() {
    let spec = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": {\"ID\": {\"type\": \"integer\"}}}\n```\n");
    assert!(spec.params.is_empty());
    assert_eq!(spec.response.ty, FieldType::FieldMap);
}

#[test]
fn result_from_follow_up_table_and_example() {
    let text = format!(
        "{}\n## Response Handling\n\n```json\n{{\"result\": [{{\"ID\": 1, \"ACTIVE\": \"Y\"}}, {{\"ID\": 2, \"ACTIVE\": \"N\"}}]}}\n```\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`array` | Items ||\n|| **total**\n`integer` | n ||\n|#\n\nEach item:\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ID**\n`integer` | Id ||\n|| **ACTIVE**\n`string` | Active ||\n|#\n",
        with_params("|| **id**\n`integer` | x ||\n")
    );
    let spec = method(&text);
    assert_eq!(
        shape(object(&spec.response.ty)),
        [
            // (b): the record's id, shown in every element of the example.
            ("ID", FieldType::Integer, true),
            ("ACTIVE", FieldType::YesNo, false)
        ]
    );
    assert!(matches!(spec.response.ty, FieldType::Array(_)));
    assert_eq!(spec.response.description, "Items");
}

fn answered(method_name: &str, result: &str, result_type: &str, rows: &str) -> MethodSpec {
    let page = with_params("|| **id**\n`integer` | x ||\n").replace("crm.thing.do", method_name)
        + &answer(result, result_type, rows);
    method(&page)
}

#[test]
fn a_string_result_whose_example_is_true_is_a_boolean() {
    let spec = answered("crm.thing.delete", "true", "string", "");
    assert_eq!(spec.response.ty, FieldType::Boolean);
    assert!(spec
        .notes
        .iter()
        .any(|n| n.message.contains("the example wins")));
}

#[test]
fn a_list_wrapped_in_items_keeps_its_wrapper() {
    // (e): the table says `array`, the example wraps the list in `{"items": […]}`.
    let spec = answered(
        "crm.thing.list",
        r#"{"items": [{"ID": 1, "NAME": "a"}, {"ID": 2, "NAME": null}]}"#,
        "array",
        "|| **ID**\n`integer` | Id ||\n|| **NAME**\n`string` | N ||\n",
    );
    let outer = object(&spec.response.ty);
    assert_eq!(outer.len(), 1);
    assert_eq!((outer[0].name.as_str(), outer[0].required), ("items", true));
    assert!(matches!(outer[0].ty, FieldType::Array(_)));
    assert_eq!(
        shape(object(&outer[0].ty)),
        [
            ("ID", FieldType::Integer, true),
            ("NAME", FieldType::String, false)
        ]
    );
}

#[test]
fn a_table_of_objects_whose_example_lists_names_is_a_list_of_strings() {
    let spec = answered(
        "crm.thing.available",
        r#"["RQ_NAME", "RQ_INN"]"#,
        "array",
        "|| **CODE**\n`string` | Code ||\n|| **SORT**\n`integer` | S ||\n",
    );
    assert_eq!(
        spec.response.ty,
        FieldType::Array(Box::new(FieldType::String))
    );
}

#[test]
fn field_descriptions_wrapped_in_fields() {
    let spec = method(
        "# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": {\"fields\": {\"id\": {\"type\": \"integer\"}}}}\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | Root ||\n|#\n",
    );
    let outer = object(&spec.response.ty);
    assert_eq!(
        shape(outer),
        [("fields", FieldType::FieldMap, true)],
        "{:#?}",
        spec.response.ty
    );
}

#[test]
fn field_names_mapped_to_titles_are_not_field_descriptions() {
    // user.fields: `{"NAME": "First Name", …}`, typed from the example.
    let spec = answered(
        "thing.fields",
        r#"{"ID": "ID", "NAME": "First Name"}"#,
        "object",
        "",
    );
    assert_eq!(
        spec.response.ty,
        FieldType::Map(Box::new(FieldType::String))
    );
    // biconnector.source.fields: a list of descriptions under `fields`, typed as shown.
    let spec = answered(
        "thing.fields",
        r#"{"fields": [{"title": "id", "type": "integer", "isRequired": true}]}"#,
        "object",
        "",
    );
    assert_ne!(spec.response.ty, FieldType::FieldMap);
    let spec = answered(
        "crm.thing.fields",
        r#"{"ID": {"type": "integer"}}"#,
        "object",
        "",
    );
    assert_eq!(spec.response.ty, FieldType::FieldMap);
}

#[test]
fn response_fields_are_required_only_when_every_answer_carries_them() {
    let spec = answered(
        "crm.thing.get",
        r#"{"ID": 1, "TITLE": "x", "ACTIVE": true, "OPENED": "Y", "NOTE": null, "SORT": 10, "OWNER": 5, "UF_CRM_1": "u"}"#,
        "object",
        "|| **ID**\n`integer` | Id ||\n|| **TITLE**\n`string` | T ||\n|| **ACTIVE**\n`boolean` | A ||\n|| **OPENED**\n`char` | O ||\n|| **NOTE**\n`string` | N ||\n|| **SORT***\n`integer` | S ||\n|| **OWNER**\n`integer | null` | O ||\n|| **UF_CRM_...**\n`string` | U ||\n",
    );
    let required: Vec<_> = object(&spec.response.ty)
        .iter()
        .map(|f| (f.name.as_str(), f.required))
        .collect();
    assert_eq!(
        required,
        [
            ("ID", true),      // (b) the record's id, shown non-null
            ("TITLE", false),  // shown, but absent or null is normal
            ("ACTIVE", true),  // (d) a true/false boolean, shown
            ("OPENED", false), // a Y/N flag is not (d)
            ("NOTE", false),
            ("SORT", true),     // (a) marked required
            ("OWNER", false),   // `| null`: never
            ("UF_CRM_", false), // a pattern: never
        ]
    );
}

#[test]
fn an_id_missing_or_null_somewhere_is_not_required() {
    let spec = answered(
        "crm.thing.list",
        r#"[{"id": 1, "flag": true}, {"id": null, "flag": false}, {"flag": true}]"#,
        "array",
        "|| **id**\n`integer` | Id ||\n|| **flag**\n`boolean` | F ||\n",
    );
    assert_eq!(
        shape(object(&spec.response.ty)),
        [
            ("id", FieldType::Integer, false),
            ("flag", FieldType::Boolean, true)
        ]
    );
}

#[test]
fn link_items_are_written_whole() {
    let rows = "|| **CONTACT_ID**\n`integer` | C ||\n|| **SORT**\n`integer` | S ||\n|| **IS_PRIMARY**\n`char` | P ||\n";
    let result =
        r#"[{"CONTACT_ID": 1, "SORT": 10, "IS_PRIMARY": "Y"}, {"CONTACT_ID": 2, "SORT": 20}]"#;
    let links = answered("crm.thing.contact.items.get", result, "array", rows);
    assert_eq!(
        shape(object(&links.response.ty)),
        [
            ("CONTACT_ID", FieldType::Integer, true),
            ("SORT", FieldType::Integer, true),
            ("IS_PRIMARY", FieldType::YesNo, false), // not in every element
        ]
    );
    // The same answer from another method: (c) does not apply.
    let list = answered("crm.thing.contact.list", result, "array", rows);
    assert!(object(&list.response.ty).iter().all(|f| !f.required));
}

#[test]
fn without_an_example_only_the_table_marks_count() {
    let page = with_params("|| **id**\n`integer` | x ||\n")
        + "\n## Response Handling\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | R:\n- **ID** — id\n- **FLAG** — f ||\n|#\n";
    let spec = method(&page);
    assert!(object(&spec.response.ty).iter().all(|f| !f.required));
}

#[test]
fn an_answer_sent_as_a_download_is_a_file() {
    let spec = method("# Report crm.thing.download\n\nNo parameters.\n\n## Response Handling\n\nHTTP status: **200**\n\nThe body is the report itself, sent with `Content-Disposition: attachment`.\n");
    assert!(spec.response.file);
    let json = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": true}\n```\n");
    assert!(!json.response.file);
}
