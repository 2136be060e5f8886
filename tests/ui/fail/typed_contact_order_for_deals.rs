// Issue 22: a contact order is not a deal order.
#![allow(deprecated)]
use bitrix_api::typed::Order;
use bitrix_tests::crm::records::Contact;
use bitrix_tests::crm::ClientMethods;

fn main() {
    let client = bitrix_api::Client::builder()
        .webhook("http://127.0.0.1:1/rest/1/x/")
        .build()
        .unwrap();
    let _ = client
        .crm_deal_list()
        .order(Order::new().asc(Contact::LAST_NAME));
}
