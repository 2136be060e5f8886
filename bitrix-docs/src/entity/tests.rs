//! The entity reader and the linker on small inline pages.

use std::path::Path;

use crate::model::{ApiVersion, MethodSpec};
use crate::{parse_page, PageOutcome};

use super::{survey, FieldKind, Survey};

/// A method page `name` under `dir/file` whose example answer is `{"result": RESULT}` and
/// whose intro is `intro`.
fn page(name: &str, rel_path: &str, intro: &str, result: &str) -> MethodSpec {
    let text = format!(
        "# Do It {name}\n\n> Scope: [`crm`](s.md)\n>\n> Who can execute the method: `any user`\n\n\
         {intro}\n\n## Method Parameters\n\nNo parameters.\n\n## Response Handling\n\n\
         HTTP status: **200**\n\n```json\n{{\"result\": {result}}}\n```\n"
    );
    match parse_page(&text, Path::new(rel_path), rel_path) {
        PageOutcome::Method(spec) => *spec,
        other => panic!("not a method: {other:?}"),
    }
}

fn fields_page(name: &str, result: &str) -> MethodSpec {
    page(
        name,
        "crm/thing/crm-thing-fields.md",
        "Lists the fields.",
        result,
    )
}

const THING: &str = r#"{
    "TITLE": {"type": "string", "isRequired": true, "isReadOnly": false, "isImmutable": false,
              "isMultiple": false, "isDynamic": false, "title": "Title"},
    "ID": {"type": "integer", "isRequired": false, "isReadOnly": true, "isImmutable": false,
           "isMultiple": false, "isDynamic": false, "title": "ID"},
    "STAGE_ID": {"type": "crm_status", "isRequired": false, "isReadOnly": false,
                 "isImmutable": false, "isMultiple": false, "isDynamic": false,
                 "statusType": "THING_STAGE", "title": "Stage"},
    "OPPORTUNITY": {"type": "double", "isReadOnly": false, "title": "Amount"},
    "OPENED": {"type": "char", "isImmutable": true, "title": "Open"},
    "BEGINDATE": {"type": "date", "title": "Start"},
    "PHONE": {"type": "crm_multifield", "isMultiple": true, "title": "Phone"},
    "OWNER": {"type": "crm", "title": "Owner"},
    "LIST": {"type": "enumeration", "formLabel": "Choice",
             "items": [{"ID": "1", "VALUE": "One"}, {"ID": 2, "VALUE": "Two"}]},
    "SHAPE": {"type": "product_property", "title": "Shape"},
    "UF_CRM_1": {"type": "string", "isDynamic": true, "title": "Custom"},
    "HIDDEN": {"type": "string", "isDynamic": true, "title": "Dynamic"},
    "PARENT_ID_156": {"type": "crm_entity", "title": "Smart process"}
}"#;

fn survey_of(specs: &[MethodSpec]) -> Survey {
    survey(specs)
}

#[test]
fn reads_a_flat_field_map_in_page_order() {
    let s = survey_of(&[fields_page("crm.thing.fields", THING)]);
    assert!(s.no_entity.is_empty(), "{:?}", s.no_entity);
    let [thing] = s.entities.as_slice() else {
        panic!("{:?}", s.entities)
    };
    assert_eq!(thing.name, "Thing");
    assert_eq!(thing.method, "crm.thing.fields");
    assert_eq!(thing.rel_path, "crm/thing/crm-thing-fields.md");
    assert!(thing.line > 0);
    assert!(!thing.camel);
    let names: Vec<(&str, FieldKind)> = thing
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.kind))
        .collect();
    assert_eq!(
        names,
        [
            ("TITLE", FieldKind::String),
            ("ID", FieldKind::Integer),
            ("STAGE_ID", FieldKind::Status),
            ("OPPORTUNITY", FieldKind::Decimal),
            ("OPENED", FieldKind::Flag),
            ("BEGINDATE", FieldKind::Date),
            ("PHONE", FieldKind::Multifield),
            ("OWNER", FieldKind::EntityRef),
            ("LIST", FieldKind::Enumeration),
            ("SHAPE", FieldKind::Other),
        ]
    );
    let f = |n: &str| thing.fields.iter().find(|f| f.name == n).unwrap();
    assert!(f("TITLE").required && !f("TITLE").read_only);
    assert!(f("ID").read_only);
    assert!(f("OPENED").immutable);
    assert!(f("PHONE").multiple);
    assert_eq!(f("STAGE_ID").status_type.as_deref(), Some("THING_STAGE"));
    assert_eq!(f("STAGE_ID").type_text, "crm_status");
    assert_eq!(f("LIST").title, "Choice");
    assert_eq!(
        f("LIST").values,
        [
            ("1".to_string(), "One".to_string()),
            ("2".into(), "Two".into())
        ]
    );
}

#[test]
fn reads_a_wrapped_camel_case_map() {
    let result = r#"{"fields": {
        "id": {"type": "integer", "isReadOnly": true, "title": "ID"},
        "stageId": {"type": "crm_status", "title": "Stage"},
        "ufCrm5_1": {"type": "string", "title": "Custom"},
        "parentId2": {"type": "crm_entity", "title": "Deal"}
    }}"#;
    let s = survey_of(&[fields_page("crm.thing.item.fields", result)]);
    let [item] = s.entities.as_slice() else {
        panic!("{:?}", s)
    };
    assert_eq!(item.name, "ThingItem");
    assert!(item.camel);
    let names: Vec<&str> = item.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "stageId"]);
}

#[test]
fn other_shapes_give_no_entity_and_say_why() {
    let cases = [
        ("{oops", "not JSON"),
        (r#"{"ID": "ID", "NAME": "Name"}"#, "titles"),
        (r#"[{"title": "id", "type": "integer"}]"#, "a list"),
        (r#"{"UF_CRM_1": {"type": "string"}}"#, "custom"),
        (
            r#"{"ID": {"type": "integer"}, "NAME": {"title": "x"}}"#,
            "`NAME` has no `type`",
        ),
        (r#"{}"#, "empty"),
        ("7", "not an object"),
        (r#"{"a": {"b": {"type": 5}}}"#, "no `type`"),
    ];
    for (result, why) in cases {
        let s = survey_of(&[fields_page("crm.thing.fields", result)]);
        assert!(s.entities.is_empty(), "{result}: {s:?}");
        let [skip] = s.no_entity.as_slice() else {
            panic!("{result}: {s:?}")
        };
        assert!(skip.reason.contains(why), "{result}: {}", skip.reason);
    }
}

#[test]
fn links_get_and_list_by_family_and_shape() {
    let specs = [
        fields_page("crm.thing.fields", THING),
        page(
            "crm.thing.get",
            "crm/thing/get.md",
            "Gets.",
            r#"{"ID": "1", "TITLE": "x", "UF_CRM_1": null}"#,
        ),
        page(
            "crm.thing.list",
            "crm/thing/list.md",
            "Lists.",
            r#"[{"ID": "1", "TITLE": "x"}]"#,
        ),
        page(
            "crm.thing.wrapped.get",
            "crm/thing/w.md",
            "Gets.",
            r#"{"item": {"ID": 1}}"#,
        ),
        page(
            "crm.thing.wrapped.list",
            "crm/thing/wl.md",
            "Lists.",
            r#"{"items": [{"ID": 1}], "total": 1}"#,
        ),
        fields_page(
            "crm.thing.wrapped.fields",
            r#"{"fields": {"ID": {"type": "integer"}}}"#,
        ),
        page(
            "crm.thing.contact.items.get",
            "crm/thing/c.md",
            "Gets.",
            r#"[{"ID": 1, "X": 2}]"#,
        ),
        fields_page("crm.thing.contact.fields", r#"{"ID": {"type": "integer"}}"#),
    ];
    let s = survey_of(&specs);
    let got: Vec<(&str, &str, Vec<&str>, bool)> = s
        .records
        .iter()
        .map(|r| {
            assert_eq!(r.version, ApiVersion::V2);
            (
                r.method.as_str(),
                r.entity.as_str(),
                r.path.iter().map(String::as_str).collect(),
                r.list,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("crm.thing.contact.items.get", "ThingContact", vec![], true),
            ("crm.thing.get", "Thing", vec![], false),
            ("crm.thing.list", "Thing", vec![], true),
            ("crm.thing.wrapped.get", "ThingWrapped", vec!["item"], false),
            (
                "crm.thing.wrapped.list",
                "ThingWrapped",
                vec!["items"],
                true
            ),
        ]
    );
    assert!(s.unlinked.is_empty(), "{:?}", s.unlinked);
}

#[test]
fn does_not_link_records_of_something_else() {
    let specs = [
        fields_page("crm.thing.fields", THING),
        // Shares no field with Thing.
        page(
            "crm.thing.get",
            "crm/thing/get.md",
            "Gets.",
            r#"{"FOO": 1, "BAR": 2}"#,
        ),
        // A map of records, one per language: no one place.
        page(
            "crm.thing.list",
            "crm/thing/list.md",
            "Lists.",
            r#"{"de": [{"ID": 1}], "en": [{"ID": 2}]}"#,
        ),
        // Not a candidate at all: no fields page by name or by text.
        page("crm.other.get", "crm/other/get.md", "Gets.", r#"{"ID": 1}"#),
    ];
    let s = survey_of(&specs);
    assert!(s.records.is_empty(), "{:?}", s.records);
    let why: Vec<(&str, &str)> = s
        .unlinked
        .iter()
        .map(|u| (u.method.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(why.len(), 2, "{why:?}");
    assert!(why[0].0 == "crm.thing.get" && why[0].1.contains("not enough of its fields"));
    assert!(why[1].0 == "crm.thing.list" && why[1].1.contains("a map of records"));
}

#[test]
fn follows_a_link_in_the_page_text_when_the_keys_fit() {
    let intro = "Answers the fields of [crm.thing.fields](../thing/crm-thing-fields.md).";
    let specs = [
        fields_page("crm.thing.fields", THING),
        page(
            "crm.pick.list",
            "crm/pick/list.md",
            intro,
            r#"[{"ID": 1, "TITLE": "t", "X": 1}]"#,
        ),
        page(
            "crm.miss.list",
            "crm/miss/list.md",
            intro,
            r#"[{"ID": 1, "A": 1, "B": 2}]"#,
        ),
    ];
    let s = survey_of(&specs);
    assert_eq!(s.records.len(), 1, "{s:?}");
    assert_eq!(s.records[0].method, "crm.pick.list");
    assert_eq!(s.records[0].entity, "Thing");
    assert_eq!(s.unlinked.len(), 1);
    assert_eq!(s.unlinked[0].method, "crm.miss.list");
}

#[test]
fn names_stay_unique() {
    let v2 = fields_page("crm.thing.fields", THING);
    let mut v3 = v2.clone();
    v3.version = ApiVersion::V3;
    let other = fields_page("thing.fields", THING);
    let s = survey_of(&[v3, other, v2]);
    let names: Vec<(&str, &str)> = s
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.method.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Thing", "crm.thing.fields"),
            ("Thing2", "thing.fields"),
            ("ThingV3", "crm.thing.fields")
        ]
    );
}

#[test]
fn no_panic_on_odd_answers() {
    for result in [
        "null",
        "[]",
        "[1, 2]",
        r#"{"item": null}"#,
        r#"{"a": {"b": [null, 1, {"c": []}]}}"#,
        r#""text""#,
    ] {
        let specs = [
            fields_page("crm.thing.fields", THING),
            page("crm.thing.get", "g.md", "x", result),
            page("crm.thing.list", "l.md", "x", result),
        ];
        let _ = survey_of(&specs);
    }
}

/// A page of method `name` at `rel_path` with the markdown `body` after its header.
fn bare_page(name: &str, rel_path: &str, body: &str) -> MethodSpec {
    let text = format!(
        "# Do It {name}\n\n> Scope: [`crm`](s.md)\n>\n> Who can execute the method: `any user`\n\n\
         Does it.\n\n{body}"
    );
    match parse_page(&text, Path::new(rel_path), rel_path) {
        PageOutcome::Method(spec) => *spec,
        other => panic!("not a method: {other:?}"),
    }
}

const TABLE: &str = "## Code Examples\n\nx\n\n### Returned Data\n\n#|\n\
    || **Name**\n`type` | **Description** | **Note** ||\n\
    || **ID**\n[`integer`](x.md) | ID of the thing | Read-only ||\n\
    || **NAME***\n[`string`](x.md) | Its name. Shown in lists | ||\n\
    || **CATALOG_ID**\n[`integer`](x.md) | Its catalog | Immutable ||\n\
    || **PRICE**\n[`double`](x.md) | Price | ||\n\
    || **ACTIVE**\n[`char`](x.md) | Active. Cannot be changed | ||\n\
    || **UF_CRM_1**\n[`integer`](x.md) | A custom field | ||\n|#\n";

#[test]
fn reads_a_fields_table_when_the_page_shows_no_example() {
    let s = survey_of(&[bare_page(
        "crm.thing.fields",
        "crm/thing/crm-thing-fields.md",
        TABLE,
    )]);
    assert!(s.no_entity.is_empty(), "{:?}", s.no_entity);
    let [thing] = s.entities.as_slice() else {
        panic!("{:?}", s.entities)
    };
    assert!(thing.line > 0);
    let got: Vec<(&str, FieldKind, bool, bool, bool)> = thing
        .fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.kind,
                f.required,
                f.read_only,
                f.immutable,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("ID", FieldKind::Integer, false, true, false),
            ("NAME", FieldKind::String, true, false, false),
            ("CATALOG_ID", FieldKind::Integer, false, false, true),
            ("PRICE", FieldKind::Decimal, false, false, false),
            ("ACTIVE", FieldKind::Flag, false, false, true),
        ]
    );
    assert_eq!(thing.fields[1].title, "Its name");
    let none = survey_of(&[bare_page(
        "crm.thing.fields",
        "crm/thing/crm-thing-fields.md",
        "## Code Examples\n\nx\n",
    )]);
    assert!(none.no_entity[0].reason.contains("nor a table"), "{none:?}");
}

#[test]
fn links_by_name_alone_when_the_page_shows_no_answer() {
    let specs = [
        bare_page("crm.thing.fields", "crm/thing/crm-thing-fields.md", TABLE),
        bare_page(
            "crm.thing.get",
            "crm/thing/get.md",
            "## Code Examples\n\nx\n",
        ),
        bare_page(
            "crm.thing.list",
            "crm/thing/list.md",
            "## Code Examples\n\nx\n",
        ),
        // A page that only links to the fields: no answer shown, no link by its text.
        bare_page(
            "crm.other.list",
            "crm/other/list.md",
            "See [crm.thing.fields](../thing/crm-thing-fields.md).\n",
        ),
    ];
    let s = survey_of(&specs);
    let got: Vec<(&str, &str, bool, usize)> = s
        .records
        .iter()
        .map(|r| (r.method.as_str(), r.entity.as_str(), r.list, r.path.len()))
        .collect();
    assert_eq!(
        got,
        [
            ("crm.thing.get", "Thing", false, 0),
            ("crm.thing.list", "Thing", true, 0)
        ]
    );
    assert!(s.unlinked.iter().any(|u| u.method == "crm.other.list"));
}

#[test]
fn a_record_wrapped_under_one_of_its_own_field_names_is_found_there() {
    // catalog.price.get: `{"price": {…, "price": 100}}`, `price` a field of the record.
    let specs = [
        fields_page(
            "catalog.price.getFields",
            r#"{"price": {"price": {"type": "double"}, "id": {"type": "integer"}, "currency": {"type": "string"}}}"#,
        ),
        page(
            "catalog.price.get",
            "catalog/price/get.md",
            "Gets.",
            r#"{"price": {"id": 1, "price": 100.5, "currency": "USD"}}"#,
        ),
    ];
    let s = survey_of(&specs);
    let link = s.records.iter().find(|r| r.method == "catalog.price.get");
    assert_eq!(
        link.map(|r| r.path.clone()),
        Some(vec!["price".to_string()]),
        "{s:?}"
    );
}

#[test]
fn a_linked_example_that_contradicts_a_fields_kind_wins() {
    // sale.status.get shows `type` (`char` on the fields page) as "O"; a template's
    // START_DATE_PLAN_AFTER (`datetime`) as seconds; a REST 3.0 task `replicate` (an `enum`
    // of Y and N) as false.
    let specs = [
        fields_page(
            "crm.thing.fields",
            r#"{"ID": {"type": "integer"}, "KIND": {"type": "char"}, "AFTER": {"type": "datetime"}, "OPENED": {"type": "char"}, "WHEN": {"type": "datetime"}, "REPEAT": {"type": "enum"}}"#,
        ),
        page(
            "crm.thing.get",
            "crm/thing/get.md",
            "Gets.",
            r#"{"ID": 1, "KIND": "O", "AFTER": "32400", "OPENED": "Y", "WHEN": "2024-05-03T17:19:01+03:00", "repeat": false}"#,
        ),
    ];
    let s = survey_of(&specs);
    let kinds: Vec<(&str, FieldKind)> = s.entities[0]
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ID", FieldKind::Integer),
            ("KIND", FieldKind::String),
            ("AFTER", FieldKind::String),
            ("OPENED", FieldKind::Flag),
            ("WHEN", FieldKind::DateTime),
            ("REPEAT", FieldKind::Flag),
        ]
    );
}
