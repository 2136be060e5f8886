// The crm.lead.contact.items.get page is gone.
// diff: removed method
bitrix_api::bind!("../../fixtures/drift/removed-method");
include!("../apps/drift_app.rs");
