// Issue 22: ID is an integer, so "7" is not one of its values.
use bitrix_tests::crm::records::Deal;

fn main() {
    let _ = Deal::ID.eq("7");
}
