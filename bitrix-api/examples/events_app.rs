//! An app that receives typed, verified events: the README's Events example.
//!
//! `cargo run -p bitrix-api --example events_app --features axum,crm-deal` listens on
//! 127.0.0.1:8080; register `/bitrix/install` as the install URL and `/bitrix` as the
//! `event.bind` handler.

use bitrix_api::events::{axum::router, Incoming, Installations};
use bitrix_api::methods::events::Event;
use bitrix_api::OAuthApp;

#[tokio::main]
async fn main() {
    let portals = Installations::in_memory(OAuthApp::new("app.12345", "client-secret"));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming<Event>>(1024);
    let app = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
    tokio::spawn(async move {
        while let Some(Incoming { member_id, event }) = rx.recv().await {
            if let Event::OnCrmDealAdd(added) = event {
                let client = portals.client(&member_id).expect("installed portal");
                println!("{member_id}: deal {} added", added.data.fields.id);
                let _ = client; // call the portal back: client.crm_deal_get(added.data.fields.id)…
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080")
        .await
        .unwrap();
    axum::serve(listener, app).await.unwrap();
}
