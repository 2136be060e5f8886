//! Events end to end: an app (bitrix-api's axum router on 127.0.0.1) is installed on
//! emulated portals, binds handlers with the client its installation gives it, makes
//! changes through that client and receives the events the portal fires, typed and
//! verified; forged posts, offline events and two portals served by one app.

use std::time::Duration;

use bitrix_api::events::{axum::router, Incoming, Installations};
use bitrix_api::methods::events::Event;
use bitrix_api::{Client, OAuthApp};
use bitrix_emulator::Portal;
use serde_json::json;
use tokio::sync::mpsc;
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(5);

struct App {
    url: String,
    rx: mpsc::Receiver<Incoming<Event>>,
    portals: Installations,
}

async fn app(oauth: OAuthApp) -> App {
    let portals = Installations::in_memory(oauth).client_settings(|b| b.allow_insecure_http(true));
    let (tx, rx) = mpsc::channel(64);
    let routes = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, routes).await.unwrap() });
    App {
        url: format!("http://{addr}/bitrix"),
        rx,
        portals,
    }
}

impl App {
    async fn next(&mut self) -> Incoming<Event> {
        timeout(WAIT, self.rx.recv())
            .await
            .expect("no event within 5 s")
            .expect("the channel closed")
    }

    async fn nothing(&mut self) {
        let got = timeout(Duration::from_millis(200), self.rx.recv()).await;
        assert!(got.is_err(), "received {got:?}");
    }

    /// Installs the app on `portal` and answers the client its installation gives.
    async fn install_on(&mut self, portal: &Portal) -> Client {
        timeout(WAIT, portal.install_app(&self.url))
            .await
            .unwrap()
            .unwrap();
        let got = self.next().await;
        assert!(matches!(got.event, Event::OnAppInstall(_)), "{got:?}");
        assert_eq!(got.member_id, portal.member_id());
        self.portals.client(&portal.member_id()).unwrap()
    }
}

async fn call(client: &Client, method: &str, params: serde_json::Value) -> serde_json::Value {
    timeout(WAIT, client.call_raw(method, params))
        .await
        .unwrap()
        .unwrap()
}

fn deal_id(event: &Event) -> (String, i64) {
    match event {
        Event::OnCrmDealAdd(e) => ("add".into(), e.data.fields.id.expect("ID")),
        Event::OnCrmDealUpdate(e) => ("update".into(), e.data.fields.id.expect("ID")),
        other => panic!("not a deal event: {other:?}"),
    }
}

#[tokio::test]
async fn installed_app_receives_its_bound_events_typed_and_in_order() {
    let portal = Portal::builder().seed(1).start().await.unwrap();
    let mut app = app(portal.oauth_app()).await;
    let client = app.install_on(&portal).await;

    for event in ["ONCRMDEALADD", "onCrmDealUpdate"] {
        let bound = call(
            &client,
            "event.bind",
            json!({"event": event, "handler": app.url}),
        )
        .await;
        assert_eq!(bound, true);
    }
    let listed = call(&client, "event.get", json!({})).await;
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed[1]["event"], "ONCRMDEALUPDATE");

    let id = call(&client, "crm.deal.add", json!({"fields": {"TITLE": "E2E"}})).await;
    let id = id.as_i64().unwrap();
    let updated = call(
        &client,
        "crm.deal.update",
        json!({"id": id, "fields": {"TITLE": "E2E, renamed"}}),
    )
    .await;
    assert_eq!(updated, true);

    let first = app.next().await;
    let second = app.next().await;
    assert_eq!(deal_id(&first.event), ("add".into(), id));
    assert_eq!(deal_id(&second.event), ("update".into(), id));
    assert_eq!(first.member_id, portal.member_id());
    app.nothing().await;

    // Unbound events stop; a webhook may not bind at all.
    call(
        &client,
        "event.unbind",
        json!({"event": "ONCRMDEALUPDATE", "handler": app.url}),
    )
    .await;
    call(
        &client,
        "crm.deal.update",
        json!({"id": id, "fields": {"TITLE": "x"}}),
    )
    .await;
    app.nothing().await;
    let hook = Client::webhook(portal.webhook_url()).unwrap();
    let err = hook
        .call_raw(
            "event.bind",
            json!({"event": "ONCRMDEALADD", "handler": app.url}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("WRONG_AUTH_TYPE"), "{err}");
}

#[tokio::test]
async fn forged_application_token_is_refused_and_never_reaches_the_app() {
    let portal = Portal::builder().seed(2).start().await.unwrap();
    let mut app = app(portal.oauth_app()).await;
    app.install_on(&portal).await;
    let forged = format!(
        "event=ONCRMDEALADD&event_handler_id=1&data%5BFIELDS%5D%5BID%5D=1&ts=1\
         &auth%5Bmember_id%5D={}&auth%5Bdomain%5D={}&auth%5Bapplication_token%5D={}",
        portal.member_id(),
        portal.addr(),
        "0".repeat(32),
    );
    let status = reqwest::Client::new()
        .post(&app.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(forged)
        .send()
        .await
        .unwrap()
        .status();
    assert!(status.is_client_error(), "{status}");
    app.nothing().await;
}

#[tokio::test]
async fn offline_events_are_fetched_once_and_cleared() {
    let portal = Portal::builder().seed(3).start().await.unwrap();
    let mut app = app(portal.oauth_app()).await;
    let client = app.install_on(&portal).await;
    let bind = json!({"event": "ONCRMDEALADD", "event_type": "offline"});
    assert_eq!(call(&client, "event.bind", bind).await, true);
    let a = call(&client, "crm.deal.add", json!({"fields": {"TITLE": "a"}})).await;
    let b = call(&client, "crm.deal.add", json!({"fields": {"TITLE": "b"}})).await;
    app.nothing().await; // offline: nothing is posted

    let got = call(&client, "event.offline.get", json!({})).await;
    let events = got["events"].as_array().unwrap();
    assert_eq!(events.len(), 2, "{got}");
    assert_eq!(events[0]["EVENT_NAME"], "ONCRMDEALADD");
    assert_eq!(events[0]["EVENT_DATA"]["FIELDS"]["ID"], a);
    assert_eq!(events[1]["EVENT_DATA"]["FIELDS"]["ID"], b);
    let again = call(&client, "event.offline.get", json!({})).await;
    assert_eq!(again["events"], json!([]), "{again}");

    // clear=0 reserves under a process_id until event.offline.clear.
    call(&client, "crm.deal.add", json!({"fields": {"TITLE": "c"}})).await;
    let held = call(&client, "event.offline.get", json!({"clear": 0})).await;
    let process = held["process_id"].as_str().unwrap().to_owned();
    assert_eq!(held["events"].as_array().unwrap().len(), 1);
    let none_free = call(&client, "event.offline.get", json!({"clear": 0})).await;
    assert_eq!(none_free["events"], json!([]));
    call(
        &client,
        "event.offline.clear",
        json!({"process_id": process}),
    )
    .await;
    assert_eq!(
        call(&client, "event.offline.list", json!({})).await,
        json!([])
    );
}

#[tokio::test]
async fn one_app_serves_two_portals_and_keeps_their_tokens_apart() {
    let a = Portal::builder().seed(10).start().await.unwrap();
    let b = Portal::builder().seed(11).start().await.unwrap();
    assert_ne!(a.member_id(), b.member_id());
    // One app process; both portals know it by the same client_id.
    let mut app = app(a.oauth_app()).await;
    let client_a = app.install_on(&a).await;
    let client_b = app.install_on(&b).await;
    assert_ne!(a.application_token(), b.application_token());
    for client in [&client_a, &client_b] {
        call(
            client,
            "event.bind",
            json!({"event": "ONCRMDEALADD", "handler": app.url}),
        )
        .await;
    }
    let id_b = call(&client_b, "crm.deal.add", json!({"fields": {"TITLE": "b"}})).await;
    let got = app.next().await;
    assert_eq!(got.member_id, b.member_id());
    assert_eq!(deal_id(&got.event).1, id_b.as_i64().unwrap());
    let id_a = call(&client_a, "crm.deal.add", json!({"fields": {"TITLE": "a"}})).await;
    let got = app.next().await;
    assert_eq!(got.member_id, a.member_id());
    assert_eq!(deal_id(&got.event).1, id_a.as_i64().unwrap());
    assert_eq!(a.records("crm.deal").len(), 1);
    assert_eq!(b.records("crm.deal").len(), 1);

    // An event of portal A claiming to be B's (A's token, B's member_id) does not verify.
    let crossed = format!(
        "event=ONCRMDEALADD&event_handler_id=1&data%5BFIELDS%5D%5BID%5D=1&ts=1\
         &auth%5Bmember_id%5D={}&auth%5Bdomain%5D={}&auth%5Bapplication_token%5D={}",
        b.member_id(),
        b.addr(),
        a.application_token(),
    );
    let status = reqwest::Client::new()
        .post(&app.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(crossed)
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status.as_u16(), 401);
    app.nothing().await;

    // Uninstalling A reaches the app (ONAPPUNINSTALL) and forgets A only.
    timeout(WAIT, a.uninstall_app()).await.unwrap().unwrap();
    let got = app.next().await;
    assert!(matches!(got.event, Event::OnAppUninstall(_)), "{got:?}");
    assert!(app.portals.get(&a.member_id()).unwrap().is_none());
    assert!(app.portals.get(&b.member_id()).unwrap().is_some());
    // A's tokens are revoked; B's client still works.
    let err = client_a
        .call_raw("crm.deal.list", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    call(&client_b, "crm.deal.list", json!({})).await;
}
