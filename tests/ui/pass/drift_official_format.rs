// Note banners (between sections and inside cells), includes, trailing spaces and reflowed
// table rows break nobody.
// diff: wording
bitrix_api::bind!("../../fixtures/drift/official-format");
include!("../apps/drift_app.rs");
