// New titles and descriptions break nobody.
// diff: wording
bitrix_api::bind!("../../fixtures/drift/wording");
include!("../apps/drift_app.rs");
