// The saved schema as pulled: the app builds.
bitrix_api::bind!(schema = "../../fixtures/schema/base.json");
include!("../apps/schema_app.rs");
