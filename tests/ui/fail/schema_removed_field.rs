// `UF_CRM_SEATS` is gone: its constant and its accessor with it.
// schema check: breaking
bitrix_api::bind!(schema = "../../fixtures/schema/removed-field.json");
include!("../apps/schema_app.rs");
