// The `items` elements of crm.lead.contact.items.set gained a required `ROLE_ID`.
// diff: new required parameter
bitrix_api::bind!("../../fixtures/drift/new-required-item");
include!("../apps/drift_app.rs");
