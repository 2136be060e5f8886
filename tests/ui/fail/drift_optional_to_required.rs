// `fields.IS_PRIMARY` of crm.lead.contact.add became required: the constructor wants it.
// diff: optional → required
bitrix_api::bind!("../../fixtures/drift/optional-to-required");
include!("../apps/drift_app.rs");
