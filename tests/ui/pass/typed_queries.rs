// Issue 22: typed filter, order, select, streams and crm.item.* compile as an app writes
// them (compiled and run, never called: nothing here reaches a portal).
#![allow(deprecated)]
use bitrix_api::typed::{custom_field, Filter, Order, Select};
use bitrix_api::{Client, Error};
use bitrix_tests::crm::records::{Contact, Deal};
use bitrix_tests::crm::ClientMethods;
use futures_util::TryStreamExt;

async fn _app(client: Client) -> Result<(), Error> {
    let big = Filter::new()
        .and(Deal::OPPORTUNITY.ge(5000))
        .and(Deal::STAGE_ID.is_in(["NEW", "PREPARATION"]))
        .and(Deal::TITLE.like("Tender"))
        .and(Deal::IS_MANUAL_OPPORTUNITY.eq(true))
        .and(Deal::BEGINDATE.between(
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        ))
        .and(custom_field::<Deal>("UF_CRM_RATING")?.gt(serde_json::json!(5)));
    let deals: Vec<Deal> = client
        .crm_deal_list()
        .filter(big.clone())
        .order(Order::new().desc(Deal::OPPORTUNITY).asc(Deal::ID))
        .select(Select::new().field(Deal::ID).field(Deal::TITLE).custom_fields())
        .stream()
        .try_collect()
        .await?;
    let walked: Vec<Deal> = client.crm_deal_list().filter(big.clone()).stream_by_id().try_collect().await?;
    let or = Filter::any([Deal::TYPE_ID.eq("GOODS"), Deal::ASSIGNED_BY_ID.eq(3)]);
    let items: Vec<Deal> = client
        .items::<Deal>()
        .list()
        .filter(big.and(or))
        .order(Order::new().asc(Deal::TITLE))
        .select(Select::new().field(Deal::ID).field(Deal::OPPORTUNITY))
        .stream_by_id()
        .try_collect()
        .await?;
    let one: Deal = client.items::<Deal>().get(1).await?;
    let contacts: Vec<Contact> = client
        .crm_contact_list()
        .filter(Contact::PHONE.eq("+100"))
        .stream()
        .try_collect()
        .await?;
    let raw: Vec<Deal> = client
        .crm_deal_list()
        .filter(serde_json::json!({">=OPPORTUNITY": 5000}))
        .stream()
        .try_collect()
        .await?;
    let _ = (deals, walked, items, one, contacts, raw);
    Ok(())
}

fn main() {
    let _ = _app;
}
