//! Events the portal fires, as a handler receives them: the documented form body, which
//! changes fire what, and that slow or failing handlers never hold up the portal.

mod common;

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use bitrix_api::query;
use bitrix_emulator::Portal;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(5);

/// A handler on 127.0.0.1: `/ok` records each POST, `/slow` answers after 10 s,
/// `/fail` answers 500.
async fn capture() -> (String, mpsc::UnboundedReceiver<(String, String)>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let ok = |State(tx): State<mpsc::UnboundedSender<(String, String)>>,
              headers: HeaderMap,
              body: Bytes| async move {
        let ct = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let _ = tx.send((ct, String::from_utf8_lossy(&body).into_owned()));
        StatusCode::OK
    };
    let app = axum::Router::new()
        .route("/ok", post(ok))
        .route(
            "/slow",
            post(|| async {
                tokio::time::sleep(Duration::from_secs(10)).await;
                StatusCode::OK
            }),
        )
        .route(
            "/fail",
            post(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .with_state(tx);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), rx)
}

async fn next(rx: &mut mpsc::UnboundedReceiver<(String, String)>) -> (String, Value) {
    next_within(rx, WAIT).await
}

async fn next_within(
    rx: &mut mpsc::UnboundedReceiver<(String, String)>,
    wait: Duration,
) -> (String, Value) {
    let (ct, body) = timeout(wait, rx.recv()).await.unwrap().unwrap();
    (body.clone(), {
        assert_eq!(ct, "application/x-www-form-urlencoded");
        query::decode(&body)
    })
}

/// An OAuth REST URL for `method` with a token of the portal's app.
fn app_url(portal: &Portal, token: &str, method: &str) -> String {
    format!("{}{method}?auth={token}", portal.rest_url())
}

async fn bind(portal: &Portal, token: &str, event: &str, handler: &str) {
    let (status, body) = common::post(
        &app_url(portal, token, "event.bind"),
        json!({"event": event, "handler": handler}),
    )
    .await;
    assert_eq!((status, &body["result"]), (200, &json!(true)), "{body}");
}

#[tokio::test]
async fn a_bound_event_arrives_as_the_documented_form() {
    let portal = common::portal().await;
    let (base, mut rx) = capture().await;
    let token = portal
        .issue_tokens(&["crm"])
        .access_token
        .expose()
        .to_owned();
    bind(&portal, &token, "ONCRMDEALADD", &format!("{base}/ok")).await;

    let (status, body) = common::post(
        &format!("{}crm.deal.add", portal.webhook_url()),
        json!({"fields": {"TITLE": "t"}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (raw, got) = next(&mut rx).await;
    assert!(
        raw.starts_with("event=ONCRMDEALADD&event_handler_id="),
        "{raw}"
    );
    assert!(
        raw.contains("&data%5BFIELDS%5D%5BID%5D="),
        "PHP keys: {raw}"
    );
    assert_eq!(got["event"], "ONCRMDEALADD");
    assert_eq!(got["data"]["FIELDS"]["ID"], body["result"].to_string());
    let auth = got["auth"].as_object().unwrap();
    let mut keys: Vec<&str> = auth.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "access_token",
            "application_token",
            "client_endpoint",
            "domain",
            "expires_in",
            "member_id",
            "refresh_token",
            "scope",
            "server_endpoint",
            "status"
        ]
    );
    assert_eq!(auth["application_token"], portal.application_token());
    assert_eq!(auth["member_id"], portal.member_id());
    assert_eq!(auth["client_endpoint"], portal.rest_url());
    let top: Vec<&str> = got
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top.len(), 5, "{top:?}");
    // The token in `auth` works against the portal.
    let access = auth["access_token"].as_str().unwrap();
    let (status, _) =
        common::post(&app_url(&portal, access, "crm.deal.get"), json!({"id": 1})).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn crm_changes_fire_their_events_in_order() {
    let portal = common::portal().await;
    let (base, mut rx) = capture().await;
    let token = portal
        .issue_tokens(&["crm"])
        .access_token
        .expose()
        .to_owned();
    let ok = format!("{base}/ok");
    for e in [
        "ONCRMLEADADD",
        "ONCRMCONTACTADD",
        "ONCRMCOMPANYADD",
        "ONCRMCOMPANYUPDATE",
        "ONCRMCOMPANYDELETE",
        "ONCRMDEALADD",
    ] {
        bind(&portal, &token, e, &ok).await;
    }
    let hook = portal.webhook_url();
    let calls = [
        ("crm.lead.add", json!({"fields": {"TITLE": "l"}})),
        ("crm.contact.add", json!({"fields": {"NAME": "c"}})),
        ("crm.company.add", json!({"fields": {"TITLE": "co"}})),
        (
            "crm.company.update",
            json!({"id": 1, "fields": {"TITLE": "co2"}}),
        ),
        ("crm.company.delete", json!({"id": 1})),
    ];
    for (method, params) in calls {
        let (status, body) = common::post(&format!("{hook}{method}"), params).await;
        assert_eq!(status, 200, "{method}: {body}");
    }
    // Inside a batch too, and crm.item on a classic type fires the classic event.
    let cmd = json!({"cmd": {"deal": "crm.item.add?entityTypeId=2&fields[title]=d"}});
    let (status, body) = common::post(&format!("{hook}batch"), cmd).await;
    assert_eq!(status, 200, "{body}");
    let mut seen = Vec::new();
    for _ in 0..6 {
        seen.push(next(&mut rx).await.1["event"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        seen,
        [
            "ONCRMLEADADD",
            "ONCRMCONTACTADD",
            "ONCRMCOMPANYADD",
            "ONCRMCOMPANYUPDATE",
            "ONCRMCOMPANYDELETE",
            "ONCRMDEALADD"
        ]
    );
    // Smart-process items fire the dynamic events, the one with the type's suffix too.
    bind(&portal, &token, "ONCRMDYNAMICITEMADD", &ok).await;
    bind(&portal, &token, "ONCRMDYNAMICITEMADD_1220", &ok).await;
    let (status, body) = common::post(
        &format!("{hook}crm.item.add"),
        json!({"entityTypeId": 1220, "fields": {"title": "sp"}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, first) = next(&mut rx).await;
    let (_, second) = next(&mut rx).await;
    assert_eq!(first["event"], "ONCRMDYNAMICITEMADD_1220");
    assert_eq!(second["event"], "ONCRMDYNAMICITEMADD");
    assert_eq!(second["data"]["FIELDS"]["ENTITY_TYPE_ID"], "1220");
    assert_eq!(
        second["data"]["FIELDS"]["ID"],
        body["result"]["item"]["id"].to_string()
    );
    // Reads and failed changes fire nothing.
    common::post(&format!("{hook}crm.deal.get"), json!({"id": 1})).await;
    common::post(&format!("{hook}crm.company.delete"), json!({"id": 999})).await;
    assert!(timeout(Duration::from_millis(200), rx.recv())
        .await
        .is_err());
}

#[tokio::test]
async fn slow_and_failing_handlers_do_not_hold_up_the_portal() {
    let portal = common::portal().await;
    let (base, mut rx) = capture().await;
    let token = portal
        .issue_tokens(&["crm"])
        .access_token
        .expose()
        .to_owned();
    bind(&portal, &token, "ONCRMDEALADD", &format!("{base}/fail")).await;
    bind(&portal, &token, "ONCRMDEALUPDATE", &format!("{base}/slow")).await;
    bind(&portal, &token, "ONCRMDEALDELETE", &format!("{base}/ok")).await;
    let hook = portal.webhook_url();
    let started = Instant::now();
    common::post(&format!("{hook}crm.deal.add"), json!({"fields": {}})).await;
    common::post(
        &format!("{hook}crm.deal.update"),
        json!({"id": 1, "fields": {"TITLE": "x"}}),
    )
    .await;
    common::post(&format!("{hook}crm.deal.delete"), json!({"id": 1})).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    // Delivery is in order, so the delete waits for the slow handler's 5 s timeout.
    let (_, got) = next_within(&mut rx, Duration::from_secs(8)).await;
    assert_eq!(got["event"], "ONCRMDEALDELETE");
}

#[tokio::test]
async fn event_methods_are_for_apps_only_and_list_what_is_bound() {
    let portal = common::portal().await;
    let hook = portal.webhook_url();
    let (status, body) = common::post(
        &format!("{hook}event.bind"),
        json!({"event": "ONCRMDEALADD", "handler": "http://127.0.0.1:1/"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("WRONG_AUTH_TYPE"))
    );

    let token = portal
        .issue_tokens(&["crm"])
        .access_token
        .expose()
        .to_owned();
    bind(&portal, &token, "onCrmDealAdd", "http://127.0.0.1:1/h").await;
    let (status, body) = common::post(
        &app_url(&portal, &token, "event.bind"),
        json!({"event": "ONCRMDEALADD", "handler": "http://127.0.0.1:1/h"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("ERROR_HANDLER_ALREADY_BINDED"))
    );
    let (status, body) = common::post(
        &app_url(&portal, &token, "event.bind"),
        json!({"event": "", "handler": "http://127.0.0.1:1/h"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("ERROR_EVENT_NOT_FOUND"))
    );
    let (_, body) = common::post(&app_url(&portal, &token, "event.get"), json!({})).await;
    assert_eq!(
        body["result"],
        json!([{"event": "ONCRMDEALADD", "handler": "http://127.0.0.1:1/h", "auth_type": "0", "offline": 0}])
    );
    let (_, body) = common::post(
        &app_url(&portal, &token, "event.unbind"),
        json!({"event": "oncrmdealadd", "handler": "http://127.0.0.1:1/h"}),
    )
    .await;
    assert_eq!(body["result"], json!({"count": 1}));
}
