//! An app installed on many portals, run as several workers: the README's "Running an app
//! in production" example, line for line (`tests/tests/readme.rs` holds them equal).
//!
//! `cargo run -p bitrix-api --example production_app --features axum,sqlite,redis` installs
//! the app on the embedded emulator, with its portals in a SQLite file and its rate limit in
//! Redis on 127.0.0.1:6379 (without Redis, each worker keeps 1/4 of the plan locally).

use bitrix_api::events::{axum::router, Incoming, Installations, RawEvent};
use bitrix_api::limit::{Plan, RedisLimits};
use bitrix_api::store::SqliteStore;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    // A local portal that knows this app; for a real one: OAuthApp::new("app.12345", "secret").
    let portal = bitrix_emulator::Portal::start().await?;
    let db = std::env::temp_dir().join(format!("portals-{}.db", std::process::id()));
    let store = SqliteStore::open(&db)?; // or PostgresStore::connect("host=db user=app dbname=app")?
    let redis = RedisLimits::new("redis://127.0.0.1:6379/")?.workers(4);
    let portals = Installations::new(portal.oauth_app(), store)
        .client_settings(|b| b.allow_insecure_http(true)) // the local portal speaks http
        .limiter_per_portal(move |member_id| redis.limiter(member_id, Plan::Others.into()));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming<RawEvent>>(1024);
    let app = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?; // yours: 0.0.0.0:443
    let url = format!("http://{}/bitrix", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });

    // ONAPPINSTALL: the portal's row is in the database before the portal gets its answer.
    portal.install_app(&url).await?;
    if let Some(Incoming { member_id, event }) = rx.recv().await {
        let client = portals.client(&member_id)?; // any worker, after any restart
        let handlers = client.call_raw("event.get", serde_json::json!({})).await?;
        println!("{member_id}: {} ({handlers} bound)", event.event);
    }
    std::fs::remove_file(&db)?;
    Ok(())
}
