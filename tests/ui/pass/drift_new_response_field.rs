// A new field in the answer breaks nobody.
// diff: new response field
bitrix_api::bind!("../../fixtures/drift/new-response-field");
include!("../apps/drift_app.rs");
