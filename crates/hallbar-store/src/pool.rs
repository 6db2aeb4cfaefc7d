//! A small pool of connections: at most `max` open, each used by one caller at a time;
//! one that failed is dropped instead of returned, so the next caller opens a fresh one
//! (a database that restarted is reconnected to without restarting hallbar).

use std::sync::{Condvar, Mutex, PoisonError};

use crate::StoreError;

type Open<C> = Box<dyn Fn() -> Result<C, StoreError> + Send + Sync>;

pub(crate) struct Pool<C> {
    state: Mutex<State<C>>,
    freed: Condvar,
    open: Open<C>,
    max: usize,
}

struct State<C> {
    idle: Vec<C>,
    /// Connections open, idle or in use.
    open: usize,
}

impl<C> std::fmt::Debug for Pool<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("max", &self.max)
            .finish_non_exhaustive()
    }
}

impl<C> Pool<C> {
    pub(crate) fn new(max: usize, open: Open<C>) -> Self {
        Self {
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
            open,
            max: max.max(1),
        }
    }

    /// Runs `f` with a connection, waiting while all `max` are in use.
    pub(crate) fn with<T>(
        &self,
        f: impl FnOnce(&mut C) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.take()?;
        let result = f(&mut conn);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if result.as_ref().is_err_and(StoreError::is_connection) {
            state.open -= 1;
        } else {
            state.idle.push(conn);
        }
        drop(state);
        self.freed.notify_one();
        result
    }

    fn take(&self) -> Result<C, StoreError> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(conn);
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return (self.open)().inspect_err(|_| {
                    let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                    state.open -= 1;
                    self.freed.notify_one();
                });
            }
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[test]
    fn at_most_max_connections_and_failed_ones_are_replaced() {
        let opened = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&opened);
        let pool = Arc::new(Pool::new(
            2,
            Box::new(move || Ok(counter.fetch_add(1, Ordering::SeqCst))),
        ));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let pool = Arc::clone(&pool);
                std::thread::spawn(move || {
                    for _ in 0..50 {
                        pool.with(|_| Ok(())).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert!(opened.load(Ordering::SeqCst) <= 2);
        // One connection: a failed one is dropped and replaced on the next use.
        let opened = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&opened);
        let pool = Pool::new(
            1,
            Box::new(move || Ok(counter.fetch_add(1, Ordering::SeqCst))),
        );
        pool.with(|_| Ok(())).unwrap();
        let lost = pool.with(|_| -> Result<(), _> { Err(StoreError::Unavailable("gone".into())) });
        assert!(lost.is_err());
        assert_eq!(opened.load(Ordering::SeqCst), 1);
        pool.with(|c| {
            assert_eq!(*c, 1, "a new connection");
            Ok(())
        })
        .unwrap();
        pool.with(|c| {
            assert_eq!(*c, 1, "reused");
            Ok(())
        })
        .unwrap();
        // A request error (not of the connection) keeps the connection.
        let _ = pool.with(|_| -> Result<(), _> { Err(StoreError::NotFound("x".into())) });
        pool.with(|c| {
            assert_eq!(*c, 1);
            Ok(())
        })
        .unwrap();
    }
}
