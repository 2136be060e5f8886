//! `schema pull` against an emulator loaded with a schema file writes the same file back,
//! and `schema check` sees what an admin changed since.

use bitrix_api::Client;
use bitrix_docs::schema;
use bitrix_emulator::Portal;
use serde_json::json;

/// The example app's schema: 14 deal fields and a lead field, two deal funnels, two smart processes.
const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../bitrix-api/examples/bitrix-schema.json"
);

async fn pulled(portal: &Portal) -> schema::PortalSchema {
    let client = Client::webhook(portal.webhook_url()).unwrap();
    bitrix_cli::pull(&client, "example.bitrix24.com")
        .await
        .unwrap()
}

#[tokio::test]
async fn pull_writes_the_loaded_file_back_byte_for_byte() {
    let portal = Portal::builder().schema(FILE).start().await.unwrap();
    let text = schema::write(&pulled(&portal).await);
    let saved = std::fs::read_to_string(FILE).unwrap();
    if text != saved {
        std::fs::write(std::env::temp_dir().join("pulled-schema.json"), &text).unwrap();
    }
    assert!(
        text == saved,
        "pulled schema differs from {FILE} (see $TMPDIR/pulled-schema.json)"
    );
}

#[tokio::test]
async fn check_reports_what_an_admin_changed() {
    let portal = Portal::builder().schema(FILE).start().await.unwrap();
    let client = Client::webhook(portal.webhook_url()).unwrap();
    let saved = schema::read(FILE.as_ref()).unwrap();
    // An admin adds a field: compatible.
    client
        .call_raw(
            "crm.deal.userfield.add",
            json!({"fields": {"FIELD_NAME": "EXTRA", "USER_TYPE_ID": "string"}}),
        )
        .await
        .unwrap();
    let changes = schema::compare(&saved, &pulled(&portal).await);
    assert!(!changes.is_breaking(), "{changes}");
    assert!(
        changes
            .to_string()
            .contains("compatible  new field `UF_CRM_EXTRA`"),
        "{changes}"
    );
    // … then deletes one the app uses: breaking.
    let list = client
        .call_raw("crm.deal.userfield.list", json!({}))
        .await
        .unwrap();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["FIELD_NAME"] == "UF_CRM_PRIORITY")
        .map(|f| f["ID"].clone())
        .unwrap();
    client
        .call_raw("crm.deal.userfield.delete", json!({"id": id}))
        .await
        .unwrap();
    let changes = schema::compare(&saved, &pulled(&portal).await);
    assert!(changes.is_breaking());
    assert!(
        changes
            .to_string()
            .contains("crm.deal\n  breaking    removed field `UF_CRM_PRIORITY`: enumeration"),
        "{changes}"
    );
}

#[tokio::test]
async fn the_emulator_refuses_a_schema_of_another_format_naming_it() {
    let dir = std::env::temp_dir().join(format!("schema-format-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bitrix-schema.json");
    let text = std::fs::read_to_string(FILE)
        .unwrap()
        .replacen("\"format\": 1", "\"format\": 9", 1);
    std::fs::write(&file, text).unwrap();
    let err = Portal::builder().schema(&file).start().await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("bitrix-schema.json: format 9"), "{shown}");
    assert!(shown.contains("reads format 1"), "{shown}");
    std::fs::remove_dir_all(&dir).unwrap();
}
