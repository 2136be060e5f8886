//! An app that builds every request type of the six crm.lead.contact.* methods, sets every
//! optional parameter, and reads every response field with its documented type.

use std::collections::BTreeMap;

use bitrix_api::methods::{
    CrmLeadContactAdd, CrmLeadContactAddFields, CrmLeadContactDelete, CrmLeadContactDeleteFields,
    CrmLeadContactFields, CrmLeadContactItemsDelete, CrmLeadContactItemsGet,
    CrmLeadContactItemsSet, CrmLeadContactItemsSetItem,
};
use bitrix_api::records::LeadContact;
use bitrix_api::ClientMethods;
use bitrix_api::{Client, FieldDescription, Method};

fn requests() {
    let _: CrmLeadContactAdd =
        CrmLeadContactAdd::new(1, CrmLeadContactAddFields::new(1010).sort(10).is_primary(true));
    let _: CrmLeadContactDelete = CrmLeadContactDelete::new(1, CrmLeadContactDeleteFields::new(1010));
    let _: CrmLeadContactFields = CrmLeadContactFields::new();
    let _: CrmLeadContactItemsGet = CrmLeadContactItemsGet::new(1);
    let _: CrmLeadContactItemsSet = CrmLeadContactItemsSet::new(
        1,
        vec![
            CrmLeadContactItemsSetItem::new(1010).sort(10).is_primary(true),
            CrmLeadContactItemsSetItem::new(1020),
        ],
    );
    let _: CrmLeadContactItemsDelete = CrmLeadContactItemsDelete::new(1);
    assert_eq!(CrmLeadContactItemsSet::NAME, "crm.lead.contact.items.set");
}

fn responses(
    added: <CrmLeadContactAdd as Method>::Response,
    deleted: <CrmLeadContactDelete as Method>::Response,
    fields: <CrmLeadContactFields as Method>::Response,
    items: <CrmLeadContactItemsGet as Method>::Response,
    set: <CrmLeadContactItemsSet as Method>::Response,
    cleared: <CrmLeadContactItemsDelete as Method>::Response,
) {
    let _: bool = added && deleted && set && cleared;
    let fields: BTreeMap<String, FieldDescription> = fields;
    if let Some(f) = fields.get("CONTACT_ID") {
        let _: (bool, bool, &str, &str) = (f.is_required, f.is_read_only, &f.title, &f.type_name);
    }
    // The record typed from crm.lead.contact.fields (ROLE_ID from the items.get page).
    let items: Vec<LeadContact> = items;
    for item in items {
        let _: (Option<i64>, Option<i64>, Option<i64>, Option<bool>) =
            (item.contact_id, item.sort, item.role_id, item.is_primary);
    }
}

async fn calls(client: Client) -> Result<(), bitrix_api::Error> {
    let _: bool = client
        .crm_lead_contact_add(1, CrmLeadContactAddFields::new(1010).is_primary(true))
        .await?;
    let _: bool = client.crm_lead_contact_delete(1, CrmLeadContactDeleteFields::new(1010)).await?;
    let _: BTreeMap<String, FieldDescription> = client.crm_lead_contact_fields().await?;
    let _: Vec<LeadContact> = client.crm_lead_contact_items_get(1).await?;
    let _: bool = client
        .crm_lead_contact_items_set(1, vec![CrmLeadContactItemsSetItem::new(1010)])
        .await?;
    let _: bool = client.crm_lead_contact_items_delete(1).await?;
    let _: bool = client.call(&CrmLeadContactItemsDelete::new(1)).await?;
    Ok(())
}

fn main() {
    let _ = requests;
    let _ = responses;
    let _ = calls;
    // The six seeds and the seven event.* methods are on without features (the test
    // crate's own features may add more groups).
    let names: Vec<&str> = bitrix_api::catalog().iter().map(|m| m.name).collect();
    for m in ["crm.lead.contact.add", "crm.lead.contact.items.set", "event.bind"] {
        assert!(names.contains(&m), "{m} missing");
    }
    assert!(names.len() >= 13);
}
