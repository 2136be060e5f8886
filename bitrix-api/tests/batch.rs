//! Typed batches over HTTP: against the emulator (real batch semantics) and against
//! scripted servers (odd answer shapes, whole-call failures).

mod common;

use bitrix_api::batch::Ref;
use bitrix_api::methods::{CrmLeadContactAdd, CrmLeadContactAddFields, CrmLeadContactItemsGet};
use bitrix_api::{ApiCode, Client, Error, Limits, RetryPolicy};
use bitrix_emulator::Portal;
use common::{fast_retry, serve, serve_raw, Raw, Reply};
use serde_json::json;

async fn portal() -> Portal {
    Portal::builder()
        .limits(bitrix_api::Limits::off())
        .seed(3)
        .start()
        .await
        .unwrap()
}

fn client(portal: &Portal) -> Client {
    Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap()
}

#[tokio::test]
async fn mixed_results_each_with_its_own_type_or_error() {
    let portal = portal().await;
    let lead = portal.add_lead(json!({"TITLE": "L"}));
    let contact = portal.add_contact(json!({"NAME": "C"}));
    let client = client(&portal);

    let mut batch = client.batch();
    let link = batch.add(
        "link",
        &CrmLeadContactAdd::new(lead, CrmLeadContactAddFields::new(contact)),
    );
    let items = batch.add("items", &CrmLeadContactItemsGet::new(lead));
    let missing = batch.add("missing", &CrmLeadContactItemsGet::new(999_999));
    let raw = batch.add_raw("raw", "crm.lead.get", json!({"id": lead}));
    let mut answers = batch.send().await.unwrap();

    answers.get(&link).unwrap();
    let items = answers.take(&items).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].contact_id, Some(contact));
    let err = answers.get(&missing).unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.method, "crm.lead.contact.items.get");
    assert_eq!(
        api.status, None,
        "commands inside a batch have no status of their own"
    );
    assert!(
        matches!(api.code, ApiCode::NotFound) || !api.raw_code.is_empty(),
        "{api:?}"
    );
    assert_eq!(answers.get(&raw).unwrap()["TITLE"], "L");
    assert_eq!(portal.count("batch"), 1);
}

#[tokio::test]
async fn references_link_commands() {
    let portal = portal().await;
    let contact = portal.add_contact(json!({"NAME": "Ann"}));
    let client = client(&portal);
    let mut batch = client.batch();
    let lead = batch.add_raw(
        "lead",
        "crm.lead.add",
        json!({"fields": {"TITLE": "From a batch"}}),
    );
    // A typed request whose integer field takes a reference.
    let link = batch.add_with(
        "link",
        &CrmLeadContactAdd::new(0, CrmLeadContactAddFields::new(contact)),
        json!({"id": lead.result()}),
    );
    let title = batch.add_raw(
        "copy",
        "crm.lead.add",
        json!({"fields": {"TITLE": Ref::new("lead").field("x")}}),
    );
    let read = batch.add_raw("read", "crm.lead.get", json!({"id": lead.result()}));
    let mut answers = batch.await.unwrap();
    let id: i64 = bitrix_api::wire::from_value(answers.take(&lead).unwrap()).unwrap();
    answers.take(&link).unwrap();
    answers.take(&title).unwrap();
    assert_eq!(answers.take(&read).unwrap()["TITLE"], "From a batch");
    assert_eq!(portal.lead(id).unwrap().contact_id, Some(contact));
}

#[tokio::test]
async fn more_than_fifty_commands_are_split() {
    let portal = portal().await;
    let client = client(&portal);
    let mut batch = client.batch();
    let refs: Vec<_> = (0..120)
        .map(|i| {
            batch.add_raw(
                format!("add{i}"),
                "crm.lead.add",
                json!({"fields": {"TITLE": format!("lead {i}")}}),
            )
        })
        .collect();
    assert_eq!(batch.len(), 120);
    let mut answers = batch.send().await.unwrap();
    let ids: Vec<i64> = answers
        .take_all(&refs)
        .into_iter()
        .map(|r| bitrix_api::wire::from_value(r.unwrap()).unwrap())
        .collect();
    assert_eq!(portal.count("batch"), 3);
    // In order: the portal ran them as added.
    for (i, id) in ids.iter().enumerate() {
        assert_eq!(portal.lead(*id).unwrap().title, format!("lead {i}"));
    }
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn halt_stops_the_rest_including_later_calls() {
    let portal = portal().await;
    let client = client(&portal);
    let mut batch = client.batch();
    batch.halt(true);
    let refs: Vec<_> = (0..70)
        .map(|i| {
            if i == 10 {
                batch.add_raw("bad", "crm.lead.get", json!({"id": 987654}))
            } else {
                batch.add_raw(
                    format!("k{i}"),
                    "crm.lead.add",
                    json!({"fields": {"TITLE": "x"}}),
                )
            }
        })
        .collect();
    let answers = batch.send().await.unwrap();
    for (i, r) in refs.iter().enumerate() {
        let got = answers.get(r);
        match i {
            0..=9 => assert!(got.is_ok(), "{i}: {got:?}"),
            10 => assert!(matches!(got, Err(Error::Api(_))), "{got:?}"),
            _ => assert!(
                matches!(got, Err(Error::NotExecuted { ref key, .. }) if *key == r.key()),
                "{i}: {got:?}"
            ),
        }
    }
    assert_eq!(
        portal.count("batch"),
        1,
        "the second call of 50 was not sent"
    );
    assert_eq!(portal.leads().len(), 10);
}

#[tokio::test]
async fn php_list_shapes_and_per_command_bookkeeping() {
    // Keys 0 and 1 make PHP answer with lists; result_error is an object.
    let server = serve(|req| {
        assert_eq!(req.method, "batch");
        assert_eq!(
            req.body["cmd"],
            json!({"0": "crm.lead.list?start=0", "1": "crm.lead.list?start=50", "2": "x.get"})
        );
        Reply::json(
            200,
            json!({"result": {
            "result": [[{"ID": "1"}], [{"ID": "51"}]],
            "result_error": {"2": {"error": "ERROR_CORE", "error_description": "broken"}},
            "result_total": ["120", 120],
            "result_next": [50],
            "result_time": [{"operating": "1.5", "duration": 0.1}, {}]
        }, "time": {}}),
        )
    })
    .await;
    let client = common::client_no_retry(&server);
    let mut batch = client.batch();
    let first = batch.add_raw("0", "crm.lead.list", json!({"start": 0}));
    let second = batch.add_raw("1", "crm.lead.list", json!({"start": 50}));
    let third = batch.add_raw("2", "x.get", json!({}));
    let answers = batch.send().await.unwrap();
    let page = answers.response(&first).unwrap();
    assert_eq!(page.result, json!([{"ID": "1"}]));
    assert_eq!((page.total, page.next), (Some(120), Some(50)));
    assert_eq!(page.time.unwrap().operating, Some(1.5));
    let page = answers.response(&second).unwrap();
    assert_eq!((page.total, page.next), (Some(120), None));
    let err = answers.get(&third).unwrap_err();
    assert_eq!(err.code(), Some("ERROR_CORE"));
    assert!(err.to_string().contains("x.get") && err.to_string().contains("broken"));
}

#[tokio::test]
async fn a_failed_call_fails_each_command_under_its_own_method() {
    let server = serve(|_| Reply::error(403, "insufficient_scope", "")).await;
    let client = common::client_no_retry(&server);
    let mut batch = client.batch();
    let a = batch.add_raw("a", "crm.lead.get", json!({"id": 1}));
    let b = batch.add_raw("b", "user.current", json!({}));
    let answers = batch.send().await.unwrap();
    let (ea, eb) = (answers.get(&a).unwrap_err(), answers.get(&b).unwrap_err());
    assert!(
        matches!(&ea, Error::Api(x) if x.method == "crm.lead.get" && x.status == Some(403)),
        "{ea:?}"
    );
    assert!(
        matches!(&eb, Error::Api(x) if x.method == "user.current"),
        "{eb:?}"
    );
}

#[tokio::test]
async fn lost_answer_to_a_batch_of_adds_is_not_resent() {
    let server = serve_raw(|_| Raw::Drop).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry())
        .build()
        .unwrap();
    let mut batch = client.batch();
    let refs: Vec<_> = (0..3)
        .map(|i| batch.add_raw(format!("a{i}"), "crm.lead.add", json!({})))
        .collect();
    let answers = batch.send().await.unwrap();
    for r in &refs {
        let err = answers.get(r).unwrap_err();
        assert!(err.maybe_applied(), "{err:?}");
    }
    assert_eq!(server.hits(), 1);

    // A batch of reads is resent.
    let server = serve_raw(|_| Raw::Drop).await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(fast_retry().max_attempts(3))
        .build()
        .unwrap();
    let mut batch = client.batch();
    batch.add_raw("g", "crm.lead.get", json!({"id": 1}));
    batch.send().await.unwrap();
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn decode_errors_name_the_command() {
    let server = serve(|_| {
        Reply::json(
            200,
            json!({"result": {"result": {"k": [{"CONTACT_ID": "x"}]}}}),
        )
    })
    .await;
    let client = Client::builder()
        .webhook(server.webhook())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut batch = client.batch();
    let items = batch.add("k", &CrmLeadContactItemsGet::new(1));
    let err = batch.send().await.unwrap().get(&items).unwrap_err();
    let Error::Decode { method, path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(method, "crm.lead.contact.items.get");
    assert!(path.starts_with("result[k]"), "{path}");
}
