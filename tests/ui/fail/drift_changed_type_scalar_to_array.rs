// `id` of crm.lead.contact.add is now a list of IDs.
// diff: changed type
bitrix_api::bind!("../../fixtures/drift/changed-type-scalar-to-array");
include!("../apps/drift_app.rs");
