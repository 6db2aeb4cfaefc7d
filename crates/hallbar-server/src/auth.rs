//! Who is calling: an API token (`Authorization: Bearer`), or a session of the web
//! interface (an HttpOnly cookie the token was exchanged for); and the check that keeps
//! other sites from acting with a caseworker's session (CSRF).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hallbar_store::{Principal, Role, SESSION_LIFETIME};
use serde::Deserialize;
use serde_json::json;

use crate::AppState;
use crate::problem::Problem;

/// The cookie that holds a session id.
pub(crate) const SESSION_COOKIE: &str = "hallbar_session";

type Result<T> = std::result::Result<T, Problem>;

/// How long a token or session lookup is reused by default: a revoked token or an ended
/// session stops working on every instance within this time (on the instance that ends
/// a session, at once).
pub(crate) const CREDENTIAL_CACHE: Duration = Duration::from_secs(5);

/// The most lookups kept. When it is reached, lookups older than the cache time go; if
/// all are recent, the cache starts afresh.
const CACHED_AT_MOST: usize = 10_000;

/// What a cache entry is keyed by: the kind of credential and the SHA-256 digest of it,
/// never the credential itself.
type Key = (u8, [u8; 32]);

/// Token and session lookups of the last [`CREDENTIAL_CACHE`]: every request looks up
/// its caller, and most callers make many requests in a row. Only credentials of the
/// right shape are looked up and kept, each as 32 bytes of digest and the principal it
/// names: at most [`CACHED_AT_MOST`] good ones and as many bad ones, apart, so that a
/// flood of made-up tokens can evict only other made-up tokens.
#[derive(Debug)]
pub(crate) struct Credentials {
    good: Mutex<Lookups>,
    bad: Mutex<Lookups>,
    ttl: Duration,
}

/// Lookups by digest, with when each was made.
type Lookups = HashMap<Key, (Option<Principal>, Instant)>;

impl Credentials {
    pub(crate) fn new(ttl: Duration) -> Self {
        Self {
            good: Mutex::new(HashMap::new()),
            bad: Mutex::new(HashMap::new()),
            ttl,
        }
    }

    /// The lookup of `key` if it is recent: `Some(None)` for a known bad credential.
    fn cached(&self, key: &Key) -> Option<Option<Principal>> {
        if self.ttl.is_zero() {
            return None;
        }
        for table in [&self.good, &self.bad] {
            let mut seen = table.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((found, at)) = seen.get(key) {
                if at.elapsed() < self.ttl {
                    return Some(found.clone());
                }
                seen.remove(key);
            }
        }
        None
    }

    /// Keeps a lookup. A full table first drops what is older than the cache time (at
    /// most once per insertion of a full table's worth, so O(1) amortised), and starts
    /// afresh if all of it is recent.
    fn remember(&self, key: Key, found: Option<Principal>) {
        if self.ttl.is_zero() {
            return;
        }
        let table = if found.is_some() {
            &self.good
        } else {
            &self.bad
        };
        let mut seen = table.lock().unwrap_or_else(PoisonError::into_inner);
        if seen.len() >= CACHED_AT_MOST {
            seen.retain(|_, (_, at)| at.elapsed() < self.ttl);
            if seen.len() >= CACHED_AT_MOST / 2 {
                seen.clear();
            }
        }
        seen.insert(key, (found, Instant::now()));
    }

    fn forget(&self, key: &Key) {
        for table in [&self.good, &self.bad] {
            table
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        [&self.good, &self.bad]
            .iter()
            .map(|t| t.lock().unwrap_or_else(PoisonError::into_inner).len())
            .sum()
    }
}

const TOKEN: u8 = 0;
const SESSION: u8 = 1;

/// The caller: the bearer token when there is one, otherwise the session cookie. A
/// credential that does not have the shape of one is refused without a lookup, and
/// is not remembered.
pub(crate) async fn principal(state: &AppState, headers: &HeaderMap) -> Result<Principal> {
    let (key, token, session) = match (bearer(headers), session_id(headers)) {
        (Some(token), _) if hallbar_store::is_token(token) => (
            (TOKEN, hallbar_store::fingerprint(token)),
            Some(token),
            None,
        ),
        (None, Some(id)) if hallbar_store::is_session_id(id) => {
            ((SESSION, hallbar_store::fingerprint(id)), None, Some(id))
        }
        _ => return Err(Problem::unauthenticated()),
    };
    if let Some(found) = state.credentials.cached(&key) {
        return found.ok_or_else(Problem::unauthenticated);
    }
    let found = match (token, session) {
        (Some(token), _) => state.db(|db| db.authenticate(token)).await?,
        (None, Some(id)) => state.db(|db| db.session(id)).await?,
        (None, None) => None,
    };
    state.credentials.remember(key, found.clone());
    found.ok_or_else(Problem::unauthenticated)
}

pub(crate) fn require(p: &Principal, allowed: fn(Role) -> bool, needed: &str) -> Result<()> {
    if allowed(p.role) {
        Ok(())
    } else {
        Err(Problem::forbidden(needed))
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The session id of the request's cookie, if it has one.
fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == SESSION_COOKIE).then_some(value)
        })
}

/// Authenticates a request that brings a body before the body is read: an
/// unauthenticated client cannot make the server buffer a megabyte it will refuse.
/// Sign-in (which brings the token in its body) is the one exception.
pub(crate) async fn authenticated_first(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let has_body = matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH);
    let path = req.uri().path();
    if has_body && path.starts_with("/v1/") && path != "/v1/session" {
        if let Err(problem) = principal(&state, req.headers()).await {
            return problem.into_response();
        }
    }
    next.run(req).await
}

/// Refuses a state-changing request that another site may have made on a caseworker's
/// behalf: one whose `Origin` is not this server's, and one that relies on the session
/// cookie without saying where it comes from. Requests with a bearer token cannot be
/// forged by a page (a browser does not add the header cross-site) and pass.
pub(crate) async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let headers = req.headers();
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        let forged = match origin {
            Some(origin) => !is_own_origin(origin, headers),
            None => bearer(headers).is_none() && session_id(headers).is_some(),
        };
        if forged {
            return Problem::new(
                StatusCode::FORBIDDEN,
                "cross-origin",
                "Cross-origin request refused",
                "a state-changing request must come from this server's own pages (Origin) or carry an API token",
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// Whether `origin` (`scheme://host[:port]`) is this server as the browser sees it: the
/// same host and port as the request's `Host`, and the same scheme — `https` when a
/// proxy in front says so (`X-Forwarded-Proto`), `http` otherwise. A default port
/// (80, 443) may be written or left out.
fn is_own_origin(origin: &str, headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let scheme = if is_https(headers) { "https" } else { "http" };
    let default_port = if scheme == "https" { "443" } else { "80" };
    let with_port = |h: &str| -> String {
        let h = h.to_ascii_lowercase();
        // `[::1]:8080`, `host:8080`: a port after the last colon that ends the host.
        let has_port = h.rsplit_once(':').is_some_and(|(name, port)| {
            !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !name.ends_with(':')
        }) && !h.ends_with(']');
        if has_port {
            h
        } else {
            format!("{h}:{default_port}")
        }
    };
    let Some(origin_host) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix("://"))
    else {
        return false;
    };
    !host.is_empty() && !origin_host.contains('/') && with_port(origin_host) == with_port(host)
}

/// Whether a proxy in front says the request came over HTTPS (the first of chained
/// proxies' values, `https, http`, is the client's).
fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// A sign-in: the API token to exchange for a session.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    token: String,
}

/// Who the caller is, and what their organisation's new assessments start from.
fn whoami(state: &AppState, p: &Principal) -> serde_json::Value {
    json!({
        "organisation": p.organisation,
        "role": p.role.as_str(),
        "label": p.label,
        "defaults": state.organisations.defaults(&p.organisation),
    })
}

/// `POST /v1/session`: exchanges an API token for a session cookie (HttpOnly,
/// SameSite=Strict; Secure behind a proxy that says the request came over HTTPS).
pub(crate) async fn sign_in(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let text = crate::body::json_body(&headers, &body)?;
    let sign_in: SignIn = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Json)
        .map_err(|d| Problem::invalid(&[d], &text))?;
    let token = sign_in.token.trim();
    // Only a token of the shape hallbar issues is looked up (the writer is not taken
    // for a guess).
    let created = if hallbar_store::is_token(token) {
        state.db(|db| db.create_session(token)).await?
    } else {
        None
    };
    let Some((id, principal)) = created else {
        return Err(Problem::new(
            StatusCode::UNAUTHORIZED,
            "bad-token",
            "Sign-in failed",
            "the token is not valid or has been revoked",
        ));
    };
    let secure = is_https(&headers);
    let cookie = format!(
        "{SESSION_COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        SESSION_LIFETIME.as_secs(),
        if secure { "; Secure" } else { "" }
    );
    let mut response = axum::Json(whoami(&state, &principal)).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /v1/session`: who the caller is.
pub(crate) async fn current(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response> {
    let p = principal(&state, &headers).await?;
    Ok(axum::Json(whoami(&state, &p)).into_response())
}

/// `DELETE /v1/session`: signs out, ending the session and clearing the cookie.
pub(crate) async fn sign_out(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> Result<Response> {
    if let Some(id) = session_id(&headers).filter(|id| hallbar_store::is_session_id(id)) {
        state.db(|db| db.end_session(id)).await?;
        state
            .credentials
            .forget(&(SESSION, hallbar_store::fingerprint(id)));
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("hallbar_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_credential_cache_holds_digests_and_stays_bounded() {
        let cache = Credentials::new(Duration::from_millis(400));
        for i in 0..CACHED_AT_MOST + 10 {
            cache.remember((TOKEN, hallbar_store::fingerprint(&i.to_string())), None);
        }
        assert!(cache.len() <= CACHED_AT_MOST, "{}", cache.len());
        let key = (TOKEN, hallbar_store::fingerprint("x"));
        cache.remember(key, None);
        assert_eq!(cache.cached(&key), Some(None));
        std::thread::sleep(Duration::from_millis(450));
        assert_eq!(cache.cached(&key), None, "an old lookup is not reused");
        // Reaching the bound again drops what is old rather than what is recent.
        let recent = (SESSION, hallbar_store::fingerprint("recent"));
        for i in 0..CACHED_AT_MOST {
            cache.remember((TOKEN, hallbar_store::fingerprint(&format!("b{i}"))), None);
            if i == CACHED_AT_MOST / 2 {
                std::thread::sleep(Duration::from_millis(450));
                cache.remember(recent, None);
            }
        }
        assert!(cache.len() <= CACHED_AT_MOST);
        assert_eq!(cache.cached(&recent), Some(None));
        // A flood of made-up tokens evicts only made-up tokens.
        let caller = Principal {
            token_id: 1,
            role: Role::Lasare,
            organisation: "R".to_owned(),
            label: "l".to_owned(),
        };
        let known = (TOKEN, hallbar_store::fingerprint("known"));
        cache.remember(known, Some(caller.clone()));
        for i in 0..3 * CACHED_AT_MOST {
            cache.remember((TOKEN, hallbar_store::fingerprint(&format!("f{i}"))), None);
        }
        assert_eq!(cache.cached(&known), Some(Some(caller)));
        assert!(cache.len() <= 2 * CACHED_AT_MOST);
    }

    #[test]
    fn the_session_cookie_is_found_among_others() {
        let h = headers(&[
            (header::COOKIE, "theme=dark; hallbar_session=hs_abc"),
            (header::COOKIE, "other=1"),
        ]);
        assert_eq!(session_id(&h), Some("hs_abc"));
        assert_eq!(
            session_id(&headers(&[(header::COOKIE, "x_hallbar_session=1")])),
            None
        );
    }

    #[test]
    fn only_this_host_is_its_own_origin() {
        let h = headers(&[(header::HOST, "127.0.0.1:8080")]);
        assert!(is_own_origin("http://127.0.0.1:8080", &h));
        assert!(
            !is_own_origin("https://127.0.0.1:8080", &h),
            "the scheme counts"
        );
        let proxied = headers(&[
            (header::HOST, "hallbar.region.se"),
            (
                header::HeaderName::from_static("x-forwarded-proto"),
                "https",
            ),
        ]);
        assert!(is_own_origin("https://hallbar.region.se", &proxied));
        assert!(is_own_origin("https://HALLBAR.region.se:443", &proxied));
        assert!(!is_own_origin("http://hallbar.region.se", &proxied));
        assert!(!is_own_origin("https://hallbar.region.se:8443", &proxied));
        assert!(!is_own_origin(
            "https://hallbar.region.se.evil.example",
            &proxied
        ));
        let v6 = headers(&[(header::HOST, "[::1]:8080")]);
        assert!(is_own_origin("http://[::1]:8080", &v6));
        assert!(!is_own_origin("http://[::1]", &v6));
        assert!(!is_own_origin("http://127.0.0.1:8081", &h));
        assert!(!is_own_origin("http://evil.example", &h));
        assert!(!is_own_origin("null", &h));
        assert!(!is_own_origin("http://127.0.0.1:8080", &HeaderMap::new()));
    }
}
