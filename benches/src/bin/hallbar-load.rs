//! An HTTP load generator at a constant rate, for latency at a given load. It is an open
//! loop: each request is sent when it is due, on an idle connection, and when none is
//! idle — the earlier answers have not come — on a new one (up to
//! `--max-connections`), so a slow answer delays no request due after it. Each latency
//! is counted from when its request was due, not from when it was sent, so that even
//! past the connection cap a stall shows in every request it delays (no coordinated
//! omission). Small, blocking and std-only, so that the generator costs little of the
//! CPU it shares with the server.
//!
//! ```sh
//! hallbar-load --url http://127.0.0.1:8080/v1/assess --rate 2000 --seconds 10 \
//!     --connections 8 --max-connections 256 --method POST --body doc.json \
//!     --header 'Authorization: Bearer …' --header 'Content-Type: application/json'
//! ```
//!
//! Prints one line: achieved requests per second, p50, p90, p99, p99.9 and the largest
//! latency in milliseconds, the number of answers that were not 2xx, and the most
//! connections that were open.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// What to send, how often and for how long.
#[derive(Debug)]
struct Plan {
    host: String,
    path: String,
    method: String,
    headers: Vec<String>,
    body: Vec<u8>,
    rate: f64,
    seconds: f64,
    /// Connections opened at the start.
    connections: usize,
    /// The most connections opened when none is idle.
    max_connections: usize,
}

fn usage() -> String {
    "usage: hallbar-load --url http://HOST:PORT/PATH --rate REQ_PER_S [--seconds S] \
     [--connections N] [--max-connections N] [--method M] [--body FILE] [--header 'K: V']…"
        .to_owned()
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Plan, String> {
    let mut url = None;
    let mut plan = Plan {
        host: String::new(),
        path: String::new(),
        method: "GET".to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
        rate: 0.0,
        seconds: 10.0,
        connections: 8,
        max_connections: 256,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let number = |v: String| {
            v.parse::<f64>()
                .ok()
                .filter(|n| n.is_finite() && *n > 0.0)
                .ok_or_else(|| format!("{flag}: expected a positive number, got `{v}`"))
        };
        match flag.as_str() {
            "--url" => url = Some(value()?),
            "--rate" => plan.rate = number(value()?)?,
            "--seconds" => plan.seconds = number(value()?)?,
            "--connections" | "--max-connections" => {
                let v = value()?;
                let n = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| format!("{flag}: expected 1 to 1024, got `{v}`"))?;
                if flag == "--connections" {
                    plan.connections = n;
                } else {
                    plan.max_connections = n;
                }
            }
            "--method" => plan.method = value()?,
            "--header" => plan.headers.push(value()?),
            "--body" => {
                let file = value()?;
                plan.body = std::fs::read(&file).map_err(|e| format!("--body {file}: {e}"))?;
            }
            "--help" | "-h" => return Err(usage()),
            other => return Err(format!("unknown option `{other}`\n{}", usage())),
        }
    }
    let url = url.ok_or_else(usage)?;
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("--url: only http:// is supported, got `{url}`"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    plan.host = host.to_owned();
    plan.path = if path.is_empty() { "/" } else { path }.to_owned();
    if plan.rate <= 0.0 {
        return Err(format!("--rate is required\n{}", usage()));
    }
    plan.max_connections = plan.max_connections.max(plan.connections);
    Ok(plan)
}

/// What one connection saw: each latency in microseconds from when its request was
/// due, and how many requests failed (an answer not 2xx, or none).
#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<u64>,
    failed: u64,
}

/// How long sending a request or reading its answer may take before the request counts
/// as failed and its connection is replaced.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(30);

/// An open connection to the server.
struct Conn {
    writer: TcpStream,
    reader: BufReader<TcpStream>,
}

fn connect(host: &str) -> Result<Conn, String> {
    let stream = TcpStream::connect(host).map_err(|e| format!("{host}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(ANSWER_TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(ANSWER_TIMEOUT)))
        .map_err(|e| e.to_string())?;
    let writer = stream.try_clone().map_err(|e| e.to_string())?;
    Ok(Conn {
        writer,
        reader: BufReader::with_capacity(64 * 1024, stream),
    })
}

/// One connection's work: `first`, then each request the generator hands it while it is
/// idle. `idle` counts the connections waiting for a request; the generator takes one
/// off before it hands a request over, so the count is never stale. A connection the
/// server closed (an idle keep-alive one, say) is opened again and the request sent once
/// more; a request that still fails, or times out, counts as failed.
fn connection(
    plan: &Plan,
    request: &[u8],
    first: Option<Instant>,
    due: &Mutex<Receiver<Instant>>,
    idle: &AtomicUsize,
) -> Tally {
    let mut conn = connect(&plan.host).ok();
    let mut next = first;
    let mut tally = Tally::default();
    let mut body = Vec::new();
    loop {
        let due = match next.take() {
            Some(due) => due,
            None => {
                idle.fetch_add(1, Ordering::SeqCst);
                let Ok(receiver) = due.lock() else { break };
                match receiver.recv() {
                    Ok(due) => due,
                    Err(_) => break,
                }
            }
        };
        let mut ok = false;
        for _ in 0..2 {
            if conn.is_none() {
                conn = connect(&plan.host).ok();
            }
            let Some(c) = conn.as_mut() else { break };
            let answered = c
                .writer
                .write_all(request)
                .map_err(|e| e.to_string())
                .and_then(|()| read_response(&mut c.reader, &mut body));
            match answered {
                Ok(two_hundred) => {
                    ok = two_hundred;
                    break;
                }
                Err(_) => conn = None,
            }
        }
        let took = Instant::now().saturating_duration_since(due);
        tally
            .latencies
            .push(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
        if !ok {
            tally.failed += 1;
        }
    }
    tally
}

/// Reads one HTTP/1.1 answer with a `Content-Length`; whether it was 2xx.
fn read_response(reader: &mut BufReader<TcpStream>, body: &mut Vec<u8>) -> Result<bool, String> {
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    if line.is_empty() {
        return Err("the server closed the connection".to_owned());
    }
    let ok = line
        .split(' ')
        .nth(1)
        .is_some_and(|code| code.starts_with('2'));
    let mut length = None;
    loop {
        line.clear();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let length = length.ok_or("an answer without Content-Length (chunked is not supported)")?;
    body.resize(length, 0);
    reader.read_exact(body).map_err(|e| e.to_string())?;
    Ok(ok)
}

/// The latency at quantile `q` (0–1) of sorted `latencies`, in milliseconds.
fn quantile(latencies: &[u64], q: f64) -> f64 {
    if latencies.is_empty() {
        return f64::NAN;
    }
    let rank = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len());
    latencies
        .get(rank - 1)
        .map_or(f64::NAN, |&us| us as f64 / 1000.0)
}

fn run(plan: &Plan) -> Result<String, String> {
    let mut request = format!(
        "{} {} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
        plan.method,
        plan.path,
        plan.host,
        plan.body.len()
    );
    for header in &plan.headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    let mut request = request.into_bytes();
    request.extend_from_slice(&plan.body);
    // A server that is not there is an error at once, not a run of failures.
    connect(&plan.host)?;
    let start = Instant::now() + Duration::from_millis(50);
    let (send, receive) = mpsc::channel::<Instant>();
    let receive = Mutex::new(receive);
    let idle = AtomicUsize::new(0);
    let (tallies, opened) = std::thread::scope(|scope| {
        let open = |first: Option<Instant>| {
            let (request, receive, idle) = (&request, &receive, &idle);
            scope.spawn(move || connection(plan, request, first, receive, idle))
        };
        let mut connections: Vec<_> = (0..plan.connections).map(|_| open(None)).collect();
        // Each request goes out when it is due: to an idle connection, else on a new one;
        // only with every connection open and busy does it wait (its latency still
        // counted from when it was due).
        let total = (plan.rate * plan.seconds).ceil() as u64;
        for k in 0..total {
            let due = start + Duration::from_secs_f64(k as f64 / plan.rate);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            loop {
                let claimed =
                    idle.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1));
                if claimed.is_ok() {
                    // The receiver lives in this scope: sending cannot fail.
                    let _ = send.send(due);
                    break;
                }
                if connections.len() < plan.max_connections {
                    connections.push(open(Some(due)));
                    break;
                }
                std::thread::sleep(Duration::from_micros(100));
            }
        }
        drop(send);
        let opened = connections.len();
        let tallies: Vec<Tally> = connections
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect();
        (tallies, opened)
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for tally in tallies {
        latencies.extend(tally.latencies);
        failed += tally.failed;
    }
    latencies.sort_unstable();
    Ok(format!(
        "{:.0} {:.2} {:.2} {:.2} {:.2} {:.2} {failed} {opened}",
        latencies.len() as f64 / elapsed,
        quantile(&latencies, 0.50),
        quantile(&latencies, 0.90),
        quantile(&latencies, 0.99),
        quantile(&latencies, 0.999),
        quantile(&latencies, 1.0),
    ))
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)).and_then(|plan| run(&plan)) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("hallbar-load: {e}");
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::Arc;

    fn args(s: &str) -> impl Iterator<Item = String> {
        s.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn options_are_read_and_bad_ones_named() {
        let plan = parse_args(args(
            "--url http://127.0.0.1:9/v1/assess --rate 50 --connections 2",
        ))
        .unwrap();
        assert_eq!(
            (plan.host.as_str(), plan.path.as_str()),
            ("127.0.0.1:9", "/v1/assess")
        );
        assert_eq!(
            (plan.rate, plan.connections, plan.method.as_str()),
            (50.0, 2, "GET")
        );
        assert!(
            parse_args(args("--url http://h:1/"))
                .unwrap_err()
                .contains("--rate is required")
        );
        assert!(
            parse_args(args("--url https://h/ --rate 1"))
                .unwrap_err()
                .contains("only http://")
        );
        assert!(
            parse_args(args("--url http://h/ --rate -3"))
                .unwrap_err()
                .contains("positive number")
        );
        assert!(
            parse_args(args("--url http://h/ --rate 1 --connections 0"))
                .unwrap_err()
                .contains("1 to 1024")
        );
        assert!(
            parse_args(args("--bogus 1"))
                .unwrap_err()
                .contains("unknown option `--bogus`")
        );
    }

    #[test]
    fn quantiles_are_ranks_of_the_sorted_latencies() {
        let us: Vec<u64> = (1..=1000).map(|n| n * 1000).collect();
        assert_eq!(quantile(&us, 0.5), 500.0);
        assert_eq!(quantile(&us, 0.99), 990.0);
        assert_eq!(quantile(&us, 1.0), 1000.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    /// A server that answers every other request (counted over all connections) with
    /// 503, and holds the first answer back for `stall`; and the number of connections
    /// it has accepted.
    fn server(stall: Duration) -> (String, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (answered, accepted) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let counted = Arc::clone(&accepted);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let stream = stream.unwrap();
                counted.fetch_add(1, Ordering::SeqCst);
                let answered = Arc::clone(&answered);
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    loop {
                        let mut line = String::new();
                        let mut length = 0;
                        while reader.read_line(&mut line).unwrap_or(0) > 0 {
                            if let Some(v) = line.strip_prefix("Content-Length: ") {
                                length = v.trim().parse().unwrap();
                            }
                            if line == "\r\n" {
                                break;
                            }
                            line.clear();
                        }
                        if line.is_empty() {
                            return;
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        let n = answered.fetch_add(1, Ordering::SeqCst);
                        if n == 0 {
                            std::thread::sleep(stall);
                        }
                        let status = if n % 2 == 0 { "200 OK" } else { "503 Busy" };
                        let answer = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\nok");
                        writer.write_all(answer.as_bytes()).unwrap();
                    }
                });
            }
        });
        (addr, accepted)
    }

    fn fields(line: &str) -> Vec<f64> {
        line.split(' ').map(|f| f.parse().unwrap()).collect()
    }

    #[test]
    fn sends_every_request_due_and_counts_what_failed() {
        let (addr, _) = server(Duration::ZERO);
        let plan = parse_args(args(&format!(
            "--url http://{addr}/x --rate 200 --seconds 0.5 --connections 2 --method POST"
        )))
        .unwrap();
        let line = run(&plan).unwrap();
        let f = fields(&line);
        // 100 requests due in 0.5 s, every other one answered 503.
        assert_eq!(f[6], 50.0, "{line}");
        assert!(f[1] <= f[3] && f[3] <= f[5], "ordered quantiles in {line}");
    }

    #[test]
    fn a_slow_answer_does_not_hold_back_the_requests_due_after_it() {
        // The first answer takes a second; the requests due meanwhile go out on new
        // connections instead of waiting behind it.
        let (addr, accepted) = server(Duration::from_secs(1));
        let plan = parse_args(args(&format!(
            "--url http://{addr}/x --rate 100 --seconds 0.3 --connections 1 --max-connections 8"
        )))
        .unwrap();
        let line = run(&plan).unwrap();
        let f = fields(&line);
        assert_eq!(f[6], 15.0, "30 requests, every other one 503: {line}");
        assert!(f[7] >= 2.0, "more connections opened: {line}");
        // One more: the check that the server is there before the run.
        assert_eq!(accepted.load(Ordering::SeqCst) as f64, f[7] + 1.0, "{line}");
    }
}
