//! The `>ID` and `start` walks over a table answer what the general filter-and-sort path
//! answers (entity.rs answers them without a pass over every record).

use bitrix_emulator::{Limits, Portal};
use serde_json::{json, Value};

async fn list(url: &str, params: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{url}crm.deal.list"))
        .json(&params)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn id_walks_agree_with_the_general_path() {
    let portal = Portal::builder()
        .limits(Limits::off())
        .start()
        .await
        .unwrap();
    let url = portal.webhook_url();
    let client = reqwest::Client::new();
    for n in 0..120 {
        let _ = client
            .post(format!("{url}crm.deal.add"))
            .json(&json!({"fields": {"TITLE": format!("Deal {n}")}}))
            .send()
            .await
            .unwrap();
    }
    let select = json!(["ID", "TITLE"]);
    for after in [0, 37, 100, 119, 500] {
        let fast = list(
            &url,
            json!({"select": select, "order": {"ID": "ASC"}, "filter": {">ID": after}, "start": -1}),
        )
        .await;
        // A second condition that every record meets takes the general path.
        let general = list(
            &url,
            json!({"select": select, "order": {"ID": "ASC"}, "filter": {">ID": after, ">=ID": 0}, "start": -1}),
        )
        .await;
        assert_eq!(fast["result"], general["result"], ">ID {after}");
        assert_eq!(fast["total"], general["total"]);
        assert_eq!(fast.get("next"), general.get("next"));
    }
    // Id ranges (`>ID` and `<=ID`), either order, as range walks send them.
    for (after, upto, dir) in [
        (0, 30, "ASC"),
        (20, 90, "ASC"),
        (100, 500, "ASC"),
        (0, 120, "DESC"),
        (10, 60, "DESC"),
    ] {
        let fast = list(
            &url,
            json!({"select": select, "order": {"ID": dir}, "filter": {">ID": after, "<=ID": upto}, "start": -1}),
        )
        .await;
        let general = list(
            &url,
            json!({"select": select, "order": {"ID": dir}, "filter": {">ID": after, "<=ID": upto, ">=ID": 0}, "start": -1}),
        )
        .await;
        assert_eq!(fast["result"], general["result"], "{after}..={upto} {dir}");
        assert_eq!(fast.get("next"), general.get("next"));
    }
    let last = list(
        &url,
        json!({"select": ["ID"], "order": {"ID": "DESC"}, "start": -1}),
    )
    .await;
    assert_eq!(
        last["result"][0]["ID"],
        json!("120"),
        "the highest id first"
    );
    // Deleted records leave gaps that `start` pages skip over.
    for id in [10, 55, 100] {
        let _ = client
            .post(format!("{url}crm.deal.delete"))
            .json(&json!({ "id": id }))
            .send()
            .await
            .unwrap();
    }
    for start in [0, 50, 100, 150] {
        let fast = list(
            &url,
            json!({"select": select, "order": {"ID": "ASC"}, "start": start}),
        )
        .await;
        let general = list(
            &url,
            json!({"select": select, "order": {"ID": "ASC"}, "filter": {">=ID": 0}, "start": start}),
        )
        .await;
        assert_eq!(fast["result"], general["result"], "start {start}");
        assert_eq!(fast["total"], general["total"]);
        assert_eq!(fast.get("next"), general.get("next"));
    }
}
