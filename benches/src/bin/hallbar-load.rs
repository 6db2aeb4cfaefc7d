//! An HTTP load generator at a constant rate, for latency at a given load: the requests
//! are sent on a fixed schedule whether or not earlier answers have come (an open
//! loop), and each latency is counted from when its request was due, not from when it
//! was sent, so that a stall shows in every request it delays (no coordinated
//! omission). The same principle as wrk2; small, blocking and std-only, so that the
//! generator costs little of the CPU it shares with the server.
//!
//! ```sh
//! hallbar-load --url http://127.0.0.1:8080/v1/assess --rate 2000 --seconds 10 \
//!     --connections 8 --method POST --body doc.json \
//!     --header 'Authorization: Bearer …' --header 'Content-Type: application/json'
//! ```
//!
//! Prints one line: achieved requests per second, p50, p90, p99, p99.9 and the largest
//! latency in milliseconds, and the number of answers that were not 2xx.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
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
    connections: usize,
}

fn usage() -> String {
    "usage: hallbar-load --url http://HOST:PORT/PATH --rate REQ_PER_S [--seconds S] \
     [--connections N] [--method M] [--body FILE] [--header 'K: V']…"
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
            "--connections" => {
                let v = value()?;
                plan.connections = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| format!("--connections: expected 1 to 1024, got `{v}`"))?;
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
    Ok(plan)
}

/// What one connection saw: each latency in microseconds from when its request was
/// due, and how many answers were not 2xx.
#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<u64>,
    failed: u64,
}

/// Runs connection `lane` of `plan`: its requests are due every `connections / rate`
/// seconds, the lanes evenly staggered.
fn run_lane(plan: &Plan, request: &[u8], lane: usize, start: Instant) -> Result<Tally, String> {
    let stream = TcpStream::connect(&plan.host).map_err(|e| format!("{}: {e}", plan.host))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let interval = plan.connections as f64 / plan.rate;
    let offset = lane as f64 / plan.rate;
    let mut tally = Tally::default();
    let mut body = Vec::new();
    for k in 0u64.. {
        let due_secs = offset + k as f64 * interval;
        if due_secs >= plan.seconds {
            break;
        }
        let due = start + Duration::from_secs_f64(due_secs);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        writer.write_all(request).map_err(|e| e.to_string())?;
        let ok = read_response(&mut reader, &mut body)?;
        let took = Instant::now().saturating_duration_since(due);
        tally
            .latencies
            .push(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
        if !ok {
            tally.failed += 1;
        }
    }
    Ok(tally)
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
    let start = Instant::now() + Duration::from_millis(50);
    let tallies: Vec<Result<Tally, String>> = std::thread::scope(|scope| {
        let lanes: Vec<_> = (0..plan.connections)
            .map(|lane| {
                let request = &request;
                scope.spawn(move || run_lane(plan, request, lane, start))
            })
            .collect();
        lanes
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("a lane failed".to_owned())))
            .collect()
    });
    let elapsed = start.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    let mut failed = 0;
    for tally in tallies {
        let tally = tally?;
        latencies.extend(tally.latencies);
        failed += tally.failed;
    }
    latencies.sort_unstable();
    Ok(format!(
        "{:.0} {:.2} {:.2} {:.2} {:.2} {:.2} {failed}",
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

    /// A server that answers every request on a connection with 200 or 503 by turns.
    fn server() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let stream = stream.unwrap();
                std::thread::spawn(move || {
                    let mut writer = stream.try_clone().unwrap();
                    let mut reader = BufReader::new(stream);
                    let mut n = 0;
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
                        let status = if n % 2 == 0 { "200 OK" } else { "503 Busy" };
                        n += 1;
                        let answer = format!("HTTP/1.1 {status}\r\nContent-Length: 2\r\n\r\nok");
                        writer.write_all(answer.as_bytes()).unwrap();
                    }
                });
            }
        });
        addr
    }

    #[test]
    fn sends_at_the_rate_and_counts_what_failed() {
        let url = format!("http://{}/x", server());
        let plan = parse_args(args(&format!(
            "--url {url} --rate 200 --seconds 0.5 --connections 2 --method POST"
        )))
        .unwrap();
        let line = run(&plan).unwrap();
        let fields: Vec<f64> = line.split(' ').map(|f| f.parse().unwrap()).collect();
        // 100 requests due in 0.5 s, half of them (every other one per connection) 503.
        assert_eq!(fields[6], 50.0, "{line}");
        assert!((150.0..=210.0).contains(&fields[0]), "rate in {line}");
        assert!(
            fields[1] <= fields[3] && fields[3] <= fields[5],
            "ordered quantiles in {line}"
        );
    }
}
