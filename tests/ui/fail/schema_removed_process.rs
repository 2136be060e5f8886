// The smart process `Invoices` (1032) is gone.
// schema check: breaking
bitrix_api::bind!(schema = "../../fixtures/schema/removed-process.json");
include!("../apps/schema_app.rs");
