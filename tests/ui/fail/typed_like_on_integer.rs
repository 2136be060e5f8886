// Issue 22: LIKE means nothing on an integer field.
use bitrix_tests::crm::records::Deal;

fn main() {
    let _ = Deal::PROBABILITY.like("9");
}
