// A new page breaks nobody.
// diff: new method
bitrix_api::bind!("../../fixtures/drift/new-method");
include!("../apps/drift_app.rs");
