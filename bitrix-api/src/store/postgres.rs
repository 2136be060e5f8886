//! [`PostgresStore`]: installations and tokens in PostgreSQL (feature `postgres`).

use std::time::Duration;

use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};

use super::record::{check_prefix, Row};
use super::sql::{self, Conn, Param, SqlStore};
use super::thread::DbThread;
use crate::events::StoreError;

/// Installations and their OAuth pairs in PostgreSQL, shared by workers on any number of
/// machines; refreshes are coordinated through the row (see the [module docs](super)).
/// One connection, owned by the store's thread, reopened after an outage. Cheap to clone.
///
/// ```no_run
/// use bitrix_api::store::PostgresStore;
///
/// let store = PostgresStore::connect("host=127.0.0.1 user=postgres dbname=app").unwrap();
/// # let _ = store;
/// ```
#[derive(Debug, Clone)]
pub struct PostgresStore {
    inner: SqlStore<Postgres>,
}

impl PostgresStore {
    /// Connects with a libpq-style string (`host=… user=… dbname=… password=…`, no TLS:
    /// keep the database on a private network) and creates or migrates tables `bitrix_*`.
    pub fn connect(params: &str) -> Result<PostgresStore, StoreError> {
        PostgresStore::connect_with_prefix(params, "bitrix_")
    }

    /// As [`PostgresStore::connect`], with tables named `{prefix}portals` and
    /// `{prefix}schema_version` (ASCII letters, digits and `_`).
    pub fn connect_with_prefix(params: &str, prefix: &str) -> Result<PostgresStore, StoreError> {
        check_prefix(prefix)?;
        let mut config: Config = params.parse()?;
        if config.get_connect_timeout().is_none() {
            // An unreachable database is an error soon, not a hung refresh.
            config.connect_timeout(Duration::from_secs(3));
        }
        // Connected and migrated on the store's own thread: the synchronous client runs
        // its own runtime, which must not start inside the caller's.
        let conn = Postgres {
            config,
            client: None,
        };
        let thread = DbThread::spawn("bitrix-postgres", conn)?;
        let prefix_owned = prefix.to_owned();
        thread.run(move |c| sql::migrate(c, &prefix_owned))?;
        Ok(PostgresStore {
            inner: SqlStore::new(thread, prefix),
        })
    }

    /// How long a refresh lease lasts (default [`DEFAULT_LEASE`](super::DEFAULT_LEASE)).
    pub fn lease(mut self, lease: Duration) -> PostgresStore {
        self.inner = self.inner.with_lease(lease);
        self
    }
}

super::sql::portal_store_via_inner!(PostgresStore);

/// The connection settings and, while it lives, the connection.
pub(crate) struct Postgres {
    config: Config,
    client: Option<Client>,
}

impl Postgres {
    /// The connection, reopened if it was lost.
    fn client(&mut self) -> Result<&mut Client, StoreError> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = Some(self.config.connect(NoTls)?);
        }
        self.client
            .as_mut()
            .ok_or_else(|| StoreError::from("no PostgreSQL connection"))
    }

    /// Runs `f`; a failed connection is dropped so the next statement reconnects.
    fn with<R>(
        &mut self,
        f: impl FnOnce(&mut Client) -> Result<R, postgres::Error>,
    ) -> Result<R, StoreError> {
        let out = f(self.client()?);
        if let Err(e) = &out {
            if e.is_closed() || self.client.as_ref().is_some_and(Client::is_closed) {
                self.client = None;
            }
        }
        Ok(out?)
    }
}

fn values(params: &[Param]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                Param::Text(s) => Box::new(s.clone()),
                Param::Int(n) => Box::new(*n),
            }
        })
        .collect()
}

fn refs(values: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|b| &**b).collect()
}

impl Conn for Postgres {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError> {
        let v = values(params);
        self.with(|c| {
            if v.is_empty() {
                // Several statements or none with parameters (BEGIN, COMMIT, DDL).
                c.batch_execute(sql).map(|()| 0)
            } else {
                c.execute(sql, &refs(&v))
            }
        })
    }

    fn rows(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, StoreError> {
        let v = values(params);
        let rows = self.with(|c| c.query(sql, &refs(&v)))?;
        rows.iter()
            .map(|r| {
                Ok(Row {
                    member_id: r.try_get(0)?,
                    domain: r.try_get(1)?,
                    client_endpoint: r.try_get(2)?,
                    server_endpoint: r.try_get(3)?,
                    application_token: r.try_get(4)?,
                    access_token: r.try_get(5)?,
                    refresh_token: r.try_get(6)?,
                    expires: r.try_get(7)?,
                    expires_in: r.try_get(8)?,
                    scope: r.try_get(9)?,
                    user_id: r.try_get(10)?,
                    version: r.try_get(11)?,
                })
            })
            .collect()
    }

    fn int(&mut self, sql: &str, params: &[Param]) -> Result<Option<i64>, StoreError> {
        let v = values(params);
        let rows = self.with(|c| c.query(sql, &refs(&v)))?;
        match rows.first() {
            Some(r) => Ok(r.try_get::<_, Option<i64>>(0)?),
            None => Ok(None),
        }
    }

    fn begin_exclusive(&mut self) -> Result<(), StoreError> {
        // Workers starting together migrate one at a time.
        self.execute("BEGIN; SELECT pg_advisory_xact_lock(72417001)", &[])
            .map(drop)
    }
}
