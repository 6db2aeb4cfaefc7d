//! Structured logs: one JSON object per line on standard error.

use std::time::{SystemTime, UNIX_EPOCH};

fn line(level: &str, fields: serde_json::Value) {
    let ts = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let mut obj = serde_json::json!({ "ts": ts, "level": level });
    if let (Some(o), serde_json::Value::Object(f)) = (obj.as_object_mut(), fields) {
        o.extend(f);
    }
    eprintln!("{obj}");
}

/// An informational event.
pub fn info(message: &str, fields: serde_json::Value) {
    let mut fields = fields;
    if let Some(o) = fields.as_object_mut() {
        o.insert("msg".into(), message.into());
    }
    line("info", fields);
}

/// An error (never with request bodies or tokens).
pub fn error(message: &str) {
    line("error", serde_json::json!({ "msg": message }));
}
