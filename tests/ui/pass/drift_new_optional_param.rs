// New optional parameters (top level, in `fields`, in `items` elements) break nobody.
// diff: new optional parameter
bitrix_api::bind!("../../fixtures/drift/new-optional-param");
include!("../apps/drift_app.rs");
