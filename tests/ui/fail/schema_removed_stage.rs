// The general deal funnel lost its stage `WON`.
// schema check: breaking
bitrix_api::bind!(schema = "../../fixtures/schema/removed-stage.json");
include!("../apps/schema_app.rs");
