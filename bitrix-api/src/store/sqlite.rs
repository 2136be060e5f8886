//! [`SqliteStore`]: installations and tokens in an SQLite file (feature `sqlite`).

use std::path::Path;
use std::time::Duration;

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::record::{check_prefix, Row};
use super::sql::{self, Conn, Param, SqlStore};
use super::thread::DbThread;
use crate::events::StoreError;

/// Installations and their OAuth pairs in an SQLite file: the embedded default, no
/// server. Every worker process on the machine opens the same file; refreshes are
/// coordinated through it (see the [module docs](super)). Cheap to clone.
///
/// ```
/// use bitrix_api::events::{Installation, PortalStore};
/// use bitrix_api::store::SqliteStore;
///
/// # let dir = std::env::temp_dir().join(format!("doc-sqlite-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir).unwrap();
/// let store = SqliteStore::open(dir.join("app.db")).unwrap();
/// store.save(&Installation::new("m1", "https://p.bitrix24.com/rest/")).unwrap();
/// assert!(store.load("m1").unwrap().is_some());
/// ```
#[derive(Debug, Clone)]
pub struct SqliteStore {
    inner: SqlStore<Sqlite>,
}

impl SqliteStore {
    /// Opens (or creates) the database at `path` with tables named `bitrix_*`.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        SqliteStore::open_with_prefix(path, "bitrix_")
    }

    /// Opens the database with tables named `{prefix}portals`, `{prefix}schema_version`
    /// (ASCII letters, digits and `_`), creating or migrating them.
    pub fn open_with_prefix(
        path: impl AsRef<Path>,
        prefix: &str,
    ) -> Result<SqliteStore, StoreError> {
        check_prefix(prefix)?;
        let conn = Connection::open(path.as_ref())?;
        // Other processes write the same file: wait for their short transactions.
        conn.busy_timeout(Duration::from_secs(10))?;
        // Readers never block the writer; a commit is on disk when it returns.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let mut conn = Sqlite(conn);
        sql::migrate(&mut conn, prefix)?;
        let thread = DbThread::spawn("bitrix-sqlite", conn)?;
        Ok(SqliteStore {
            inner: SqlStore::new(thread, prefix),
        })
    }

    /// How long a refresh lease lasts (default [`DEFAULT_LEASE`](super::DEFAULT_LEASE)).
    pub fn lease(mut self, lease: Duration) -> SqliteStore {
        self.inner = self.inner.with_lease(lease);
        self
    }
}

super::sql::portal_store_via_inner!(SqliteStore);

/// The rusqlite connection, as a [`Conn`].
pub(crate) struct Sqlite(Connection);

fn values(params: &[Param]) -> Vec<SqlValue> {
    params
        .iter()
        .map(|p| match p {
            Param::Text(Some(s)) => SqlValue::Text(s.clone()),
            Param::Int(Some(n)) => SqlValue::Integer(*n),
            Param::Text(None) | Param::Int(None) => SqlValue::Null,
        })
        .collect()
}

/// SQLite numbers its parameters `?1`, `?2`…
fn dialect(sql: &str) -> String {
    sql.replace('$', "?")
}

impl Conn for Sqlite {
    fn execute(&mut self, sql: &str, params: &[Param]) -> Result<u64, StoreError> {
        let n = self
            .0
            .execute(&dialect(sql), params_from_iter(values(params)))?;
        Ok(n as u64)
    }

    fn rows(&mut self, sql: &str, params: &[Param]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.0.prepare_cached(&dialect(sql))?;
        let rows = stmt.query_map(params_from_iter(values(params)), |r| {
            Ok(Row {
                member_id: r.get(0)?,
                domain: r.get(1)?,
                client_endpoint: r.get(2)?,
                server_endpoint: r.get(3)?,
                application_token: r.get(4)?,
                access_token: r.get(5)?,
                refresh_token: r.get(6)?,
                expires: r.get(7)?,
                expires_in: r.get(8)?,
                scope: r.get(9)?,
                user_id: r.get(10)?,
                version: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn int(&mut self, sql: &str, params: &[Param]) -> Result<Option<i64>, StoreError> {
        let mut stmt = self.0.prepare_cached(&dialect(sql))?;
        let mut rows = stmt.query(params_from_iter(values(params)))?;
        match rows.next()? {
            Some(r) => Ok(r.get::<_, Option<i64>>(0)?),
            None => Ok(None),
        }
    }

    fn begin_exclusive(&mut self) -> Result<(), StoreError> {
        self.0.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }
}
