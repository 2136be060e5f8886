// The app of the schema drift cases (`ui/pass/drift_*.rs`, `ui/fail/drift_*.rs`): it fits
// the pages in `fixtures/drift/base/`. Each line uses one thing a page documents, so each
// drift breaks one line. The case that includes this file binds the pages first.
//
// Requests go through `Client::call`: `bitrix-api` has client methods of its own for these
// method names, and inherent methods win over the generated `ClientMethods` trait.

async fn app(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
    let contact = CrmLeadContactAddFields::new(1010).sort(10);
    let add = CrmLeadContactAdd::new(1, contact);
    client.call(&add).await?;

    let item = CrmLeadContactItemsSetItem::new(1020).is_primary(true);
    let set = CrmLeadContactItemsSet::new(1, vec![item]);
    client.call(&set).await?;

    for link in client.call(&CrmLeadContactItemsGet::new(1)).await? {
        let sort: i64 = link.sort;
        println!("contact {} at {sort}", link.contact_id);
    }
    Ok(())
}

fn main() {
    let _ = app;
}
