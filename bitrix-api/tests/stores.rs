//! Installations and tokens on real databases, with workers racing to refresh: SQLite
//! (a temp file, runs by default with `--all-features`) and PostgreSQL (needs the server
//! on 127.0.0.1:5432, ignored by default). Each "worker" is an `Installations` with its own
//! store handle (its own connection), as separate processes have.

#![cfg(any(feature = "sqlite", feature = "postgres"))]

use std::time::{Duration, Instant};

use bitrix_api::events::{Installation, Installations, PortalStore};
use bitrix_api::{Limits, Secret};
use bitrix_emulator::Portal;
use serde_json::json;

async fn portal() -> Portal {
    Portal::builder()
        .limits(Limits::off())
        .start()
        .await
        .unwrap()
}

fn installation(portal: &Portal) -> Installation {
    let mut inst = Installation::new(portal.member_id(), portal.rest_url());
    inst.server_endpoint = Some(format!("{}rest/", portal.base_url()));
    inst.application_token = Some(Secret::new("app-token"));
    inst.tokens = Some(portal.issue_tokens(&["crm"]));
    inst
}

/// Install, re-install in place, uninstall.
fn installs_update_in_place_and_uninstall_removes(store: &dyn PortalStore) {
    let mut a = Installation::new("m-1", "https://a.bitrix24.com/rest/");
    a.application_token = Some(Secret::new("tok-1"));
    a.tokens = Some(bitrix_api::Tokens::new("access-1", "refresh-1"));
    store.save(&a).unwrap();
    let mut again = Installation::new("m-1", "https://a.bitrix24.com/rest/");
    again.tokens = Some(bitrix_api::Tokens::new("access-2", "refresh-2"));
    store.save(&again).unwrap();
    let got = store.load("m-1").unwrap().unwrap();
    let t = got.tokens.unwrap();
    assert_eq!(
        (t.access_token.expose(), t.refresh_token.expose()),
        ("access-2", "refresh-2")
    );
    // A re-install without a token keeps the stored one.
    assert_eq!(got.application_token.unwrap().expose(), "tok-1");
    assert!(store.load("m-2").unwrap().is_none());
    store.remove("m-1").unwrap();
    assert!(store.load("m-1").unwrap().is_none());
}

/// `workers` clients of one portal see its tokens expire together, three times over: the
/// portal refreshes once per expiry and every call succeeds.
async fn one_refresh_per_expiry<S: PortalStore + Clone>(workers: Vec<S>) {
    let portal = portal().await;
    let member = portal.member_id();
    workers[0].save(&installation(&portal)).unwrap();
    let apps: Vec<Installations> = workers
        .into_iter()
        .map(|s| Installations::new(portal.oauth_app(), s))
        .collect();
    for round in 1..=3u64 {
        portal.expire_access_tokens();
        let calls = apps.iter().flat_map(|w| {
            (0..8).map(|_| {
                let client = w.client(&member).unwrap();
                async move { client.call_raw("crm.lead.contact.fields", json!({})).await }
            })
        });
        for r in futures_util::future::join_all(calls).await {
            r.unwrap();
        }
        assert_eq!(portal.refresh_count(), round, "round {round}");
        assert_eq!(portal.refused_refreshes(), 0);
    }
}

/// A worker that took the lease and died before the OAuth answer holds the portal only
/// until its lease ends; then another refreshes with the token that was never spent.
async fn a_crashed_lease_expires<S: PortalStore + Clone>(dead: S, alive: S, lease: Duration) {
    let portal = portal().await;
    let member = portal.member_id();
    let inst = installation(&portal);
    let access = inst.tokens.clone().unwrap().access_token;
    dead.save(&inst).unwrap();
    {
        let tokens = dead.token_store(&member).unwrap();
        let claim = tokens.shared().unwrap().claim(&access).await.unwrap();
        assert!(
            matches!(claim, bitrix_api::store::Claim::Granted { .. }),
            "{claim:?}"
        );
        // ...and the worker is gone.
    }
    portal.expire_access_tokens();
    let started = Instant::now();
    let client = Installations::new(portal.oauth_app(), alive)
        .client(&member)
        .unwrap();
    client
        .call_raw("crm.lead.contact.fields", json!({}))
        .await
        .unwrap();
    assert!(started.elapsed() >= lease / 2, "{:?}", started.elapsed());
    assert_eq!((portal.refresh_count(), portal.refused_refreshes()), (1, 0));
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use super::*;
    use bitrix_api::store::SqliteStore;

    fn file(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("bitrix-stores-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.db"));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
        path
    }

    #[test]
    fn sqlite_installs_update_in_place_and_uninstall_removes() {
        let path = file("installs");
        installs_update_in_place_and_uninstall_removes(&SqliteStore::open(&path).unwrap());
        // Opening again migrates nothing and finds the same (empty) table.
        assert!(SqliteStore::open(&path)
            .unwrap()
            .load("m-1")
            .unwrap()
            .is_none());
        assert!(SqliteStore::open_with_prefix(&path, "x; DROP TABLE y").is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_workers_refresh_once_per_expiry() {
        let path = file("race");
        let workers = (0..4).map(|_| SqliteStore::open(&path).unwrap()).collect();
        one_refresh_per_expiry(workers).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite_crashed_lease_expires() {
        let path = file("crash");
        let lease = Duration::from_millis(400);
        let dead = SqliteStore::open(&path).unwrap().lease(lease);
        let alive = SqliteStore::open(&path).unwrap().lease(lease);
        a_crashed_lease_expires(dead, alive, lease).await;
    }

    #[test]
    fn sqlite_store_debug_shows_no_secret() {
        let store = SqliteStore::open(file("debug")).unwrap();
        let mut a = Installation::new("m-1", "https://a.bitrix24.com/rest/");
        a.tokens = Some(bitrix_api::Tokens::new("access-secret", "refresh-secret"));
        store.save(&a).unwrap();
        let text = format!("{store:?} {:?}", store.load("m-1").unwrap());
        assert!(
            !text.contains("access-secret") && !text.contains("refresh-secret"),
            "{text}"
        );
    }
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use bitrix_api::store::PostgresStore;

    const DB: &str = "host=127.0.0.1 port=5432 user=postgres dbname=test";

    /// A store on tables of its own (rows of earlier runs belong to other portals).
    fn fresh(prefix: &str) -> PostgresStore {
        PostgresStore::connect_with_prefix(DB, prefix).unwrap()
    }

    #[test]
    #[ignore = "needs postgres and redis on 127.0.0.1"]
    fn postgres_installs_update_in_place_and_uninstall_removes() {
        let store = fresh("t_installs_");
        store.remove("m-1").unwrap();
        installs_update_in_place_and_uninstall_removes(&store);
        assert!(PostgresStore::connect_with_prefix(DB, "t_installs_").is_ok());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "needs postgres and redis on 127.0.0.1"]
    async fn postgres_workers_refresh_once_per_expiry() {
        let workers = (0..4).map(|_| fresh("t_race_")).collect();
        one_refresh_per_expiry(workers).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    #[ignore = "needs postgres and redis on 127.0.0.1"]
    async fn postgres_crashed_lease_expires() {
        let lease = Duration::from_millis(400);
        let dead = fresh("t_crash_").lease(lease);
        let alive = fresh("t_crash_").lease(lease);
        a_crashed_lease_expires(dead, alive, lease).await;
    }

    #[test]
    #[ignore = "needs postgres and redis on 127.0.0.1"]
    fn postgres_unreachable_is_an_error() {
        let err =
            PostgresStore::connect("host=127.0.0.1 port=1 user=postgres dbname=test").unwrap_err();
        assert!(!err.to_string().is_empty());
    }
}
