// Issue 22: a lead filter is not a deal filter.
#![allow(deprecated)]
use bitrix_api::typed::Filter;
use bitrix_tests::crm::records::Lead;
use bitrix_tests::crm::ClientMethods;

fn main() {
    let client = bitrix_api::Client::builder()
        .webhook("http://127.0.0.1:1/rest/1/x/")
        .build()
        .unwrap();
    let leads: Filter<Lead> = Filter::new().and(Lead::STATUS_ID.eq("NEW"));
    let _ = client.crm_deal_list().filter(leads);
}
