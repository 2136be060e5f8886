// `id` of crm.lead.contact.items.set is now a string.
// diff: changed type
bitrix_api::bind!("../../fixtures/drift/changed-type-integer-to-string");
include!("../apps/drift_app.rs");
