//! A small deal pipeline with the typed client: a company, two contacts, a deal linked to
//! both with product rows, a stage move, every deal of the company streamed back, and a
//! typed batch.
//!
//! `cargo run -p bitrix-api --example deal_pipeline --features crm` runs against the
//! embedded portal emulator (it serves every page the crate ships); with
//! `BITRIX24_WEBHOOK_URL` set it goes to that portal instead.

// crm.deal.* (and the company and contact methods) are deprecated in favour of crm.item.*;
// many integrations still run on them, and the emulator serves both.
#![allow(deprecated)]

use bitrix_api::methods::{
    CrmCompanyAddFields, CrmContactAddFields, CrmDealAddFields, CrmDealContactItemsSetItem,
    CrmDealGet, CrmDealList, CrmDealProductrowsSetRow, CrmDealUpdateFields,
};
use bitrix_api::records::Deal;
use bitrix_api::typed::Select;
use bitrix_api::{Client, ClientMethods};
use bitrix_emulator::Portal;
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (_portal, url) = match std::env::var("BITRIX24_WEBHOOK_URL") {
        Ok(url) => (None, url),
        Err(_) => {
            let portal = Portal::start().await?;
            let url = portal.webhook_url();
            (Some(portal), url)
        }
    };
    let client = Client::webhook(&url)?;

    let company = client
        .crm_company_add(CrmCompanyAddFields::new().title("Northwind Traders"))
        .await?;
    let mut contacts = Vec::new();
    for (name, last) in [("Nancy", "Davolio"), ("Andrew", "Fuller")] {
        let id = client
            .crm_contact_add()
            .fields(
                CrmContactAddFields::new()
                    .name(name)
                    .last_name(last)
                    .company_id(company),
            )
            .await?;
        contacts.push(id);
    }
    println!("company {company}, contacts {contacts:?}");

    let deal = client
        .crm_deal_add()
        .fields(
            CrmDealAddFields::new()
                .title("Spring order")
                .company_id(company)
                .stage_id("NEW")
                .currency_id("USD")
                .opportunity(1250.0),
        )
        .await?;
    let links = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| CrmDealContactItemsSetItem::new(*c).is_primary(i == 0))
        .collect();
    client.crm_deal_contact_items_set(deal, links).await?;
    client
        .crm_deal_productrows_set(deal)
        .rows(vec![
            CrmDealProductrowsSetRow::new()
                .product_name("Chai, 10 boxes")
                .price(18.0)
                .quantity(10.0),
            CrmDealProductrowsSetRow::new()
                .product_name("Chang, 24 bottles")
                .price(19.0)
                .quantity(24.0),
        ])
        .await?;
    client
        .crm_deal_update(deal)
        .fields(CrmDealUpdateFields::new().stage_id("PREPARATION"))
        .await?;
    let got = client.call(&CrmDealGet::new(deal)).await?;
    println!(
        "deal {:?} `{}` at stage {}",
        got.id,
        got.title.as_deref().unwrap_or(""),
        got.stage_id.as_deref().unwrap_or("?")
    );

    // Every deal of the company, typed, page after page: the filter and select are
    // checked by the compiler against crm.deal.fields.
    let deals: Vec<Deal> = client
        .crm_deal_list()
        .filter(Deal::COMPANY_ID.eq(company))
        .select(
            Select::new()
                .field(Deal::ID)
                .field(Deal::TITLE)
                .field(Deal::STAGE_ID),
        )
        .stream()
        .try_collect()
        .await?;
    println!("{} deal(s) of the company", deals.len());

    // A typed batch: read the deal and the company's deals in one request.
    let mut batch = client.batch();
    let one = batch.push(&CrmDealGet::new(deal));
    let all = batch.push(&CrmDealList::new().filter(Deal::COMPANY_ID.eq(company)));
    let answers = batch.send().await?;
    println!(
        "batch: deal {:?} and {} listed",
        answers.get(&one)?.id,
        answers.get(&all)?.len()
    );
    Ok(())
}
