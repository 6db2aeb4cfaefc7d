//! How the client reaches the network: one GET, its status, `Retry-After` and body. The
//! [`Http`] transport is ureq with rustls; tests give their own.

use std::io::Read as _;
use std::time::Duration;

/// An answer: its status, how long the server asked to wait (`Retry-After`, in
/// seconds), and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// `Retry-After`, when given in seconds.
    pub retry_after: Option<Duration>,
    /// The body, as text.
    pub body: String,
}

/// A request that got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer in time.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection failed or was cut.
    #[error("{0}")]
    Connection(String),
    /// The answer was larger than allowed.
    #[error("the answer is larger than {0} bytes")]
    TooLarge(u64),
    /// The answer is not UTF-8.
    #[error("the answer is not UTF-8: {0}")]
    NotText(String),
}

/// One GET.
pub trait Transport: Send + Sync {
    /// Gets `url`.
    ///
    /// # Errors
    /// When no whole answer arrives.
    fn get(&self, url: &str) -> Result<Reply, TransportError>;
}

/// HTTP(S) with ureq and rustls: a whole request within `timeout`, bodies up to
/// `max_body` bytes.
#[derive(Debug, Clone)]
pub struct Http {
    agent: ureq::Agent,
    timeout: Duration,
    max_body: u64,
}

impl Http {
    /// A transport whose requests each end within `timeout` and whose answers hold at
    /// most `max_body` bytes.
    pub fn new(timeout: Duration, max_body: u64) -> Self {
        // No redirects: a 3xx is an answer like any other, so that the client never goes
        // to a host it was not given.
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!("hallbar/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        Self {
            agent,
            timeout,
            max_body,
        }
    }
}

impl Transport for Http {
    fn get(&self, url: &str) -> Result<Reply, TransportError> {
        let mut response = self.agent.get(url).call().map_err(|e| self.error(e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let mut bytes = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(self.max_body + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.io(&e))?;
        if bytes.len() as u64 > self.max_body {
            return Err(TransportError::TooLarge(self.max_body));
        }
        let body = String::from_utf8(bytes).map_err(|e| TransportError::NotText(e.to_string()))?;
        Ok(Reply {
            status,
            retry_after,
            body,
        })
    }
}

impl Http {
    fn error(&self, e: ureq::Error) -> TransportError {
        match e {
            ureq::Error::Timeout(_) => TransportError::Timeout(self.timeout),
            ureq::Error::Io(io) => self.io(&io),
            other => TransportError::Connection(other.to_string()),
        }
    }

    fn io(&self, e: &std::io::Error) -> TransportError {
        if matches!(
            e.kind(),
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
        ) {
            TransportError::Timeout(self.timeout)
        } else {
            TransportError::Connection(e.to_string())
        }
    }
}
