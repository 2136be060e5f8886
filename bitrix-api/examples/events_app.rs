//! An app that receives typed, verified events, end to end on the embedded emulator: the
//! README's Events example, line for line (`tests/tests/readme.rs` holds them equal).
//!
//! `cargo run -p bitrix-api --example events_app --features axum,crm-deal`

use bitrix_api::events::{axum::router, Incoming, Installations};
use bitrix_api::methods::events::Event;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local portal that knows this app; for a real one: OAuthApp::new("app.12345", "secret").
    let portal = bitrix_emulator::Portal::start().await?;
    let portals = Installations::in_memory(portal.oauth_app())
        .client_settings(|b| b.allow_insecure_http(true)); // the local portal speaks http
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming<Event>>(1024);
    let app = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?; // yours: 0.0.0.0:443
    let url = format!("http://{}/bitrix", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // The portal posts ONAPPINSTALL to /bitrix/install; `portals` keeps the tokens.
    portal.install_app(&url).await?;
    while let Some(Incoming { member_id, event }) = rx.recv().await {
        let client = portals.client(&member_id)?;
        match event {
            Event::OnAppInstall(_) => {
                client
                    .call_raw(
                        "event.bind",
                        json!({"event": "ONCRMDEALADD", "handler": url}),
                    )
                    .await?;
                client
                    .call_raw(
                        "crm.deal.add",
                        json!({"fields": {"TITLE": "From the README"}}),
                    )
                    .await?;
            }
            Event::OnCrmDealAdd(added) => {
                // `FIELDS` is the same `records::Deal` as crm.deal.get answers (only `ID` set).
                println!("{member_id}: deal {:?} added", added.data.fields.id);
                break; // a real app keeps serving
            }
            _ => {}
        }
    }
    Ok(())
}
