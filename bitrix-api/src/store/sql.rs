//! The statements both databases run, and the store built on them. A driver
//! (`sqlite.rs`, `postgres.rs`) only says how to run a statement ([`Conn`]); every
//! decision about rows, versions and leases is made here, once.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::record::{self, Pair, Row, COLUMNS};
use super::thread::DbThread;
use super::{Claim, SharedTokens};
use crate::events::{Installation, PortalStore, StoreError};
use crate::{BoxFuture, Secret, TokenStore, Tokens};

/// A statement parameter.
#[derive(Clone)]
pub(crate) enum Param {
    Text(Option<String>),
    Int(Option<i64>),
}

/// What a driver must do. Statements use `$1`, `$2`… (SQLite reads them as `?1`, `?2`).
pub(crate) trait Conn: Send + 'static {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError>;
    /// Runs a query whose columns are [`COLUMNS`].
    fn rows(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, StoreError>;
    /// The one integer a query answers, if any row.
    fn int(&mut self, sql: &str, params: &[Param]) -> Result<Option<i64>, StoreError>;
    /// Starts a transaction that no other process can run alongside (for migrations).
    fn begin_exclusive(&mut self) -> Result<(), StoreError>;
}

/// The schema, one step per version; a store applies the steps its table has not seen.
/// `{p}` is the table prefix.
const MIGRATIONS: &[&str] = &["CREATE TABLE {p}portals (
        member_id TEXT PRIMARY KEY,
        domain TEXT,
        client_endpoint TEXT NOT NULL,
        server_endpoint TEXT,
        application_token TEXT,
        access_token TEXT,
        refresh_token TEXT,
        expires BIGINT,
        expires_in BIGINT,
        scope TEXT,
        user_id BIGINT,
        version BIGINT NOT NULL DEFAULT 0,
        lease_until BIGINT,
        updated_at BIGINT NOT NULL
    )"];

/// Creates or migrates the tables of `prefix`.
pub(crate) fn migrate(conn: &mut dyn Conn, prefix: &str) -> Result<(), StoreError> {
    let t = |sql: &str| sql.replace("{p}", prefix);
    conn.begin_exclusive()?;
    let applied = (|| {
        conn.execute(
            &t("CREATE TABLE IF NOT EXISTS {p}schema_version (version BIGINT NOT NULL)"),
            &[],
        )?;
        let have = conn.int(&t("SELECT MAX(version) FROM {p}schema_version"), &[])?;
        let have = usize::try_from(have.unwrap_or(0)).unwrap_or(0);
        for (i, step) in MIGRATIONS.iter().enumerate().skip(have) {
            conn.execute(&t(step), &[])?;
            let version = i64::try_from(i + 1).unwrap_or(i64::MAX);
            conn.execute(
                &t("INSERT INTO {p}schema_version (version) VALUES ($1)"),
                &[Param::Int(Some(version))],
            )?;
        }
        Ok::<(), StoreError>(())
    })();
    match applied {
        Ok(()) => conn.execute("COMMIT", &[]).map(drop),
        Err(e) => {
            let _ = conn.execute("ROLLBACK", &[]);
            Err(e)
        }
    }
}

/// A store on one connection owned by its thread; cheap to clone.
pub(crate) struct SqlStore<C> {
    db: Arc<DbThread<C>>,
    prefix: Arc<str>,
    lease: Duration,
}

impl<C> Clone for SqlStore<C> {
    fn clone(&self) -> Self {
        SqlStore {
            db: Arc::clone(&self.db),
            prefix: Arc::clone(&self.prefix),
            lease: self.lease,
        }
    }
}

impl<C> fmt::Debug for SqlStore<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqlStore")
            .field("prefix", &self.prefix)
            .field("lease", &self.lease)
            .finish()
    }
}

fn text(s: &Option<String>) -> Param {
    Param::Text(s.clone())
}

impl<C: Conn> SqlStore<C> {
    pub(crate) fn new(db: DbThread<C>, prefix: &str) -> SqlStore<C> {
        SqlStore {
            db: Arc::new(db),
            prefix: prefix.into(),
            lease: super::DEFAULT_LEASE,
        }
    }

    pub(crate) fn with_lease(mut self, lease: Duration) -> SqlStore<C> {
        self.lease = lease;
        self
    }

    fn sql(&self, template: &str) -> String {
        template.replace("{p}", &self.prefix)
    }

    /// A handle on one portal's pair: what its client refreshes through.
    pub(crate) fn tokens_of(&self, member_id: &str) -> PortalTokens<C> {
        PortalTokens {
            store: self.clone(),
            member_id: member_id.into(),
        }
    }

    /// The row of `member_id` and, if its lease is live, when it ends.
    async fn claim(&self, member_id: &str, expired: &Secret) -> Result<Claim, StoreError> {
        let grab = self.sql(&format!(
            "UPDATE {{p}}portals SET lease_until = $1 \
             WHERE member_id = $2 AND access_token = $3 AND (lease_until IS NULL OR lease_until <= $4) \
             RETURNING {COLUMNS}"
        ));
        let look = self.sql(&format!(
            "SELECT {COLUMNS} FROM {{p}}portals WHERE member_id = $1"
        ));
        let lease_until = self.sql("SELECT lease_until FROM {p}portals WHERE member_id = $1");
        let (member, expired, lease) = (member_id.to_owned(), expired.clone(), self.lease);
        self.db
            .run_async(move |c| {
                let now = record::now_ms();
                let params = [
                    Param::Int(Some(now.saturating_add(record::ms(lease)))),
                    Param::Text(Some(member.clone())),
                    Param::Text(Some(expired.expose().to_owned())),
                    Param::Int(Some(now)),
                ];
                if let Some(row) = c.rows(&grab, &params)?.into_iter().next() {
                    return match row.tokens() {
                        Some(tokens) => Ok(Claim::Granted {
                            version: row.version,
                            tokens,
                        }),
                        None => Err("the portal has no stored tokens".into()),
                    };
                }
                let Some(row) = c.rows(&look, &[Param::Text(Some(member.clone()))])?.pop() else {
                    return Err(format!("the app is not installed on portal {member}").into());
                };
                if !record::same_token(row.access_token.as_deref(), &expired) {
                    return row
                        .tokens()
                        .map(Claim::Newer)
                        .ok_or_else(|| "the portal has no stored tokens".into());
                }
                let until = c.int(&lease_until, &[Param::Text(Some(member))])?;
                let left = until.unwrap_or(now).saturating_sub(now).max(1);
                Ok(Claim::Busy(Duration::from_millis(
                    u64::try_from(left).unwrap_or(1),
                )))
            })
            .await
    }

    async fn commit(
        &self,
        member_id: &str,
        version: i64,
        fresh: &Tokens,
    ) -> Result<bool, StoreError> {
        let sql = self.sql(
            "UPDATE {p}portals SET access_token = $1, refresh_token = $2, expires = $3, \
             expires_in = $4, version = version + 1, lease_until = NULL, updated_at = $5 \
             WHERE member_id = $6 AND version = $7",
        );
        let pair = Pair::of(fresh);
        let member = member_id.to_owned();
        self.db
            .run_async(move |c| {
                let mut params = pair_params(pair, member);
                params.push(Param::Int(Some(version)));
                let n = c.execute(&sql, &params)?;
                Ok(n == 1)
            })
            .await
    }

    async fn release(&self, member_id: &str, version: i64) -> Result<(), StoreError> {
        let sql = self
            .sql("UPDATE {p}portals SET lease_until = NULL WHERE member_id = $1 AND version = $2");
        let member = member_id.to_owned();
        self.db
            .run_async(move |c| {
                c.execute(
                    &sql,
                    &[Param::Text(Some(member)), Param::Int(Some(version))],
                )
                .map(drop)
            })
            .await
    }
}

impl<C: Conn> PortalStore for SqlStore<C> {
    /// Inserts the portal, or updates its row in place (a re-install): a record without
    /// tokens or without an address keeps the stored ones, and the token version rises.
    fn save(&self, installation: &Installation) -> Result<(), StoreError> {
        let sql = self.sql(
            "INSERT INTO {p}portals (member_id, domain, client_endpoint, server_endpoint, \
             application_token, access_token, refresh_token, expires, expires_in, scope, \
             user_id, version, lease_until, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, NULL, $12) \
             ON CONFLICT (member_id) DO UPDATE SET \
             domain = COALESCE(excluded.domain, {p}portals.domain), \
             client_endpoint = excluded.client_endpoint, \
             server_endpoint = COALESCE(excluded.server_endpoint, {p}portals.server_endpoint), \
             application_token = COALESCE(excluded.application_token, {p}portals.application_token), \
             access_token = COALESCE(excluded.access_token, {p}portals.access_token), \
             refresh_token = CASE WHEN excluded.access_token IS NULL THEN {p}portals.refresh_token ELSE excluded.refresh_token END, \
             expires = CASE WHEN excluded.access_token IS NULL THEN {p}portals.expires ELSE excluded.expires END, \
             expires_in = CASE WHEN excluded.access_token IS NULL THEN {p}portals.expires_in ELSE excluded.expires_in END, \
             scope = COALESCE(excluded.scope, {p}portals.scope), \
             user_id = COALESCE(excluded.user_id, {p}portals.user_id), \
             version = {p}portals.version + 1, lease_until = NULL, updated_at = excluded.updated_at",
        );
        let r = Row::from_installation(installation);
        self.db.run(move |c| {
            c.execute(
                &sql,
                &[
                    Param::Text(Some(r.member_id.clone())),
                    text(&r.domain),
                    Param::Text(Some(r.client_endpoint.clone())),
                    text(&r.server_endpoint),
                    text(&r.application_token),
                    text(&r.access_token),
                    text(&r.refresh_token),
                    Param::Int(r.expires),
                    Param::Int(r.expires_in),
                    text(&r.scope),
                    Param::Int(r.user_id),
                    Param::Int(Some(record::now_ms())),
                ],
            )
            .map(drop)
        })
    }

    fn load(&self, member_id: &str) -> Result<Option<Installation>, StoreError> {
        let sql = self.sql(&format!(
            "SELECT {COLUMNS} FROM {{p}}portals WHERE member_id = $1"
        ));
        let member = member_id.to_owned();
        self.db.run(move |c| {
            Ok(c.rows(&sql, &[Param::Text(Some(member))])?
                .first()
                .map(Row::installation))
        })
    }

    /// Deletes the row, secrets and all.
    fn remove(&self, member_id: &str) -> Result<(), StoreError> {
        let sql = self.sql("DELETE FROM {p}portals WHERE member_id = $1");
        let member = member_id.to_owned();
        self.db
            .run(move |c| c.execute(&sql, &[Param::Text(Some(member))]).map(drop))
    }

    fn token_store(&self, member_id: &str) -> Option<Box<dyn TokenStore>> {
        Some(Box::new(self.tokens_of(member_id)))
    }
}

/// `impl PortalStore` for a public store that wraps an [`SqlStore`] as `inner`.
macro_rules! portal_store_via_inner {
    ($store:ty) => {
        impl $crate::events::PortalStore for $store {
            fn save(
                &self,
                installation: &$crate::events::Installation,
            ) -> Result<(), $crate::events::StoreError> {
                self.inner.save(installation)
            }
            fn load(
                &self,
                member_id: &str,
            ) -> Result<Option<$crate::events::Installation>, $crate::events::StoreError> {
                self.inner.load(member_id)
            }
            fn remove(&self, member_id: &str) -> Result<(), $crate::events::StoreError> {
                self.inner.remove(member_id)
            }
            fn token_store(&self, member_id: &str) -> Option<Box<dyn $crate::TokenStore>> {
                self.inner.token_store(member_id)
            }
        }
    };
}
pub(crate) use portal_store_via_inner;

/// `$1`–`$6` of a statement that writes a pair: access and refresh token, `expires`,
/// `expires_in`, `updated_at` (now), and the portal's `member_id`.
fn pair_params(pair: Pair, member_id: String) -> Vec<Param> {
    vec![
        Param::Text(Some(pair.access)),
        Param::Text(Some(pair.refresh)),
        Param::Int(pair.expires),
        Param::Int(pair.expires_in),
        Param::Int(Some(record::now_ms())),
        Param::Text(Some(member_id)),
    ]
}

/// One portal's pair in an [`SqlStore`].
pub(crate) struct PortalTokens<C> {
    store: SqlStore<C>,
    member_id: String,
}

impl<C: Conn> TokenStore for PortalTokens<C> {
    /// Writes the pair unconditionally (the client refreshes through [`SharedTokens`]
    /// instead, so this runs only when a caller saves by hand).
    fn save(&self, tokens: &Tokens) -> Result<(), StoreError> {
        let sql = self.store.sql(
            "UPDATE {p}portals SET access_token = $1, refresh_token = $2, expires = $3, \
             expires_in = $4, version = version + 1, updated_at = $5 WHERE member_id = $6",
        );
        let pair = Pair::of(tokens);
        let member = self.member_id.clone();
        self.store
            .db
            .run(move |c| c.execute(&sql, &pair_params(pair, member)).map(drop))
    }

    fn shared(&self) -> Option<&dyn SharedTokens> {
        Some(self)
    }
}

impl<C: Conn> SharedTokens for PortalTokens<C> {
    fn claim<'a>(&'a self, expired: &'a Secret) -> BoxFuture<'a, Result<Claim, StoreError>> {
        Box::pin(self.store.claim(&self.member_id, expired))
    }

    fn commit<'a>(
        &'a self,
        version: i64,
        fresh: &'a Tokens,
    ) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(self.store.commit(&self.member_id, version, fresh))
    }

    fn release(&self, version: i64) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(self.store.release(&self.member_id, version))
    }
}
