// Issue 22: LIKE does not work on `crm_status` fields (the list pages say so).
use bitrix_tests::crm::records::Deal;

fn main() {
    let _ = Deal::STAGE_ID.like("N");
}
