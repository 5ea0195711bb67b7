//! Soak with faults: many concurrent calls through the generated client against a loopback
//! HTTP server that injects, at random but reproducibly (seeded, per call and attempt), the
//! failures a real service and network produce: a reset before the reply, a reset in the
//! middle of a body, a truncated chunked body, 503 with `Retry-After`, 429, a body slower than
//! the client's timeout, a Digest re-challenge with `stale=true`, and service-account tokens
//! that expire during the run. Half the calls authenticate with Digest, half with a service
//! account; GET, POST and PATCH are mixed.
//!
//! Counted at the server and at the client, and required:
//! - every call ends within its deadline with `Ok` or a typed `Err`;
//! - no POST or PATCH is sent again after an ambiguous failure (the server got it and the
//!   client cannot know whether it was applied);
//! - every retry follows an outcome the retry policy retries (503, 429, a connection reset
//!   before any reply), within the policy's attempts;
//! - resident memory grows by at most 64 MB; open sockets return to the baseline;
//! - one token request per token lifetime (single-flight refresh, no stampede).
//!
//! The short form runs in the test command; `cargo xtask soak` runs the full one (20,000
//! calls from 256 tasks) and writes its figures into docs/robustness.md.
#![allow(deprecated)]

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use atlas_invites::types::OrganizationInvitationRequest;
use atlas_invites::{Client, Credentials, Error, RetryPolicy};
use md5::Digest as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ORG: &str = "4888442a3354817a7320eb61";
const USER: &str = "soak-public-key";
const PASSWORD: &str = "soak-private-key";
const REALM: &str = "soak";
/// How long a service-account token lives (the server refuses it after).
const TOKEN_LIFETIME: Duration = Duration::from_secs(1);
/// The client's whole-request timeout; the slow-body fault takes longer.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(800);
const MAX_ATTEMPTS: u32 = 4;

struct Config {
    calls: usize,
    concurrency: usize,
    seed: u64,
}

/// The faults, each chosen per attempt by the seeded generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    None,
    ResetBeforeReply,
    ResetMidBody,
    TruncatedChunked,
    Unavailable503,
    TooMany429,
    SlowBody,
    StaleDigest,
}

impl Fault {
    /// The server got the request and the client cannot know whether it was acted on.
    fn ambiguous(self) -> bool {
        matches!(
            self,
            Fault::ResetBeforeReply
                | Fault::ResetMidBody
                | Fault::TruncatedChunked
                | Fault::SlowBody
        )
    }

    /// The retry policy may send the request again after this (for idempotent methods).
    fn retryable(self) -> bool {
        matches!(self, Fault::Unavailable503 | Fault::TooMany429 | Fault::ResetBeforeReply)
    }
}

/// SplitMix64: a small, well-mixed generator; the same inputs give the same fault.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn fault_for(seed: u64, call: u64, arrival: u64, digest: bool) -> Fault {
    let roll = mix(seed ^ mix(call) ^ mix(arrival << 32)) % 100;
    match roll {
        0..=4 => Fault::ResetBeforeReply,
        5..=7 => Fault::ResetMidBody,
        8..=10 => Fault::TruncatedChunked,
        11..=17 => Fault::Unavailable503,
        18..=24 => Fault::TooMany429,
        25..=26 => Fault::SlowBody,
        27..=31 if digest => Fault::StaleDigest,
        _ => Fault::None,
    }
}

/// Each arrival of one call at the server: its method and the fault it got (`None` for an
/// authentication challenge, which is not a fault).
type Arrivals = Vec<(String, Option<Fault>)>;

/// What the server saw, call by call, and what it injected and issued.
#[derive(Default)]
struct Ledger {
    calls: Mutex<HashMap<u64, Arrivals>>,
    faults: Mutex<BTreeMap<String, u64>>,
    token_requests: Mutex<Vec<Instant>>,
    tokens: Mutex<HashMap<String, Instant>>,
    nonce: AtomicU64,
}

struct Server {
    seed: u64,
    ledger: Ledger,
    connections: AtomicUsize,
}

fn md5_hex(text: &str) -> String {
    md5::Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The `name="value"` (or bare) parameters of a Digest `Authorization` header.
fn digest_params(header: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut rest = header.trim_start_matches("Digest").trim();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else { break };
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (&after[..end], &after[end..])
        };
        out.insert(name.trim().to_string(), value.to_string());
        rest = tail.trim_start_matches(',').trim();
    }
    out
}

struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
        if head.len() > 64 * 1024 {
            return None;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_string(), first.next()?.to_string());
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(Request { method, path, headers, body })
}

/// The call a request belongs to: the number the client put in the invitation id or the
/// username.
fn call_of(request: &Request) -> Option<u64> {
    if let Some(rest) = request.path.split("/invites/").nth(1) {
        return u64::from_str_radix(rest.split(['?', '/']).next()?, 16).ok();
    }
    let body = String::from_utf8_lossy(&request.body);
    let start = body.find("call-")? + 5;
    body[start..].split('@').next()?.parse().ok()
}

const INVITATION: &str = r#"{"id":"5f43a2b6c7d1e8f9a0b1c2d3","orgId":"4888442a3354817a7320eb61","orgName":"Acme","roles":["ORG_MEMBER"],"username":"soak@example.com"}"#;

async fn write(stream: &mut TcpStream, text: &str) -> bool {
    stream.write_all(text.as_bytes()).await.is_ok()
}

/// Closes with a TCP reset (linger 0), as a crashed peer or a middlebox does.
fn reset(stream: TcpStream) {
    let _ = stream.set_linger(Some(Duration::ZERO));
    drop(stream);
}

impl Server {
    async fn serve(self: Arc<Self>, listener: TcpListener) {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let server = self.clone();
            tokio::spawn(async move {
                server.connections.fetch_add(1, Ordering::Relaxed);
                server.connection(stream).await;
                server.connections.fetch_sub(1, Ordering::Relaxed);
            });
        }
    }

    fn count(&self, fault: &str) {
        *self.ledger.faults.lock().unwrap().entry(fault.to_string()).or_default() += 1;
    }

    /// Serves requests on one connection until a fault ends it or the client closes it.
    async fn connection(&self, mut stream: TcpStream) {
        while let Some(request) = read_request(&mut stream).await {
            if request.path.starts_with("/api/oauth/token") {
                let token = format!("tok-{}", self.ledger.nonce.fetch_add(1, Ordering::Relaxed));
                self.ledger.token_requests.lock().unwrap().push(Instant::now());
                self.ledger
                    .tokens
                    .lock()
                    .unwrap()
                    .insert(token.clone(), Instant::now() + TOKEN_LIFETIME);
                let body = format!(
                    r#"{{"access_token":"{token}","token_type":"Bearer","expires_in":{}}}"#,
                    TOKEN_LIFETIME.as_secs()
                );
                if !write(&mut stream, &format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len())).await {
                    return;
                }
                continue;
            }
            let Some(call) = call_of(&request) else { return };
            let authorization = request.headers.get("authorization").cloned().unwrap_or_default();
            let digest = !authorization.starts_with("Bearer ");
            // Authentication first: a missing or stale credential is a challenge, not a fault.
            let authenticated = if digest {
                let params = digest_params(&authorization);
                let ha1 = md5_hex(&format!("{USER}:{REALM}:{PASSWORD}"));
                let ha2 = md5_hex(&format!(
                    "{}:{}",
                    request.method,
                    params.get("uri").map(String::as_str).unwrap_or("")
                ));
                let expected = md5_hex(&format!(
                    "{ha1}:{}:{}:{}:{}:{ha2}",
                    params.get("nonce").map(String::as_str).unwrap_or(""),
                    params.get("nc").map(String::as_str).unwrap_or(""),
                    params.get("cnonce").map(String::as_str).unwrap_or(""),
                    params.get("qop").map(String::as_str).unwrap_or("")
                ));
                params.get("response") == Some(&expected)
            } else {
                let token = authorization.trim_start_matches("Bearer ");
                self.ledger
                    .tokens
                    .lock()
                    .unwrap()
                    .get(token)
                    .is_some_and(|expires| Instant::now() < *expires)
            };
            let arrival = {
                let mut calls = self.ledger.calls.lock().unwrap();
                let seen = calls.entry(call).or_default();
                seen.push((request.method.clone(), None));
                seen.len() as u64
            };
            if !authenticated {
                self.count(if digest { "digest challenge" } else { "expired token" });
                let challenge = if digest {
                    format!("www-authenticate: Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"n{}\", algorithm=MD5\r\n", self.ledger.nonce.fetch_add(1, Ordering::Relaxed))
                } else {
                    String::new()
                };
                if !write(
                    &mut stream,
                    &format!("HTTP/1.1 401 Unauthorized\r\n{challenge}content-length: 0\r\n\r\n"),
                )
                .await
                {
                    return;
                }
                continue;
            }
            let fault = fault_for(self.seed, call, arrival, digest);
            if let Some(last) =
                self.ledger.calls.lock().unwrap().get_mut(&call).and_then(|seen| seen.last_mut())
            {
                last.1 = Some(fault);
            }
            self.count(&format!("{fault:?}"));
            let ok = format!("HTTP/1.1 200 OK\r\ncontent-type: application/vnd.atlas.2023-01-01+json\r\ncontent-length: {}\r\n\r\n{INVITATION}", INVITATION.len());
            match fault {
                Fault::None => {
                    if !write(&mut stream, &ok).await {
                        return;
                    }
                }
                Fault::ResetBeforeReply => return reset(stream),
                Fault::ResetMidBody => {
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/vnd.atlas.2023-01-01+json\r\ncontent-length: {}\r\n\r\n", INVITATION.len());
                    let _ = write(&mut stream, &format!("{head}{}", &INVITATION[..40])).await;
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    return reset(stream);
                }
                Fault::TruncatedChunked => {
                    let _ = write(&mut stream, &format!("HTTP/1.1 200 OK\r\ncontent-type: application/vnd.atlas.2023-01-01+json\r\ntransfer-encoding: chunked\r\n\r\n28\r\n{}\r\n", &INVITATION[..40])).await;
                    return; // closed without the last chunk
                }
                Fault::Unavailable503 | Fault::TooMany429 => {
                    let status = if fault == Fault::Unavailable503 {
                        "503 Service Unavailable"
                    } else {
                        "429 Too Many Requests"
                    };
                    if !write(
                        &mut stream,
                        &format!(
                            "HTTP/1.1 {status}\r\nretry-after: 0\r\ncontent-length: 0\r\n\r\n"
                        ),
                    )
                    .await
                    {
                        return;
                    }
                }
                Fault::SlowBody => {
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-type: application/vnd.atlas.2023-01-01+json\r\ncontent-length: {}\r\n\r\n", INVITATION.len());
                    let _ = write(&mut stream, &format!("{head}{}", &INVITATION[..10])).await;
                    tokio::time::sleep(CLIENT_TIMEOUT * 2).await;
                    return;
                }
                Fault::StaleDigest => {
                    let challenge = format!("www-authenticate: Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"n{}\", algorithm=MD5, stale=true\r\n", self.ledger.nonce.fetch_add(1, Ordering::Relaxed));
                    if !write(
                        &mut stream,
                        &format!(
                            "HTTP/1.1 401 Unauthorized\r\n{challenge}content-length: 0\r\n\r\n"
                        ),
                    )
                    .await
                    {
                        return;
                    }
                }
            }
        }
    }
}

fn resident_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn open_sockets() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| {
                    std::fs::read_link(e.path())
                        .is_ok_and(|t| t.to_string_lossy().starts_with("socket:"))
                })
                .count()
        })
        .unwrap_or(0)
}

/// The figures of one run, printed as a Markdown section.
struct Figures {
    lines: Vec<String>,
}

async fn soak(config: Config) -> Figures {
    let sockets_before = open_sockets();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = Arc::new(Server {
        seed: config.seed,
        ledger: Ledger::default(),
        connections: AtomicUsize::new(0),
    });
    let serving = tokio::spawn(server.clone().serve(listener));
    let policy = RetryPolicy::default()
        .max_attempts(MAX_ATTEMPTS)
        .initial_backoff(Duration::from_millis(2))
        .max_backoff(Duration::from_millis(20))
        .deadline(Duration::from_secs(10));
    let build = |credentials: Credentials| {
        Client::builder()
            .base_url(&base)
            .credentials(credentials)
            .token_url(format!("{base}/api/oauth/token"))
            .retry(policy.clone())
            .timeout(CLIENT_TIMEOUT)
            .build()
            .unwrap()
    };
    let digest = build(Credentials::digest(USER, PASSWORD));
    let service = build(Credentials::service_account("mdb_sa_id_soak", "mdb_sa_sk_soak"));
    // One warm-up call each, then the memory baseline.
    let _ = digest
        .get_org_invite()
        .org_id(ORG)
        .invitation_id(format!("{:024x}", u64::MAX))
        .send()
        .await;
    let rss_before = resident_mb();
    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let outcomes: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
    let late = Arc::new(AtomicUsize::new(0));
    // A call's deadline: the policy's, plus one timeout for the attempt under way at it.
    let deadline = Duration::from_secs(10) + CLIENT_TIMEOUT + Duration::from_secs(1);
    let mut tasks = Vec::new();
    for _ in 0..config.concurrency {
        let (digest, service, next, outcomes, late) =
            (digest.clone(), service.clone(), next.clone(), outcomes.clone(), late.clone());
        let calls = config.calls;
        tasks.push(tokio::spawn(async move {
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= calls {
                    return;
                }
                let client = if n % 2 == 0 { &digest } else { &service };
                let id = format!("{n:024x}");
                let body = || OrganizationInvitationRequest {
                    username: Some(format!("call-{n}@example.com")),
                    ..Default::default()
                };
                let call = async {
                    match n % 5 {
                        0 => client
                            .create_org_invite()
                            .org_id(ORG)
                            .body(body())
                            .send()
                            .await
                            .map(|_| ()),
                        1 => client
                            .update_org_invite_by_id()
                            .org_id(ORG)
                            .invitation_id(&id)
                            .body(Default::default())
                            .send()
                            .await
                            .map(|_| ()),
                        _ => client
                            .get_org_invite()
                            .org_id(ORG)
                            .invitation_id(&id)
                            .send()
                            .await
                            .map(|_| ()),
                    }
                };
                let label = match tokio::time::timeout(deadline, call).await {
                    Ok(Ok(())) => "Ok".to_string(),
                    Ok(Err(Error::Transport(e))) if e.is_timeout() => {
                        "Err(Transport: timeout)".into()
                    }
                    Ok(Err(Error::Transport(_))) => "Err(Transport)".into(),
                    Ok(Err(Error::Api(reply))) if reply.status == 401 => format!(
                        "Err(Api 401, {})",
                        if n % 2 == 0 { "Digest" } else { "service account" }
                    ),
                    Ok(Err(Error::Api(reply))) => format!("Err(Api {})", reply.status),
                    Ok(Err(Error::Decode { .. })) => "Err(Decode)".into(),
                    Ok(Err(other)) => {
                        format!("Err({})", other.to_string().split(':').next().unwrap_or_default())
                    }
                    Err(_) => {
                        late.fetch_add(1, Ordering::Relaxed);
                        "past its deadline".into()
                    }
                };
                *outcomes.lock().unwrap().entry(label).or_default() += 1;
            }
        }));
    }
    for task in tasks {
        task.await.expect("no call panics");
    }
    let elapsed = started.elapsed();
    let rss_after = resident_mb();
    drop((digest, service));
    // Idle connections close with the clients; the server's side ends with them.
    let settle = Instant::now();
    while server.connections.load(Ordering::Relaxed) > 0
        && settle.elapsed() < Duration::from_secs(5)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    serving.abort();
    let _ = serving.await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sockets_after = open_sockets();

    // The server's ledger, call by call.
    let calls = server.ledger.calls.lock().unwrap();
    let (mut resent_after_ambiguous, mut retries, mut unallowed_retries, mut over_attempts) =
        (0, 0, 0, 0);
    for seen in calls.values() {
        let faulted: Vec<&(String, Option<Fault>)> =
            seen.iter().filter(|(_, f)| f.is_some()).collect();
        for pair in faulted.windows(2) {
            let (method, previous) = (&pair[0].0, pair[0].1.unwrap());
            retries += 1;
            if method != "GET" && previous.ambiguous() {
                resent_after_ambiguous += 1;
            }
            // A stale nonce is answered, not retried; anything else must be a retryable outcome.
            if previous != Fault::StaleDigest && !previous.retryable() {
                unallowed_retries += 1;
            }
        }
        let attempts =
            faulted.iter().filter(|(_, f)| *f != Some(Fault::StaleDigest)).count() as u32;
        if attempts > MAX_ATTEMPTS {
            over_attempts += 1;
        }
    }
    let token_requests = server.ledger.token_requests.lock().unwrap().clone();
    // The client renews a token a quarter of its lifetime early: at most one request per
    // three quarters of a lifetime, plus the first.
    let token_budget =
        1 + (elapsed.as_secs_f64() / (TOKEN_LIFETIME.as_secs_f64() * 0.75)).ceil() as usize;
    let closest = token_requests.windows(2).map(|w| w[1] - w[0]).min();
    let outcomes = outcomes.lock().unwrap().clone();
    let faults = server.ledger.faults.lock().unwrap().clone();

    let mut lines = vec![
        format!(
            "{} calls from {} tasks, seed {}: {:.1} s ({:.0} calls/s).",
            config.calls,
            config.concurrency,
            config.seed,
            elapsed.as_secs_f64(),
            config.calls as f64 / elapsed.as_secs_f64()
        ),
        String::new(),
        "| requirement | measured | verdict |".into(),
        "|---|---|---|".into(),
    ];
    let mut failures = Vec::new();
    let mut require = |name: &str, measured: String, ok: bool| {
        lines.push(format!("| {name} | {measured} | {} |", if ok { "holds" } else { "FAILS" }));
        if !ok {
            failures.push(format!("{name}: {measured}"));
        }
    };
    let late = late.load(Ordering::Relaxed);
    require(
        "every call ends within its deadline with Ok or a typed Err",
        format!("{late} past the deadline of {:.1} s", deadline.as_secs_f64()),
        late == 0,
    );
    require(
        "no POST or PATCH sent again after an ambiguous failure",
        format!("{resent_after_ambiguous}"),
        resent_after_ambiguous == 0,
    );
    require("each retry one the policy allows", format!("{retries} retries, {unallowed_retries} not allowed, {over_attempts} calls over {MAX_ATTEMPTS} attempts"), unallowed_retries == 0 && over_attempts == 0);
    require(
        "resident memory grows by at most 64 MB",
        format!("{rss_before:.1} MB to {rss_after:.1} MB"),
        rss_after - rss_before <= 64.0,
    );
    require(
        "open sockets return to the baseline",
        format!("{sockets_before} before, {sockets_after} after"),
        sockets_after <= sockets_before,
    );
    require(
        "one token request per expiry",
        format!("{} token requests in {:.1} s of {} s tokens (at most {token_budget}); closest two {} apart", token_requests.len(), elapsed.as_secs_f64(), TOKEN_LIFETIME.as_secs(), closest.map_or("-".to_string(), |d| format!("{:.2} s", d.as_secs_f64()))),
        token_requests.len() <= token_budget && closest.is_none_or(|d| d > Duration::from_millis(500)),
    );
    lines.push(String::new());
    lines.push(format!(
        "Outcomes at the client: {}.",
        outcomes.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    ));
    lines.push(format!(
        "Injected at the server (per request): {}.",
        faults.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    ));
    println!("{}", lines.join("\n"));
    assert!(failures.is_empty(), "the soak's requirements fail:\n{}", failures.join("\n"));
    Figures { lines }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The short form, in the test command: 600 calls from 32 tasks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_soak_with_faults_keeps_every_promise() {
    soak(Config { calls: 600, concurrency: 32, seed: 7 }).await;
}

/// `cargo xtask soak`: 20,000 calls from 256 tasks (or SOAK_CALLS, SOAK_TASKS, SOAK_SEED);
/// the figures go to the file named by SOAK_REPORT.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "about a minute; run by `cargo xtask soak`"]
async fn the_full_soak() {
    let config = Config {
        calls: env("SOAK_CALLS", 20_000) as usize,
        concurrency: env("SOAK_TASKS", 256) as usize,
        seed: env("SOAK_SEED", 1),
    };
    let figures = soak(config).await;
    if let Ok(path) = std::env::var("SOAK_REPORT") {
        std::fs::write(path, figures.lines.join("\n") + "\n").unwrap();
    }
}
