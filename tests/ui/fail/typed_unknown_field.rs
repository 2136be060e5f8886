// Issue 22: a field the fields page does not list is not a constant of the record.
use bitrix_tests::crm::records::Deal;

fn main() {
    let _ = Deal::OPORTUNITY.ge(5000);
}
