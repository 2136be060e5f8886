//! Installations and tokens on real storage, shared by every worker process of an app.
//!
//! `SqliteStore` (feature `sqlite`: a file, no server) and `PostgresStore` (feature
//! `postgres`) keep one row per portal, keyed by `member_id`: its addresses, application
//! token and OAuth pair, a `version` that every write of the pair raises, and a refresh
//! lease. They create and migrate their table themselves. Give one to
//! [`Installations::new`](crate::events::Installations::new) and every portal's client
//! refreshes through it.
//!
//! **Refresh across processes** is a compare-and-swap on the token version with a lease
//! ([`SharedTokens`]): a worker whose access token expired *claims* the row. If the stored
//! access token is no longer the one it used, another worker already refreshed: it takes
//! those tokens and spends nothing. If another worker holds a live lease, it waits and
//! claims again. Otherwise it gets the lease (a deadline, [`DEFAULT_LEASE`]) and the
//! stored refresh token, exchanges it at the OAuth server and *commits* the new pair with
//! `version = version + 1 … WHERE version = <claimed>` in the statement right after the
//! answer. So a portal gets at most one refresh per expiry, however many workers see the
//! expiry at once, and the ones that lose use the winner's tokens.
//!
//! **Crashes.** A worker that dies before the OAuth answer leaves a lease that expires; the
//! next claim refreshes with the stored token, which was never spent. A worker that dies in
//! the one statement between the answer and the commit cannot be helped by any store: the
//! OAuth server has rotated the refresh token and the new one died with the process. The
//! store then still holds a consistent row (old pair, old version); the next refresh is
//! refused with `invalid_grant` and the portal needs its tokens again (the next install
//! callback or `ONAPPINSTALL` brings them). Keeping that window to one statement is all a
//! client can do.
//!
//! **Database unreachable.** No refresh starts without a claim: refreshing without the
//! lease could spend a token another worker is spending, and a new pair that cannot be
//! stored is lost for every other worker. Calls go on with the access token in memory
//! while it lives; once it has expired they fail with [`Error::TokenRefresh`] (retryable)
//! until the database answers. A commit that fails after a successful exchange is retried
//! for [`COMMIT_PATIENCE`] (the new pair exists only in this process), and the pair is
//! used in memory meanwhile.

use std::future::Future;
use std::time::Duration;

use crate::events::StoreError;
use crate::{BoxFuture, Error, Secret, Tokens};

#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod record;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod sql;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
mod thread;

#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

#[cfg(feature = "postgres")]
pub use self::postgres::PostgresStore;
#[cfg(feature = "sqlite")]
pub use self::sqlite::SqliteStore;

/// How long a refresh lease lasts when the worker holding it says nothing more: longer
/// than an OAuth exchange takes, short enough that a crashed worker blocks its portal's
/// refresh only briefly.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(15);

/// How long a worker keeps trying to store a pair it got from the OAuth server.
pub const COMMIT_PATIENCE: Duration = Duration::from_secs(60);

/// How long a refresh waits for another worker's lease before giving up.
const WAIT_FOR_OTHERS: Duration = Duration::from_secs(45);

/// The answer to a claim (see the [module docs](self)).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Claim {
    /// The stored pair is newer than the one that expired: use it, refresh nothing.
    Newer(Tokens),
    /// The lease is yours until it ends: refresh `tokens` and commit at `version`.
    Granted {
        /// The token version the commit must find.
        version: i64,
        /// The stored pair (its refresh token is the live one).
        tokens: Tokens,
    },
    /// Another worker holds the lease; claim again after this long.
    Busy(Duration),
}

/// One portal's pair in a store shared by processes: the compare-and-swap that makes a
/// refresh happen once. A [`TokenStore`](crate::TokenStore) that has one returns it from
/// [`TokenStore::shared`](crate::TokenStore::shared), and the client then refreshes only
/// through it.
pub trait SharedTokens: Send + Sync + 'static {
    /// Asks to refresh the pair whose access token `expired` was refused.
    fn claim<'a>(&'a self, expired: &'a Secret) -> BoxFuture<'a, Result<Claim, StoreError>>;
    /// Stores `fresh` if the version is still `version` (and ends the lease); `false`
    /// when the row changed meanwhile (a re-install), which leaves it as it is.
    fn commit<'a>(
        &'a self,
        version: i64,
        fresh: &'a Tokens,
    ) -> BoxFuture<'a, Result<bool, StoreError>>;
    /// Ends a lease without a new pair (the exchange failed).
    fn release(&self, version: i64) -> BoxFuture<'_, Result<(), StoreError>>;
}

fn unreachable_store(e: StoreError) -> Error {
    Error::TokenRefresh {
        source: Box::new(Error::Config(format!(
            "the token store cannot be reached, so no refresh is started: {e}"
        ))),
    }
}

/// The whole refresh of one portal's pair through `shared` (see the module docs);
/// `exchange` asks the OAuth server for a new pair.
pub(crate) async fn refresh<F, Fut>(
    shared: &dyn SharedTokens,
    old: &Tokens,
    exchange: F,
) -> Result<Tokens, Error>
where
    F: Fn(Tokens) -> Fut,
    Fut: Future<Output = Result<Tokens, Error>>,
{
    let give_up = tokio::time::Instant::now() + WAIT_FOR_OTHERS;
    let mut refused_once = false;
    loop {
        let claim = shared
            .claim(&old.access_token)
            .await
            .map_err(unreachable_store)?;
        let (version, stored) = match claim {
            Claim::Newer(tokens) => {
                tracing::debug!("another worker refreshed the tokens; using them");
                return Ok(tokens);
            }
            Claim::Busy(wait) => {
                if tokio::time::Instant::now() >= give_up {
                    return Err(Error::TokenRefresh {
                        source: Box::new(Error::Config(
                            "another worker's token refresh did not finish in time".into(),
                        )),
                    });
                }
                tokio::time::sleep(
                    wait.clamp(Duration::from_millis(5), Duration::from_millis(250)),
                )
                .await;
                continue;
            }
            Claim::Granted { version, tokens } => (version, tokens),
        };
        let fresh = match exchange(stored).await {
            Ok(fresh) => fresh,
            Err(e) => {
                if let Err(r) = shared.release(version).await {
                    tracing::warn!(error = %r, "releasing the refresh lease failed; it will expire");
                }
                // Spent by a worker whose lease had run out: the store may hold its pair now.
                if e.code() == Some("invalid_grant") && !refused_once {
                    refused_once = true;
                    continue;
                }
                return Err(Error::TokenRefresh {
                    source: Box::new(e),
                });
            }
        };
        commit(shared, version, &fresh).await;
        return Ok(fresh);
    }
}

/// Stores a new pair, retrying while the store is down: it exists nowhere else.
async fn commit(shared: &dyn SharedTokens, version: i64, fresh: &Tokens) {
    let give_up = tokio::time::Instant::now() + COMMIT_PATIENCE;
    let mut pause = Duration::from_millis(50);
    loop {
        match shared.commit(version, fresh).await {
            Ok(true) => return,
            Ok(false) => {
                tracing::warn!("the portal's row changed during the refresh (re-installed?); the new pair is used in memory");
                return;
            }
            Err(e) if tokio::time::Instant::now() < give_up => {
                tracing::warn!(error = %e, "storing refreshed tokens failed; retrying");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(5));
            }
            Err(e) => {
                tracing::error!(error = %e, "storing refreshed tokens failed; they live only in this process now");
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// A store whose answers are scripted; counts commits.
    struct Scripted {
        claims: Mutex<Vec<Result<Claim, StoreError>>>,
        commits_failing: AtomicUsize,
        commits: AtomicUsize,
    }

    impl SharedTokens for Scripted {
        fn claim<'a>(&'a self, _: &'a Secret) -> BoxFuture<'a, Result<Claim, StoreError>> {
            let next = self.claims.lock().unwrap().remove(0);
            Box::pin(async move { next })
        }
        fn commit<'a>(&'a self, _: i64, _: &'a Tokens) -> BoxFuture<'a, Result<bool, StoreError>> {
            self.commits.fetch_add(1, Ordering::SeqCst);
            let fail = self
                .commits_failing
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            Box::pin(async move {
                if fail {
                    Err("connection refused".into())
                } else {
                    Ok(true)
                }
            })
        }
        fn release(&self, _: i64) -> BoxFuture<'_, Result<(), StoreError>> {
            Box::pin(async { Ok(()) })
        }
    }

    fn scripted(claims: Vec<Result<Claim, StoreError>>, commits_failing: usize) -> Scripted {
        Scripted {
            claims: Mutex::new(claims),
            commits_failing: AtomicUsize::new(commits_failing),
            commits: AtomicUsize::new(0),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_unreachable_store_starts_no_refresh() {
        let store = scripted(vec![Err("connection refused".into())], 0);
        let exchanged = AtomicUsize::new(0);
        let got = refresh(&store, &Tokens::new("a", "r"), |t| {
            exchanged.fetch_add(1, Ordering::SeqCst);
            async move { Ok(t) }
        })
        .await;
        assert!(matches!(got, Err(Error::TokenRefresh { .. })));
        assert_eq!(exchanged.load(Ordering::SeqCst), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn the_loser_takes_the_winners_pair_after_waiting() {
        let store = scripted(
            vec![
                Ok(Claim::Busy(Duration::from_millis(100))),
                Ok(Claim::Newer(Tokens::new("a2", "r2"))),
            ],
            0,
        );
        let got = refresh(&store, &Tokens::new("a", "r"), |_| async {
            Err(Error::Config("must not exchange".into()))
        })
        .await
        .unwrap();
        assert_eq!(got.access_token.expose(), "a2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_pair_is_committed_once_the_store_is_back() {
        let granted = Claim::Granted {
            version: 3,
            tokens: Tokens::new("a", "r"),
        };
        let store = scripted(vec![Ok(granted)], 2);
        let got = refresh(&store, &Tokens::new("a", "r"), |_| async {
            Ok(Tokens::new("a2", "r2"))
        })
        .await
        .unwrap();
        assert_eq!(got.refresh_token.expose(), "r2");
        assert_eq!(store.commits.load(Ordering::SeqCst), 3);
    }
}
