//! The web interface for caseworkers and workshops: static files embedded in the binary
//! (plain ES modules, no build step), served at `/` and `/ui/…`, and the security
//! headers every response carries.
//!
//! The pages run no inline script: the Content-Security-Policy allows scripts, styles
//! and connections from this server only, and the pages put every text from a document
//! into the page as text, never as markup.

use axum::extract::{Path, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// The policy of the interface's own pages.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The policy of a rendered report (a decision basis, a portfolio report): its own
/// inline style and figures, no script, shown in a frame of the interface.
pub(crate) const REPORT_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/// The policy of everything else (JSON): nothing to load, never framed.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// One embedded file: its name under `/ui/`, media type and contents.
struct Asset {
    name: &'static str,
    media: &'static str,
    body: &'static str,
}

macro_rules! assets {
    ($($name:literal => $media:expr),* $(,)?) => {
        &[$(Asset { name: $name, media: $media, body: include_str!(concat!("../ui/", $name)) }),*]
    };
}

const JS: &str = "text/javascript; charset=utf-8";

static ASSETS: &[Asset] = assets![
    "index.html" => "text/html; charset=utf-8",
    "app.css" => "text/css; charset=utf-8",
    "app.js" => JS,
    "session.js" => JS,
    "drafts.js" => JS,
    "api.js" => JS,
    "dom.js" => JS,
    "i18n.js" => JS,
    "list.js" => JS,
    "editor.js" => JS,
    "steps.js" => JS,
    "sections.js" => JS,
    "findings.js" => JS,
    "vocab.js" => JS,
    "fields.js" => JS,
    "kolada.js" => JS,
    "versions.js" => JS,
    "report.js" => JS,
    "workshop.js" => JS,
    "portfolio.js" => JS,
    "rules.js" => JS,
    "matrix.js" => JS,
];

fn asset(name: &str) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, a.media),
                (header::CACHE_CONTROL, "no-cache"),
                (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
            ],
            a.body,
        )
            .into_response(),
        None => {
            Problem::not_found(&format!("no file `{name}` in the web interface")).into_response()
        }
    }
}

/// `GET /`: the interface's page.
pub(crate) async fn index() -> Response {
    asset("index.html")
}

/// `GET /ui/{file}`: its scripts and style.
pub(crate) async fn file(Path(name): Path<String>) -> Response {
    asset(&name)
}

/// Headers every response carries: a Content-Security-Policy (the API's when the
/// handler set none), no MIME sniffing, no referrer; and on the API's answers
/// (`/v1/…`) `Cache-Control: no-store`.
pub(crate) async fn security_headers(req: Request, next: Next) -> Response {
    // What the API answers is an organisation's own (or a session): never kept by a
    // browser's or a proxy's cache.
    let private = req.uri().path().starts_with("/v1/");
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(API_POLICY),
        );
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_module_an_embedded_file_imports_is_embedded() {
        for a in ASSETS.iter().filter(|a| a.media == JS) {
            for line in a.body.lines() {
                let Some(from) = line.split(" from \"./").nth(1) else {
                    continue;
                };
                let imported = from.split('"').next().unwrap_or_default();
                assert!(
                    ASSETS.iter().any(|b| b.name == imported),
                    "{} imports {imported}, which is not embedded",
                    a.name
                );
            }
        }
    }

    #[test]
    fn no_page_holds_inline_script() {
        let page = ASSETS.iter().find(|a| a.name == "index.html").unwrap();
        assert!(!page.body.contains("<script>"));
        for a in ASSETS {
            // Handlers as attributes (`onclick="…"`) are inline script too.
            let attribute = a.body.split(" on").skip(1).any(|rest| {
                let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
                !name.is_empty() && rest[name.len()..].starts_with('=')
            });
            assert!(!attribute, "{} has an inline event handler", a.name);
        }
    }
}
