//! The offline queue as a stream (`event.offline.get` with `clear: 0`, then
//! `event.offline.clear` of exactly what was handed out), and the authorization-code
//! exchange, against scripted local servers.

mod common;

use std::sync::{Arc, Mutex};

use bitrix_api::events::RawEvent;
use bitrix_api::{Client, Error, OAuthApp};
use common::{serve, Reply};
use futures_util::StreamExt;
use serde_json::{json, Value};

fn record(id: u32, name: &str, data: Value) -> Value {
    json!({"ID": id.to_string(), "TIMESTAMP_X": "2024-07-18T12:32:31+02:00", "EVENT_NAME": name,
           "EVENT_DATA": data, "EVENT_ADDITIONAL": {"user_id": "1"}, "MESSAGE_ID": format!("m{id}")})
}

#[tokio::test]
async fn offline_events_are_handed_out_then_cleared_until_the_queue_is_empty() {
    let queue = Arc::new(Mutex::new(vec![
        record(1, "ONCRMLEADADD", json!({"FIELDS": {"ID": "10"}})),
        record(2, "ONCRMLEADUPDATE", json!({"FIELDS": {"ID": "10"}})),
        record(3, "ONCRMDEALADD", json!(false)),
    ]));
    let calls = Arc::new(Mutex::new(Vec::<(String, Value)>::new()));
    let (q, log) = (queue.clone(), calls.clone());
    let portal = serve(move |req| {
        log.lock()
            .unwrap()
            .push((req.method.clone(), req.body.clone()));
        let mut q = q.lock().unwrap();
        match req.method.as_str() {
            "event.offline.get" => {
                assert_eq!(req.body["clear"], 0);
                let batch: Vec<Value> = q.iter().take(2).cloned().collect();
                Reply::ok(json!({"process_id": "p1", "events": batch}))
            }
            "event.offline.clear" => {
                assert_eq!(req.body["process_id"], "p1");
                let ids: Vec<String> = req.body["message_id"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_owned())
                    .collect();
                q.retain(|r| !ids.contains(&r["MESSAGE_ID"].as_str().unwrap().to_owned()));
                Reply::ok(json!(true))
            }
            other => Reply::error(404, "ERROR_METHOD_NOT_FOUND", other),
        }
    })
    .await;
    let client = Client::webhook(portal.webhook()).unwrap();
    let events: Vec<RawEvent> = client
        .offline_events::<RawEvent>(None)
        .map(|e| e.unwrap())
        .collect()
        .await;
    let codes: Vec<&str> = events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(codes, ["ONCRMLEADADD", "ONCRMLEADUPDATE", "ONCRMDEALADD"]);
    assert_eq!(events[0].data["FIELDS"]["ID"], "10");
    assert_eq!(events[0].ts, Some(1721298751));
    assert_eq!(events[2].data, json!({}));
    assert!(queue.lock().unwrap().is_empty());
    let calls = calls.lock().unwrap();
    let methods: Vec<&str> = calls.iter().map(|(m, _)| m.as_str()).collect();
    assert_eq!(
        methods,
        [
            "event.offline.get",
            "event.offline.clear",
            "event.offline.get",
            "event.offline.clear",
            "event.offline.get"
        ]
    );
    // The first get names no process; later ones resume the portal's.
    assert!(calls[0].1.get("process_id").is_none());
    assert_eq!(calls[2].1["process_id"], "p1");
    assert_eq!(calls[1].1["message_id"], json!(["m1", "m2"]));
    assert_eq!(calls[3].1["message_id"], json!(["m3"]));
}

#[tokio::test]
async fn a_stream_stopped_mid_batch_clears_nothing_of_it() {
    let calls = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = calls.clone();
    let portal = serve(move |req| {
        log.lock().unwrap().push(req.method.clone());
        Reply::ok(json!({"process_id": "p9", "events": [record(1, "ONX", json!({})), record(2, "ONX", json!({}))]}))
    })
    .await;
    let client = Client::webhook(portal.webhook()).unwrap();
    let mut stream = client.offline_events::<RawEvent>(Some("p9".into()));
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    assert_eq!(*calls.lock().unwrap(), ["event.offline.get"]);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let portal = serve(|_| Reply::error(403, "ACCESS_DENIED", "Access denied!")).await;
    let client = Client::webhook(portal.webhook()).unwrap();
    let items: Vec<_> = client.offline_events::<RawEvent>(None).collect().await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].as_ref().unwrap_err().code(), Some("ACCESS_DENIED"));
}

#[tokio::test]
async fn an_authorization_code_is_exchanged_for_tokens() {
    let seen = Arc::new(Mutex::new(None));
    let s = seen.clone();
    let oauth = serve(move |req| {
        *s.lock().unwrap() = req.query.clone();
        if req.query.as_deref().unwrap_or("").contains("code=good-code") {
            Reply::json(200, json!({
                "access_token": "acc-1", "refresh_token": "ref-1", "expires_in": 3600,
                "client_endpoint": "https://portal.bitrix24.com/rest/", "member_id": "m1",
                "scope": "crm,task", "server_endpoint": "https://oauth.bitrix.info/rest/", "status": "F"
            }))
        } else {
            Reply::json(400, json!({"error": "invalid_grant", "error_description": "bad code bad-code"}))
        }
    })
    .await;
    let app = OAuthApp::new("app.1", "the-app-secret");
    let url = format!("{}/oauth/token/", oauth.base());
    let tokens = app.exchange_code("good-code", &url).await.unwrap();
    assert_eq!(tokens.access_token.expose(), "acc-1");
    assert_eq!(
        tokens.client_endpoint.as_deref(),
        Some("https://portal.bitrix24.com/rest/")
    );
    assert_eq!(
        (tokens.member_id.as_deref(), tokens.expires_in),
        (Some("m1"), Some(3600))
    );
    let query = seen.lock().unwrap().clone().unwrap();
    for part in [
        "grant_type=authorization_code",
        "client_id=app.1",
        "client_secret=the-app-secret",
        "code=good-code",
    ] {
        assert!(query.contains(part), "{query}");
    }
    let err = app.exchange_code("bad-code", &url).await.unwrap_err();
    assert_eq!(err.code(), Some("invalid_grant"));
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("bad-code") && !text.contains("the-app-secret"),
        "{text}"
    );
    assert!(matches!(
        app.exchange_code("c", "http://example.com/oauth/token/")
            .await,
        Err(Error::Config(_))
    ));
}
