//! What the HTTP suites share: a server in this process on a free port, on SQLite or
//! (with `HALLBAR_TEST_POSTGRES`) PostgreSQL, and a minimal HTTP/1.1 client.

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of tests: a failure should fail the test; not every suite uses each"
)]

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use hallbar_server::{AppState, Config};
use hallbar_store::Role;
use serde_json::Value;

pub struct Server {
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    _runtime: tokio::runtime::Runtime,
    pub db: String,
}

/// A fresh, empty database for the test `name`: an SQLite file, or a PostgreSQL database.
pub fn fresh_db(name: &str) -> String {
    if let Ok(server) = std::env::var("HALLBAR_TEST_POSTGRES") {
        let db = format!(
            "hallbar_http_{}_{}",
            std::process::id(),
            name.replace('-', "_")
        );
        let mut admin =
            postgres::Client::connect(&format!("{server}/postgres"), postgres::NoTls).unwrap();
        // One statement per message: neither may run inside a transaction block.
        admin
            .simple_query(&format!("DROP DATABASE IF EXISTS {db}"))
            .unwrap();
        admin
            .simple_query(&format!("CREATE DATABASE {db}"))
            .unwrap();
        return format!("{server}/{db}");
    }
    let dir = std::env::temp_dir().join(format!("hallbar-http-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("hallbar.db").to_str().unwrap().to_owned()
}

pub fn start(name: &str, max_body_bytes: usize) -> Server {
    start_on(fresh_db(name), max_body_bytes)
}

pub fn start_on(db: String, max_body_bytes: usize) -> Server {
    start_with(db, max_body_bytes, Duration::from_secs(5))
}

pub fn start_with(db: String, max_body_bytes: usize, credential_cache: Duration) -> Server {
    start_configured(
        db,
        Config {
            max_body_bytes,
            credential_cache,
            ..Config::default()
        },
    )
}

/// A server on `db` with `config` (its address and database aside).
pub fn start_configured(db: String, config: Config) -> Server {
    start_with_engine(db, config, hallbar::Engine::builtin().unwrap())
}

/// A server on `db` with `config`, checking documents with `engine`.
pub fn start_with_engine(db: String, config: Config, engine: hallbar::Engine) -> Server {
    let credential_cache = config.credential_cache;
    let state = hallbar_server::state(
        &db,
        4,
        credential_cache,
        engine,
        config.organisations.clone(),
        config.kolada_url.as_deref(),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let config = Config {
        addr,
        db: db.clone(),
        connections: 4,
        header_timeout: Duration::from_secs(2),
        ..config
    };
    runtime.spawn(hallbar_server::serve_on(
        listener,
        state.clone(),
        config,
        std::future::pending(),
    ));
    Server {
        addr,
        state,
        _runtime: runtime,
        db,
    }
}

impl Server {
    pub fn token(&self, role: Role, org: &str) -> String {
        self.state.store.create_token(role, org, "test").unwrap().0
    }

    /// One request; returns (status, headers lower-cased, body).
    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
        extra: &[(&str, &str)],
    ) -> (u16, String, String) {
        let (status, head, body) = self.call_raw(method, path, token, content_type, body, extra);
        (status, head, String::from_utf8_lossy(&body).into_owned())
    }

    /// One request; returns (status, headers lower-cased, the body's bytes).
    pub fn call_raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
        extra: &[(&str, &str)],
    ) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(t) = token {
            head.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        if let Some(ct) = content_type {
            head.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        for (k, v) in extra {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).unwrap();
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let end = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(raw.len());
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let body = raw.get(end + 4..).unwrap_or_default().to_vec();
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, head.to_ascii_lowercase(), body)
    }

    pub fn json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> (u16, Value) {
        // `null` is no body: a body the server does not read (a GET's) may make it reset
        // the connection on closing it, and the answer not yet read would be lost.
        let sent = if body.is_null() {
            String::new()
        } else {
            body.to_string()
        };
        let (status, _, text) = self.call(
            method,
            path,
            token,
            Some("application/json"),
            sent.as_bytes(),
            &[],
        );
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

pub fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../fixtures/insatser/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    hallbar_core::syntax::parse(&text, hallbar_core::syntax::Format::Toml)
        .unwrap()
        .to_json()
}
