// `UF_CRM_SEATS` became a string: its filter value and accessor change type.
// schema check: breaking
bitrix_api::bind!(schema = "../../fixtures/schema/retyped-field.json");
include!("../apps/schema_app.rs");
