// Issue 22: OPPORTUNITY is `double`: its values are Decimals, not text.
use bitrix_tests::crm::records::Deal;

fn main() {
    let _ = Deal::OPPORTUNITY.ge("lots");
}
