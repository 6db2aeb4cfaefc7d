//! Reading a request's body: JSON, as UTF-8 text for hallbar's own reader.

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};

use crate::problem::Problem;

/// The body as text, when it is sent as `application/json` (415 otherwise) and is UTF-8
/// (400 otherwise).
pub(crate) fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<String, Problem> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media != "application/json" {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            format!("send `Content-Type: application/json`, not `{content_type}`"),
        ));
    }
    String::from_utf8(body.to_vec()).map_err(|e| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "not-utf8",
            "Body is not UTF-8",
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })
}
