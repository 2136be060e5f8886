// The drift cases' app fits the pages it was written against.
// diff: no changes
bitrix_api::bind!("../../fixtures/drift/base");
include!("../apps/drift_app.rs");
