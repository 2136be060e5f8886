//! The `portal_schema` example against the emulator loaded with its own schema file: the
//! portal's user fields, funnels and smart processes, bound at compile time, through
//! typed calls.
#![cfg(all(feature = "crm-deal", feature = "crm-lead", feature = "crm-item"))]

#[allow(dead_code)]
#[path = "../examples/portal_schema.rs"]
mod example;

#[tokio::test]
async fn the_example_app_runs_on_its_schema() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/bitrix-schema.json");
    let portal = bitrix_emulator::Portal::builder()
        .schema(schema)
        .start()
        .await
        .unwrap();
    let client = bitrix_api::Client::webhook(portal.webhook_url()).unwrap();
    let seen = example::run(&client).await.unwrap();
    assert_eq!(
        seen,
        [
            "deal \"Tender\": priority Some(High), 40 seats, vip Some(true), delivery Some(2026-12-24), budget 1500.00 USD, regions [North, South], partner CO_3, main contact Some(CrmLink { entity_type_id: 3, id: 7 })",
            "invoice \"INV-1\": amount Some(\"99.50\"), kind Some(Final), paid Some(true)",
            "0 contract(s)",
            "user Some(1): badge Some(\"A-17\"), hired Some(2025-03-01), skills [Rust, Go]",
        ]
    );
    assert_eq!(example::portal::HOST, "example.bitrix24.com");
    // The generated enums carry the schema's ids.
    assert_eq!(example::portal::deal::Priority::High.id(), "13");
    assert_eq!(example::portal::deal::wholesale::Stage::Won.id(), "C3:WON");
}
