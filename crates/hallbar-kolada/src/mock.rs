//! A local stand-in for Kolada, for tests and measurements that must not reach the
//! network: an HTTP/1.1 server on a free loopback port that answers each request with
//! what a handler says, and counts the requests.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the server answers to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A status and a JSON body.
    Json(u16, String),
    /// 429 with `Retry-After: 0`.
    TooMany,
    /// Nothing, for this long (longer than the client waits).
    Silence(Duration),
    /// The connection closed in the middle of the answer.
    Cut,
}

/// What decides each answer: the request's path and query, and how many requests
/// came before it.
pub type Handler = dyn Fn(&str, usize) -> Answer + Send + Sync;

/// A running stand-in. Dropping it stops it.
pub struct MockKolada {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MockKolada {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockKolada")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl MockKolada {
    /// Starts a server whose answers `handler` gives.
    ///
    /// # Errors
    /// When no loopback port can be bound.
    pub fn start(handler: Box<Handler>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::from(handler);
        let thread = {
            let (requests, stop) = (Arc::clone(&requests), Arc::clone(&stop));
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            let (requests, handler) = (Arc::clone(&requests), Arc::clone(&handler));
                            // Each connection on its own thread: a silent answer holds
                            // only its own.
                            std::thread::spawn(move || serve(stream, &requests, handler.as_ref()));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            })
        };
        Ok(Self {
            addr,
            requests,
            stop,
            thread: Some(thread),
        })
    }

    /// The base URL to give the client: `http://127.0.0.1:PORT/v3`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v3", self.addr)
    }

    /// The paths and queries requested so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for MockKolada {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<String>>, handler: &Handler) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let target = line.split_whitespace().nth(1).unwrap_or("").to_owned();
    // The rest of the head.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let n = {
        let mut r = requests.lock().unwrap_or_else(PoisonError::into_inner);
        r.push(target.clone());
        r.len() - 1
    };
    let mut stream = &stream;
    let reply = match handler(&target, n) {
        Answer::Json(status, body) => format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Answer::TooMany => {
            "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_owned()
        }
        Answer::Silence(d) => {
            std::thread::sleep(d);
            return;
        }
        Answer::Cut => {
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n{\"values\":[".to_owned()
        }
    };
    let _ = stream.write_all(reply.as_bytes());
    let _ = stream.flush();
}

/// `%XX`-encoded text decoded (invalid escapes and UTF-8 replaced).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer made up for any request in the API's shape, for tests and measurements:
/// metadata for `/kpi/{ids}`, and for `/data/kpi/{kpis}/municipality/{units}/year/{years}`
/// a value for every key figure, unit and year asked (the total, and a made-up number
/// from them, the same every year), 5000 to a page with `next_url` on Kolada's own host.
/// Anything else is 404.
pub fn synthetic(target: &str) -> Answer {
    synthetic_with(target, |k, u, _| {
        let n = k.len() + u.bytes().map(usize::from).sum::<usize>() + 4;
        (n % 97) as f64 + 0.5
    })
}

/// [`synthetic`], with the value of each key figure, unit and year from `value`.
pub fn synthetic_with(target: &str, value: impl Fn(&str, &str, u16) -> f64) -> Answer {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let page: usize = query
        .split('&')
        .find_map(|p| p.strip_prefix("page="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let list = |s: &str| -> Vec<String> { s.split(',').map(str::to_owned).collect() };
    match parts.as_slice() {
        ["v3", "kpi"] => {
            // A search by title: three key figures whose titles hold it.
            let title = query
                .split('&')
                .find_map(|p| p.strip_prefix("title="))
                .map(percent_decoded)
                .unwrap_or_default();
            let rows: Vec<String> = (1..=3)
                .map(|i| {
                    format!(
                        r#"{{"id":"N9000{i}","title":"{} {i}","description":"Påhittat för prov.","is_divided_by_gender":0,"publication_date":"2026-03-01"}}"#,
                        title.replace(['"', '\\'], "")
                    )
                })
                .collect();
            Answer::Json(
                200,
                format!(
                    r#"{{"values":[{}],"count":3,"next_url":null}}"#,
                    rows.join(",")
                ),
            )
        }
        ["v3", "kpi", ids] => {
            let rows: Vec<String> = list(ids)
                .iter()
                .map(|id| {
                    format!(
                        r#"{{"id":"{id}","title":"Nyckeltal {id}","description":"Påhittat för prov.","is_divided_by_gender":0,"publication_date":"2026-03-01"}}"#
                    )
                })
                .collect();
            Answer::Json(
                200,
                format!(
                    r#"{{"values":[{}],"count":{},"next_url":null}}"#,
                    rows.join(","),
                    rows.len()
                ),
            )
        }
        [
            "v3",
            "data",
            "kpi",
            kpis,
            "municipality",
            units,
            "year",
            years,
        ] => {
            let mut rows = Vec::new();
            for k in list(kpis) {
                for u in list(units) {
                    for y in list(years) {
                        let v = value(&k, &u, y.parse().unwrap_or(0));
                        rows.push(format!(
                            r#"{{"kpi":"{k}","municipality":"{u}","period":{y},"values":[{{"gender":"T","count":1,"status":"","value":{v},"isdeleted":false}}]}}"#
                        ));
                    }
                }
            }
            let pages = rows.len().div_ceil(5000).max(1);
            let shown: Vec<&String> = rows.iter().skip((page - 1) * 5000).take(5000).collect();
            let next = if page < pages {
                format!(
                    r#""https://api.kolada.se{path}?page={}&per_page=5000""#,
                    page + 1
                )
            } else {
                "null".to_owned()
            };
            let body: Vec<&str> = shown.iter().map(|s| s.as_str()).collect();
            Answer::Json(
                200,
                format!(
                    r#"{{"values":[{}],"count":{},"next_url":{next}}}"#,
                    body.join(","),
                    body.len()
                ),
            )
        }
        _ => Answer::Json(404, String::new()),
    }
}
