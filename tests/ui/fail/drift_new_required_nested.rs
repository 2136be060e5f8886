// `fields` of crm.lead.contact.add gained a required `ROLE_ID`: its constructor wants it.
// diff: new required parameter
bitrix_api::bind!("../../fixtures/drift/new-required-nested");
include!("../apps/drift_app.rs");
