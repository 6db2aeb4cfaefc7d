//! The server's link to Kolada: the client, its own few turns (so that a slow Kolada
//! holds neither the async workers nor the turns of the server's other work), and a
//! memory of what was asked lately (so that no token holder can make the server ask
//! Kolada the same thing over and over).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Work that waits on Kolada at once, across the server: more is answered from the
/// cache alone.
pub(crate) const TURNS: usize = 2;

/// How long a search text asked of Kolada is not asked again.
pub(crate) const SEARCH_MEMORY: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a fetch that failed is not tried again for the same assessment version.
pub(crate) const FAILURE_MEMORY: Duration = Duration::from_secs(15 * 60);

/// The most things remembered; past it, the expired are forgotten, and then all.
const MEMORY_ENTRIES: usize = 10_000;

/// Kolada as the server reaches it.
#[derive(Debug)]
pub(crate) struct KoladaLink {
    /// The client (timeouts, one retry).
    pub(crate) client: hallbar_kolada::Client,
    /// Turns for work that waits on Kolada.
    pub(crate) turns: std::sync::Arc<tokio::sync::Semaphore>,
    /// What was asked lately, until when it is not asked again.
    asked: Mutex<HashMap<String, Instant>>,
}

impl KoladaLink {
    pub(crate) fn new(client: hallbar_kolada::Client) -> Self {
        Self {
            client,
            turns: std::sync::Arc::new(tokio::sync::Semaphore::new(TURNS)),
            asked: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `key` was asked within its time: if not, it is noted as asked now, for
    /// `memory`, and `false` is returned.
    pub(crate) fn asked_lately(&self, key: &str, memory: Duration) -> bool {
        let now = Instant::now();
        let mut asked = self
            .asked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if asked.get(key).is_some_and(|until| *until > now) {
            return true;
        }
        if asked.len() >= MEMORY_ENTRIES {
            asked.retain(|_, until| *until > now);
            if asked.len() >= MEMORY_ENTRIES {
                asked.clear();
            }
        }
        asked.insert(key.to_owned(), now + memory);
        false
    }

    /// Forgets `key`: what succeeded may be asked again when needed.
    pub(crate) fn forget(&self, key: &str) {
        self.asked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_was_asked_lately_is_not_asked_again_until_its_time_is_out() {
        let link = KoladaLink::new(
            hallbar_kolada::Client::new(hallbar_kolada::Config::default()).unwrap(),
        );
        assert!(!link.asked_lately("q:cykel", SEARCH_MEMORY));
        assert!(link.asked_lately("q:cykel", SEARCH_MEMORY));
        assert!(!link.asked_lately("q:buss", Duration::ZERO));
        assert!(
            !link.asked_lately("q:buss", Duration::ZERO),
            "expired at once"
        );
        link.forget("q:cykel");
        assert!(!link.asked_lately("q:cykel", SEARCH_MEMORY));
    }
}
