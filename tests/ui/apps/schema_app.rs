// An app bound to a portal's saved schema (tests/fixtures/schema/base.json): a filter on
// a user field and a stage, a typed field, a typed read, a smart process. Each `schema_*`
// case binds a copy of the file edited the way the portal changed.
use bitrix_api::records::Deal;
use bitrix_api::typed::{kind, Field, Filter};
use portal::deal::{self, general, DealFields, Priority};

fn seats(d: &Deal) -> Option<i64> {
    d.uf_crm_seats().ok().flatten()
}

fn main() {
    let _filter = Filter::<Deal>::new()
        .and(deal::UF_CRM_PRIORITY.eq(Priority::High))
        .and(general::stage(general::Stage::Won));
    let _seats: Field<Deal, kind::Integer> = deal::UF_CRM_SEATS;
    let _ = seats;
    let _invoices = |c: &bitrix_api::Client| c.items::<portal::items::Invoice2>();
}
