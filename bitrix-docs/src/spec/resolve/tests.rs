//! Tests of `spec/resolve.rs`.

use crate::model::FieldType;
use crate::spec::testkit::*;

fn answered(result: &str, result_type: &str, rows: &str) -> crate::model::MethodSpec {
    let page = with_params("|| **id**\n`integer` | x ||\n").replace("crm.thing.do", "thing.get")
        + &answer(result, result_type, rows);
    method(&page)
}

#[test]
fn an_array_shown_as_one_object_of_its_fields_is_that_object() {
    // disk.file.get: `result` is `array` in the table, one file in the example.
    let spec = answered(
        r#"{"ID": "9043", "NAME": "a.docx", "CODE": null}"#,
        "array",
        "|| **ID**\n`integer` | Id ||\n|| **NAME**\n`string` | N ||\n|| **CODE**\n`string` | C ||\n",
    );
    assert!(
        matches!(spec.response.ty, FieldType::Object(_)),
        "{:?}",
        spec.response.ty
    );
    assert_eq!(
        shape(object(&spec.response.ty)),
        [
            ("ID", FieldType::Integer, true),
            ("NAME", FieldType::String, false),
            ("CODE", FieldType::String, false)
        ]
    );
    assert!(spec
        .notes
        .iter()
        .any(|n| n.message.contains("the example wins")));
    // A key the table does not name: the array stays (a PHP list keyed by index).
    let spec = answered(
        r#"{"ID": 1, "OTHER": 2}"#,
        "array",
        "|| **ID**\n`integer` | Id ||\n",
    );
    assert!(
        matches!(spec.response.ty, FieldType::Array(_)),
        "{:?}",
        spec.response.ty
    );
}

#[test]
fn an_object_keyed_by_ids_is_a_map_of_the_described_values() {
    // task.checklistitem.get: `ATTACHMENTS` keyed by attachment id.
    let page = with_params("|| **id**\n`integer` | x ||\n").replace("crm.thing.do", "thing.get")
        + "\n## Response Handling\n\n```json\n{\"result\": {\"ID\": \"1\", \"ATTACHMENTS\": {\"1111\": {\"ATTACHMENT_ID\": 1111, \"NAME\": \"a.pdf\"}}}}\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | [Fields](#fields) ||\n|#\n\n#### Fields {#fields}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ID**\n`string` | Id ||\n|| **ATTACHMENTS**\n`object` | Files, see [below](#attachments). Key — attachment id ||\n|#\n\n#### Attachments {#attachments}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ATTACHMENT_ID**\n`integer` | Id ||\n|| **NAME**\n`string` | Name ||\n|#\n";
    let spec = method(&page);
    let attachments = field(object(&spec.response.ty), "ATTACHMENTS");
    let FieldType::Map(value) = &attachments.ty else {
        panic!("not a map: {:?}", attachments.ty);
    };
    assert_eq!(
        shape(object(value)),
        [
            ("ATTACHMENT_ID", FieldType::Integer, false),
            ("NAME", FieldType::String, false)
        ]
    );
    // landing.role.getRights: site id → rights codes, the rows naming the keys.
    let spec = answered(
        r#"{"0": ["read", "edit"], "5": ["read"]}"#,
        "array",
        "|| **`0`**\n`string[]` | Default ||\n|| **`<siteId>`**\n`string[]` | By site ||\n",
    );
    assert_eq!(
        spec.response.ty,
        FieldType::Map(Box::new(FieldType::Array(Box::new(FieldType::String))))
    );
}

#[test]
fn a_union_with_a_described_object_shown_as_a_number_is_either() {
    // landing.landing.addBlock: the block id, or the block with `RETURN_CONTENT`.
    let page = with_params("|| **id**\n`integer` | x ||\n")
        + "\n## Response Handling\n\n```json\n{\"result\": 28597}\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`integer` \\| `object` | Id, or [the block](#block) ||\n|#\n\n### Block {#block}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **id**\n`integer` | Id ||\n|#\n";
    assert_eq!(method(&page).response.ty, FieldType::Any);
}

#[test]
fn a_listed_null_says_nothing_about_a_flag() {
    // tasks.api.scrum.task.update: `data` is `true` on success, `null` on error.
    let rows = "|| **data**\n`boolean` \\| `null` | Returns:\n- `true` — on success\n- `null` — on error ||\n";
    let spec = answered(r#"{"data": true}"#, "object", rows);
    assert_eq!(
        field(object(&spec.response.ty), "data").ty,
        FieldType::Boolean
    );
}

#[test]
fn an_example_without_the_envelope_is_the_result() {
    // tasks.api.scrum.sprint.list shows the list itself; the table says `object`.
    let page = with_params("|| **id**\n`integer` | x ||\n")
        + "\n## Response Handling\n\n```json\n[{\"id\": 2, \"name\": \"S\"}]\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | Sprint ||\n|| **id**\n`integer` | Id ||\n|| **name**\n`string` | Name ||\n|#\n";
    let spec = method(&page);
    assert!(
        matches!(spec.response.ty, FieldType::Array(_)),
        "{:?}",
        spec.response.ty
    );
    assert_eq!(
        shape(object(&spec.response.ty)),
        [
            ("id", FieldType::Integer, true),
            ("name", FieldType::String, false)
        ]
    );
}

#[test]
fn a_required_marker_of_a_nested_table_stays_in_it() {
    // crm.type.add: `entityTypeId` of a relation is required, the type's own is not.
    let page = format!(
        "{}\n### Parameter fields\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **title***\n`string` | T ||\n|| **entityTypeId**\n`integer` | Own id, assigned when left out ||\n|| **relations**\n`object` | See [below](#relations) ||\n|#\n\n### Relations {{#relations}}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **parent**\n[`relation[]`](#relation) | Parents ||\n|#\n\n#### One relation {{#relation}}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **entityTypeId***\n`integer` | Type id ||\n|| **isChildrenListEnabled**\n`boolean` | Show ||\n|#\n",
        with_params("|| **fields***\n`object` | Fields, see [below](#parametr-fields) ||\n")
    );
    let spec = method(&page);
    let fields = object(&field(&spec.params, "fields").ty);
    assert_eq!(
        shape(fields)[..2],
        [
            ("title", FieldType::String, true),
            ("entityTypeId", FieldType::Integer, false)
        ]
    );
    let relations = object(&field(fields, "relations").ty);
    let parent = object(&field(relations, "parent").ty);
    assert_eq!(
        shape(parent),
        [
            ("entityTypeId", FieldType::Integer, true),
            ("isChildrenListEnabled", FieldType::Boolean, false)
        ]
    );
}
