//! An app installed on many portals, run as several workers: the README's "Running an app
//! in production" example.
//!
//! `cargo run -p bitrix-api --example production_app --features axum,sqlite,redis` listens
//! on 127.0.0.1:8080 (Redis on 127.0.0.1:6379); register `/bitrix/install` as the install
//! URL and `/bitrix` as the `event.bind` handler. Start as many copies as you like on one
//! machine (SQLite) or on many (PostgreSQL).

use bitrix_api::events::{axum::router, Incoming, Installations, RawEvent};
use bitrix_api::limit::{Plan, RedisLimits};
use bitrix_api::store::SqliteStore;
use bitrix_api::OAuthApp;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let store = SqliteStore::open("portals.db")?; // or PostgresStore::connect("host=db user=app dbname=app")?
    let redis = RedisLimits::new("redis://127.0.0.1:6379/")?.workers(4);
    let portals = Installations::new(OAuthApp::new("app.12345", "client-secret"), store)
        .limiter_per_portal(move |member_id| redis.limiter(member_id, Plan::Others.into()));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Incoming<RawEvent>>(1024);
    let app = axum::Router::new().nest("/bitrix", router(portals.clone(), tx));
    tokio::spawn(async move {
        while let Some(Incoming { member_id, event }) = rx.recv().await {
            let Ok(client) = portals.client(&member_id) else {
                continue;
            };
            let answer = client.call_raw("profile", serde_json::json!({})).await;
            println!("{member_id}: {} (profile: {})", event.event, answer.is_ok());
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
