// `High` is no longer a value of `UF_CRM_PRIORITY`.
// schema check: breaking
bitrix_api::bind!(schema = "../../fixtures/schema/removed-value.json");
include!("../apps/schema_app.rs");
