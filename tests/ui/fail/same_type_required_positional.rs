// A section of `crm.deal.details.configuration.set` has three required strings (`name`,
// `title`, `type`): they come by name, in a struct literal, never in order.
use bitrix_api::methods::CrmDealDetailsConfigurationSetDataItem;

fn main() {
    let _ = CrmDealDetailsConfigurationSetDataItem::new("main", "About the deal", "section");
}
