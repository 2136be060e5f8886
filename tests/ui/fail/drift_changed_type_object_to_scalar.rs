// `fields` of crm.lead.contact.add is now a string: its struct is gone.
// diff: changed type
bitrix_api::bind!("../../fixtures/drift/changed-type-object-to-scalar");
include!("../apps/drift_app.rs");
