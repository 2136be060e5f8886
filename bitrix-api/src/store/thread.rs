//! A database connection owned by one thread. The synchronous bindings (rusqlite,
//! postgres) then serve both the synchronous [`PortalStore`](crate::events::PortalStore)
//! and the async refresh, from any runtime or none: a caller sends a job and waits for
//! its answer (blocking or awaiting); the connection never crosses threads.

use std::sync::mpsc;
use std::sync::Mutex;

use crate::events::StoreError;

type Job<C> = Box<dyn FnOnce(&mut C) + Send>;

/// The thread and the way to it.
pub(crate) struct DbThread<C> {
    jobs: Mutex<mpsc::Sender<Job<C>>>,
}

fn gone() -> StoreError {
    "the store's database thread has stopped".into()
}

impl<C: 'static> DbThread<C> {
    /// Starts the thread that owns `conn` from now on.
    pub(crate) fn spawn(name: &str, mut conn: C) -> Result<DbThread<C>, StoreError>
    where
        C: Send,
    {
        let (tx, rx) = mpsc::channel::<Job<C>>();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    job(&mut conn);
                }
            })?;
        Ok(DbThread {
            jobs: Mutex::new(tx),
        })
    }

    fn send(&self, job: Job<C>) -> Result<(), StoreError> {
        self.jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .send(job)
            .map_err(|_| gone())
    }

    /// Runs `f` on the connection and waits (blocking) for its answer.
    pub(crate) fn run<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut C) -> Result<R, StoreError> + Send + 'static,
    {
        let (tx, rx) = mpsc::sync_channel(1);
        self.send(Box::new(move |c| {
            let _ = tx.send(f(c));
        }))?;
        rx.recv().map_err(|_| gone())?
    }

    /// Runs `f` on the connection and awaits its answer.
    pub(crate) async fn run_async<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&mut C) -> Result<R, StoreError> + Send + 'static,
    {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.send(Box::new(move |c| {
            let _ = tx.send(f(c));
        }))?;
        rx.await.map_err(|_| gone())?
    }
}
