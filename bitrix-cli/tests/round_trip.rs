//! `schema pull` against an emulator loaded with a schema file writes the same file back,
//! and `schema check` sees what an admin changed since.

use bitrix_api::Client;
use bitrix_docs::schema;
use bitrix_emulator::Portal;
use serde_json::json;

/// The example app's schema: 15 deal fields and a lead field, two deal funnels, two smart
/// processes, three users' own fields, the tasks fields (REST 2 and REST 3.0).
const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../bitrix-api/examples/bitrix-schema.json"
);

/// The scopes `schema pull` reads with: the CRM, users and their fields, tasks.
const SCOPES: &[&str] = &["crm", "user", "user.userfield", "task", "tasks"];

/// The emulator loaded with `FILE`, its webhook reaching every section of the file.
async fn portal() -> Portal {
    Portal::builder()
        .schema(FILE)
        .webhook(1, SCOPES)
        .start()
        .await
        .unwrap()
}

async fn pulled(portal: &Portal) -> schema::PortalSchema {
    let client = Client::webhook(portal.webhook_url()).unwrap();
    bitrix_cli::pull(&client, "example.bitrix24.com")
        .await
        .unwrap()
}

#[tokio::test]
async fn pull_writes_the_loaded_file_back_byte_for_byte() {
    let portal = portal().await;
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
    let portal = portal().await;
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

/// `schema pull --oauth` through the command itself: the application's secrets and tokens
/// from the environment, an expired access token refreshed at `BITRIX_OAUTH_SERVER`, the
/// same file written, and no secret printed.
#[tokio::test]
async fn the_command_pulls_over_oauth_refreshing_an_expired_token() {
    let portal = Portal::builder()
        .schema(FILE)
        .webhook(1, SCOPES)
        .token_lifetime(std::time::Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let tokens = portal.issue_tokens(SCOPES);
    let app = portal.oauth_app();
    std::thread::sleep(std::time::Duration::from_millis(600));
    let out = std::env::temp_dir().join(format!("oauth-schema-{}.json", std::process::id()));
    let secrets = [
        app.client_secret.expose().to_owned(),
        tokens.access_token.expose().to_owned(),
        tokens.refresh_token.expose().to_owned(),
    ];
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bitrix-api"));
    command
        .args(["schema", "pull", "--oauth", &portal.base_url(), "-o"])
        .arg(&out)
        .env("BITRIX_CLIENT_ID", &app.client_id)
        .env("BITRIX_CLIENT_SECRET", &secrets[0])
        .env("BITRIX_ACCESS_TOKEN", &secrets[1])
        .env("BITRIX_REFRESH_TOKEN", &secrets[2])
        .env("BITRIX_OAUTH_SERVER", portal.oauth_server_url());
    let done = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&done.stdout),
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(done.status.success(), "{printed}");
    for secret in &secrets {
        assert!(
            !printed.contains(secret.as_str()),
            "a secret printed: {printed}"
        );
    }
    let host = portal.base_url();
    let host = bitrix_cli::host_of(&host);
    let pulled = std::fs::read_to_string(&out).unwrap();
    std::fs::remove_file(&out).unwrap();
    let saved = std::fs::read_to_string(FILE).unwrap();
    assert!(
        pulled.contains(&format!("\"host\": \"{host}\"")),
        "{pulled}"
    );
    assert!(
        pulled.replacen(&host, "example.bitrix24.com", 1) == saved,
        "pulled over OAuth differs from {FILE}"
    );
}
