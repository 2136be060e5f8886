//! Quickstart: links contacts to a lead with the typed client.
//!
//! `cargo run --example quickstart` runs against the embedded portal emulator; with
//! `BITRIX24_WEBHOOK_URL=https://your.bitrix24.com/rest/1/<code>/` set, the same run goes
//! to that portal (it creates one lead and four contacts there).

use bitrix_api::methods::{
    CrmLeadContactAddFields, CrmLeadContactDeleteFields, CrmLeadContactItemsSetItem,
};
use bitrix_api::ClientMethods;
use bitrix_api::{wire, Client};
use bitrix_emulator::Portal;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keep the emulator alive for the whole run: dropping it stops it.
    let (_portal, url) = match std::env::var("BITRIX24_WEBHOOK_URL") {
        Ok(url) => {
            println!("Using the portal from BITRIX24_WEBHOOK_URL.");
            (None, url)
        }
        Err(_) => {
            let portal = Portal::start().await?;
            let url = portal.webhook_url();
            println!("BITRIX24_WEBHOOK_URL is not set: started the embedded portal emulator.");
            (Some(portal), url)
        }
    };
    let client = Client::webhook(&url)?;
    println!("Client: {client:?}\n");

    // Methods without a page in docs/ yet go through call_raw.
    let lead: i64 = wire::from_value(
        client
            .call_raw(
                "crm.lead.add",
                json!({"fields": {"TITLE": "Quickstart lead"}}),
            )
            .await?,
    )?;
    let mut contacts = Vec::new();
    for (name, last) in [
        ("Ada", "Lovelace"),
        ("Alan", "Turing"),
        ("Grace", "Hopper"),
        ("Edsger", "Dijkstra"),
    ] {
        let id: i64 = wire::from_value(
            client
                .call_raw(
                    "crm.contact.add",
                    json!({"fields": {"NAME": name, "LAST_NAME": last}}),
                )
                .await?,
        )?;
        contacts.push(id);
    }
    println!("Created lead {lead} and contacts {contacts:?}.");

    // Typed calls: required parameters in the method, optional ones as setters.
    client
        .crm_lead_contact_items_set(
            lead,
            vec![
                CrmLeadContactItemsSetItem::new(contacts[0]).sort(10),
                CrmLeadContactItemsSetItem::new(contacts[1]).sort(20),
                CrmLeadContactItemsSetItem::new(contacts[2]).sort(30),
            ],
        )
        .await?;
    client
        .crm_lead_contact_add(
            lead,
            CrmLeadContactAddFields::new(contacts[3])
                .sort(5)
                .is_primary(true),
        )
        .await?;
    print_links(
        "After items.set and add (the added contact is primary):",
        &client.crm_lead_contact_items_get(lead).await?,
    );

    client
        .crm_lead_contact_delete(lead, CrmLeadContactDeleteFields::new(contacts[1]))
        .await?;
    print_links(
        &format!("After removing contact {}:", contacts[1]),
        &client.crm_lead_contact_items_get(lead).await?,
    );

    // A typed error: the portal's code, the HTTP status, and whether a retry could help.
    match client.crm_lead_contact_items_get(999_999_999).await {
        Ok(items) => println!("Unexpected: lead 999999999 has {} contacts", items.len()),
        Err(err) => {
            println!("An unknown lead is a typed error:");
            println!("  error:        {err}");
            println!("  code():       {:?}", err.code());
            println!("  status():     {:?}", err.status());
            println!("  retryable():  {}", err.is_retryable());
        }
    }
    Ok(())
}

fn print_links(title: &str, items: &[bitrix_api::records::LeadContact]) {
    println!("{title}");
    println!(
        "  {:>10}  {:>5}  {:>7}  {:>7}",
        "CONTACT_ID", "SORT", "ROLE_ID", "PRIMARY"
    );
    for item in items {
        // Typed from crm.lead.contact.fields: a field the answer leaves out is None.
        let show = |v: Option<i64>| v.map_or("-".to_owned(), |n| n.to_string());
        let primary = match item.is_primary {
            Some(true) => "Y",
            Some(false) => "N",
            None => "-",
        };
        println!(
            "  {:>10}  {:>5}  {:>7}  {:>7}",
            show(item.contact_id),
            show(item.sort),
            show(item.role_id),
            primary
        );
    }
    println!();
}
