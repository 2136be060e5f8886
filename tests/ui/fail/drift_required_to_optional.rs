// `fields.CONTACT_ID` of crm.lead.contact.add became optional: the constructor no longer takes it.
// diff: required → optional
bitrix_api::bind!("../../fixtures/drift/required-to-optional");
include!("../apps/drift_app.rs");
