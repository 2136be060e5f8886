// crm.lead.contact.items.get no longer answers `SORT`, which the app reads.
// diff: removed response field
bitrix_api::bind!("../../fixtures/drift/removed-response-field");
include!("../apps/drift_app.rs");
