//! Errors as `application/problem+json` (RFC 9457), naming the offending place.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hallbar_core::syntax::Diagnostic;
use serde::Serialize;

/// One problem of a request body: where and what.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    /// JSON pointer into the request body.
    pub pointer: String,
    /// Line, from 1, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Column, from 1, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What kind of problem, the same in every language (`unknown_field`, `maximum`, …),
    /// when the document breaks its schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

/// A problem details object.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// This occurrence, in words.
    pub detail: String,
    /// For invalid documents: every problem with its place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Place>,
}

/// The longest pointer or message of a problem, in characters: a key or value of a
/// hostile document is not repeated whole in the answer.
const MAX_PLACE_CHARS: usize = 500;

/// `text`, cut at [`MAX_PLACE_CHARS`] characters (with `…`).
fn clipped(text: &str) -> String {
    hallbar_core::syntax::clip(text, MAX_PLACE_CHARS)
}

impl Problem {
    /// A problem with `status`, a short `title` and a `detail`.
    pub fn new(status: StatusCode, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self {
            kind: format!("urn:hallbar:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// 422: a document with problems, every one with its place in `source`.
    pub fn invalid(diagnostics: &[Diagnostic], source: &str) -> Self {
        let errors: Vec<Place> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let lc = d.line_col(source);
                Place {
                    pointer: clipped(&d.pointer),
                    line: lc.map(|l| l.line),
                    column: lc.map(|l| l.column),
                    message: clipped(&d.message),
                    help: d.help.as_deref().map(clipped),
                    code: d.code,
                }
            })
            .collect();
        let first = errors.first().map_or_else(String::new, |e| {
            format!(
                "{} at {}",
                e.message,
                if e.pointer.is_empty() {
                    "/"
                } else {
                    &e.pointer
                }
            )
        });
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-document",
            "The document is not valid",
            format!("{} problem(s); the first: {first}", errors.len()),
        );
        p.errors = errors;
        p
    }

    /// 401.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Authentication required",
            "send a valid API token as `Authorization: Bearer <token>`",
        )
    }

    /// 403.
    pub fn forbidden(needed: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "Not allowed for this role",
            format!("this needs the role {needed}"),
        )
    }

    /// 404.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            what.to_owned(),
        )
    }

    /// 500, without internals.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "the server could not complete the request; see its log",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<hallbar_store::StoreError> for Problem {
    fn from(e: hallbar_store::StoreError) -> Self {
        use hallbar_store::StoreError as E;
        match e {
            E::NotFound(id) => Self::not_found(&format!("no assessment of insats `{id}`")),
            E::NoWorkshop(id) => Self::not_found(&format!("no workshop `{id}`")),
            E::AlreadyExists(_) | E::WorkshopExists(_) => Self::new(
                StatusCode::CONFLICT,
                "already-exists",
                "Already exists",
                e.to_string(),
            ),
            E::Conflict { .. } => Self::new(
                StatusCode::PRECONDITION_FAILED,
                "version-conflict",
                "It has changed since it was read",
                e.to_string(),
            ),
            E::IdChanged { .. } | E::Invalid(_) => Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-document",
                "The document is not valid",
                e.to_string(),
            ),
            E::Unavailable(_) => {
                tracing::error!(error = %e, "database");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "The database is unavailable",
                    "the request was not carried out; try again shortly",
                )
            }
            E::Database(ref inner) if e.is_connection() => {
                tracing::error!(error = %inner, "database");
                Self::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "The database is busy",
                    "the request was not carried out; try again shortly",
                )
            }
            other => {
                tracing::error!(error = %other, "internal");
                Self::internal()
            }
        }
    }
}
