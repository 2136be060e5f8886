use serde_json::json;

use super::*;

fn sample() -> PortalSchema {
    let mut s = PortalSchema::new("example.bitrix24.com");
    let mut priority = UserField::new("UF_CRM_PRIORITY", "enumeration");
    priority.label = "Priority".into();
    priority.list = vec![
        ListValue {
            id: 12,
            value: "High".into(),
            default: false,
            sort: 20,
            xml_id: None,
        },
        ListValue {
            id: 11,
            value: "Low".into(),
            default: true,
            sort: 10,
            xml_id: None,
        },
    ];
    let mut link = UserField::new("UF_CRM_LINK", "crm");
    link.crm_targets = vec!["CONTACT".into(), "COMPANY".into()];
    link.settings.insert("CONTACT".into(), json!("Y"));
    link.settings.insert("COMPANY".into(), json!("Y"));
    link.settings.insert("Z".into(), json!({"b": 1, "a": 2}));
    s.crm.entry("deal".into()).or_default().user_fields = vec![priority, link];
    s.deal_categories = vec![Category {
        id: 0,
        name: "General".into(),
        sort: 100,
        is_default: true,
        stages: vec![
            Stage {
                status_id: "WON".into(),
                name: "Won".into(),
                semantics: "S".into(),
                sort: 60,
            },
            Stage {
                status_id: "NEW".into(),
                name: "New".into(),
                semantics: "P".into(),
                sort: 10,
            },
        ],
    }];
    s.sort();
    s
}

#[test]
fn the_file_is_sorted_and_stable() {
    let text = write(&sample());
    assert!(text.starts_with("{\n  \"format\": 1,\n  \"host\": \"example.bitrix24.com\",\n"));
    assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
    // Lists by id, maps by key, nested maps too.
    let low = text.find("\"Low\"").unwrap();
    let high = text.find("\"High\"").unwrap();
    assert!(low < high, "list values by id");
    assert!(text.find("UF_CRM_LINK").unwrap() < text.find("UF_CRM_PRIORITY").unwrap());
    assert!(text.find("\"NEW\"").unwrap() < text.find("\"WON\"").unwrap());
    assert!(text.find("\"a\": 2").unwrap() < text.find("\"b\": 1").unwrap());
    let back = read_str(&text, "bitrix-schema.json").unwrap();
    assert_eq!(write(&back), text, "read then write is byte-identical");
}

#[test]
fn another_format_is_refused_with_both_versions() {
    let text = write(&sample()).replacen("\"format\": 1", "\"format\": 2", 1);
    let e = read_str(&text, "app/bitrix-schema.json").unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.starts_with("app/bitrix-schema.json: format 2"),
        "{shown}"
    );
    assert!(shown.contains("reads format 1"), "{shown}");
}

#[test]
fn a_bad_file_names_its_line() {
    let text = write(&sample()).replacen("\"multiple\": false", "\"multiple\": 7", 1);
    let e = read_str(&text, "s.json").unwrap_err();
    let line = e.line.unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("\"multiple\": 7"),
        "{e}"
    );
    let e = read_str("{\"host\": 1", "s.json").unwrap_err();
    assert!(
        e.to_string().starts_with("s.json:1: not a schema file"),
        "{e}"
    );
}

#[test]
fn comparison_says_what_breaks() {
    let old = sample();
    let mut new = old.clone();
    assert!(compare(&old, &new).changes.is_empty());
    let deal = &mut new.crm.get_mut("deal").unwrap().user_fields;
    deal[1].list.retain(|v| v.id != 12);
    deal[0].user_type_id = "string".into();
    deal.push(UserField::new("UF_CRM_NEW", "date"));
    new.deal_categories[0]
        .stages
        .retain(|s| s.status_id != "WON");
    let changes = compare(&old, &new);
    assert!(changes.is_breaking());
    let kinds: Vec<ChangeKind> = changes.changes.iter().map(|c| c.kind).collect();
    assert!(kinds.contains(&ChangeKind::RetypedField));
    assert!(kinds.contains(&ChangeKind::RemovedListValue));
    assert!(kinds.contains(&ChangeKind::RemovedStage));
    assert!(kinds.contains(&ChangeKind::NewField));
    let shown = changes.to_string();
    assert!(
        shown.contains("crm.deal\n  breaking    retyped field `UF_CRM_LINK`: crm → string"),
        "{shown}"
    );
    assert!(
        shown.contains("  compatible  new field `UF_CRM_NEW`: date"),
        "{shown}"
    );
    assert!(shown.ends_with("3 breaking change(s), 1 compatible: code bound to the saved schema may not build against the portal"), "{shown}");
    // Additions alone are compatible.
    let mut added = old.clone();
    added.smart_processes.push(SmartProcess {
        entity_type_id: 1032,
        title: "Invoices".into(),
        code: String::new(),
        categories_enabled: false,
        stages_enabled: true,
        fields: vec![],
        categories: vec![],
    });
    assert!(!compare(&old, &added).is_breaking());
    assert!(compare(&added, &old).is_breaking());
}

#[test]
fn users_own_fields_break_and_field_descriptions_are_facts() {
    let mut old = sample();
    old.user
        .user_fields
        .push(UserField::new("UF_USR_BADGE", "string"));
    old.rest3.insert(
        "tasks.task.field.list".into(),
        vec![
            serde_json::json!({"name": "id", "type": "int"}),
            serde_json::json!({"name": "title", "type": "string"}),
        ],
    );
    let opportunity = |ty: &str| serde_json::json!({"type": ty, "isRequired": false});
    let deal = old.crm.get_mut("deal").unwrap();
    deal.fields
        .insert("OPPORTUNITY".into(), opportunity("double"));
    let mut new = old.clone();
    let deal = new.crm.get_mut("deal").unwrap();
    deal.fields
        .insert("OPPORTUNITY".into(), opportunity("string"));
    new.user.user_fields.clear();
    new.rest3.insert(
        "tasks.task.field.list".into(),
        vec![
            serde_json::json!({"name": "id", "type": "string"}),
            serde_json::json!({"name": "deadline", "type": "datetime"}),
        ],
    );
    let changes = compare(&old, &new);
    let shown = changes.to_string();
    assert!(
        shown.contains("user\n  breaking    removed field `UF_USR_BADGE`: string"),
        "{shown}"
    );
    assert!(
        shown.contains("crm.deal.fields\n  compatible  changed `OPPORTUNITY`: double → string"),
        "{shown}"
    );
    for fact in [
        "`id`: int → string",
        "`title`: removed: string",
        "`deadline`: new: datetime",
    ] {
        assert!(shown.contains(fact), "{fact} in {shown}");
    }
    assert!(
        shown.contains("1 breaking change(s), 4 compatible"),
        "{shown}"
    );
}
