// crm.lead.contact.items.get answers `SORT` as a string now.
// diff: retyped response field
bitrix_api::bind!("../../fixtures/drift/retyped-response-field");
include!("../apps/drift_app.rs");
