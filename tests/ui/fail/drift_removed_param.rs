// `items[].IS_PRIMARY` of crm.lead.contact.items.set is gone: so is its setter.
// diff: removed parameter
bitrix_api::bind!("../../fixtures/drift/removed-param");
include!("../apps/drift_app.rs");
