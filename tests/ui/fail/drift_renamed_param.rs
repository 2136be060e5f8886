// `items[].IS_PRIMARY` of crm.lead.contact.items.set is now `PRIMARY`: so is its setter.
// diff: renamed parameter
bitrix_api::bind!("../../fixtures/drift/renamed-param");
include!("../apps/drift_app.rs");
