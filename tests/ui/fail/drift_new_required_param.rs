// crm.lead.contact.add gained a required parameter `userId`: its constructor wants it.
// diff: new required parameter
bitrix_api::bind!("../../fixtures/drift/new-required-param");
include!("../apps/drift_app.rs");
