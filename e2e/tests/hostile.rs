//! Hostile servers: a real TCP server on 127.0.0.1 per case, sending what no well-behaved
//! server would. Each case must end in a typed error or a correct answer: never a panic,
//! never a hang past the configured limits, never memory that grows with what the server
//! sends. The cases run one after the other in one test so that each one's peak memory can
//! be measured alone (the kernel's high-water mark is reset before each); the table is
//! printed (`cargo test -p e2e --test hostile -- --nocapture`).

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use atlas_invites::{Client, Credentials, Error, RetryPolicy};
use support::ids::{ORG, USER};

/// The client's limits in these tests: small, so each case ends quickly.
const TIMEOUT: Duration = Duration::from_secs(2);
const MAX_REPLY: u64 = 1024 * 1024;
/// No case may take longer than this, whatever the server does.
const CASE_LIMIT: Duration = Duration::from_secs(8);
/// The peak resident memory of the whole test process allowed during any case.
const MEMORY_LIMIT_KB: u64 = 256 * 1024;

const USER_JSON: &str = r#"{"id":"5e5fbc29e76c9a4be2ed3d39","orgMembershipStatus":"ACTIVE","roles":{"orgRoles":["ORG_MEMBER"]},"username":"a@example.com"}"#;

/// What a case's server does with each connection: reads the request head (returned to
/// the case's log), then writes whatever it likes. Write errors (the client hung up) end it.
type Behaviour = Arc<dyn Fn(&str, &mut TcpStream) -> std::io::Result<()> + Send + Sync>;

struct Server {
    address: String,
    /// The request heads received, in order.
    log: Arc<Mutex<Vec<String>>>,
}

fn serve(behaviour: Behaviour) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let log = Arc::new(Mutex::new(Vec::new()));
    let shared = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let (behaviour, log) = (behaviour.clone(), shared.clone());
            std::thread::spawn(move || {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut head = String::new();
                    loop {
                        let mut line = String::new();
                        match reader.read_line(&mut line) {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        if line == "\r\n" {
                            break;
                        }
                        head.push_str(&line);
                    }
                    // Bodies are small JSON here; read what Content-Length announces.
                    if let Some(length) = head.lines().find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length: ")
                            .and_then(|v| v.trim().parse::<usize>().ok())
                    }) {
                        let mut body = vec![0; length];
                        if reader.read_exact(&mut body).is_err() {
                            return;
                        }
                    }
                    log.lock().unwrap().push(head.clone());
                    if behaviour(&head, &mut stream).is_err() {
                        return;
                    }
                }
            });
        }
    });
    Server { address, log }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn json(stream: &mut TcpStream, body: &str) -> std::io::Result<()> {
    respond(
        stream,
        "200 OK",
        &[("content-type", "application/vnd.atlas.2025-02-19+json".into())],
        body.as_bytes(),
    )
}

fn client(base: &str, credentials: Option<Credentials>) -> Client {
    let mut builder = Client::builder()
        .base_url(base)
        .timeout(TIMEOUT)
        .connect_timeout(TIMEOUT)
        .max_reply_size(MAX_REPLY)
        .retry(RetryPolicy::default().max_attempts(3).deadline(Duration::from_secs(4)));
    if let Some(credentials) = credentials {
        builder = builder.credentials(credentials);
    }
    builder.build().unwrap()
}

/// The peak resident memory since the last reset, in kB, and a reset.
fn peak_kb_and_reset() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    // Linux: writing 5 resets the high-water mark to the current resident size.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    peak
}

type Outcome = Result<String, String>;

struct Case {
    name: &'static str,
    behaviour: Behaviour,
    credentials: Option<Credentials>,
    /// Runs the call and says whether its outcome is the expected one, with a description.
    check: fn(&Server, Result<atlas_invites::types::OrgUserResponse, Error>) -> Outcome,
    /// `https://` instead of `http://`.
    tls: bool,
}

fn typed(expected: &'static str, ok: bool, error: &Error) -> Outcome {
    let text = error.to_string();
    if ok {
        Ok(format!("{expected}: {}", text.chars().take(110).collect::<String>()))
    } else {
        Err(format!("expected {expected}, got {error:?}"))
    }
}

fn behaviour(
    f: impl Fn(&str, &mut TcpStream) -> std::io::Result<()> + Send + Sync + 'static,
) -> Behaviour {
    Arc::new(f)
}

fn digest_case(name: &'static str, challenge: &'static str) -> Case {
    Case {
        name,
        behaviour: behaviour(move |head, stream| {
            if head.to_ascii_lowercase().contains("authorization: digest") {
                json(stream, USER_JSON)
            } else {
                respond(
                    stream,
                    "401 Unauthorized",
                    &[("www-authenticate", challenge.to_string())],
                    b"",
                )
            }
        }),
        credentials: Some(Credentials::digest("public", "private")),
        check: |server, result| match result {
            Ok(user) => {
                let answered = server
                    .log
                    .lock()
                    .unwrap()
                    .iter()
                    .filter(|h| h.to_ascii_lowercase().contains("authorization: digest"))
                    .count();
                Ok(format!(
                    "answered the challenge ({answered} authenticated request), decoded user {}",
                    user.id
                ))
            }
            Err(e @ Error::Auth(_)) => typed("Error::Auth", true, &e),
            Err(e @ Error::Api(_)) => typed("the 401 as Error::Api", e.status() == Some(401), &e),
            Err(e) => Err(format!("unexpected {e:?}")),
        },
        tls: false,
    }
}

/// A reply with `status` whose chunked body never ends: cut off at the limit.
fn too_large_chunked(name: &'static str, status: &'static str) -> Case {
    Case {
        name,
        behaviour: behaviour(move |_, stream| {
            stream.write_all(format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n").as_bytes())?;
            let mut chunk = format!("{:x}\r\n", 64 * 1024).into_bytes();
            chunk.extend(std::iter::repeat_n(b' ', 64 * 1024));
            chunk.extend_from_slice(b"\r\n");
            loop {
                stream.write_all(&chunk)?;
            }
        }),
        credentials: None,
        check: |_, r| match r {
            Err(e @ Error::ReplyTooLarge { .. }) => typed("Error::ReplyTooLarge", true, &e),
            other => Err(format!("{other:?}")),
        },
        tls: false,
    }
}

fn cases() -> Vec<Case> {
    let endless = |chunk: Vec<u8>| {
        move |stream: &mut TcpStream| -> std::io::Result<()> {
            loop {
                stream.write_all(&chunk)?;
            }
        }
    };
    vec![
        too_large_chunked("endless chunked body", "200 OK"),
        Case {
            name: "huge Content-Length, endless body",
            behaviour: behaviour(move |_, stream| {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10000000000\r\n\r\n")?;
                endless(vec![b' '; 64 * 1024])(stream)
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::ReplyTooLarge { declared: Some(_), .. }) => {
                    typed("Error::ReplyTooLarge before reading", true, &e)
                }
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        too_large_chunked("error reply with an endless body", "500 Internal Server Error"),
        Case {
            name: "body trickling one byte a second",
            behaviour: behaviour(|_, stream| {
                stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n")?;
                loop {
                    stream.write_all(b" ")?;
                    std::thread::sleep(Duration::from_secs(1));
                }
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Transport(_)) => typed("Error::Transport (timeout)", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "headers that never end",
            behaviour: behaviour(|_, stream| {
                stream.write_all(b"HTTP/1.1 200 OK\r\n")?;
                for n in 0.. {
                    stream.write_all(format!("x-header-{n}: value\r\n").as_bytes())?;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Ok(())
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Transport(_)) => typed("Error::Transport", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "a 10 MB header line",
            behaviour: behaviour(|_, stream| {
                stream.write_all(b"HTTP/1.1 200 OK\r\nx-huge: ")?;
                stream.write_all(&vec![b'a'; 10 * 1024 * 1024])?;
                stream.write_all(b"\r\ncontent-length: 2\r\n\r\n{}")
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Transport(_)) => typed("Error::Transport", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "invalid UTF-8 inside a JSON string",
            behaviour: behaviour(|_, stream| {
                let mut body = br#"{"id":"5e5fbc29e76c9a4be2ed3d39","orgMembershipStatus":"ACTIVE","roles":{},"username":""#.to_vec();
                body.extend_from_slice(&[0xff, 0xfe]);
                body.extend_from_slice(br#""}"#);
                respond(stream, "200 OK", &[("content-type", "application/json".into())], &body)
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Decode { .. }) => typed("Error::Decode", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "JSON nested 100,000 deep",
            behaviour: behaviour(|_, stream| {
                let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
                json(stream, &body)
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Decode { .. }) => typed("Error::Decode (recursion limit)", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "numbers beyond any Rust type",
            behaviour: behaviour(|_, stream| {
                json(
                    stream,
                    r#"{"id":"5e5fbc29e76c9a4be2ed3d39","orgMembershipStatus":"ACTIVE","roles":{"orgRoles":[1e400]},"username":"a@example.com"}"#,
                )
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Decode { .. }) => typed("Error::Decode", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "a duplicate key",
            behaviour: behaviour(|_, stream| {
                json(
                    stream,
                    r#"{"id":"5e5fbc29e76c9a4be2ed3d39","username":"first@example.com","orgMembershipStatus":"ACTIVE","roles":{},"username":"last@example.com"}"#,
                )
            }),
            credentials: None,
            check: |_, r| match r {
                Ok(user) if user.username == "last@example.com" => {
                    Ok("decoded; the last value wins".into())
                }
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "Retry-After of ten years",
            behaviour: behaviour(|_, stream| {
                respond(
                    stream,
                    "503 Service Unavailable",
                    &[("retry-after", (10u64 * 365 * 24 * 3600).to_string())],
                    b"",
                )
            }),
            credentials: None,
            check: |server, r| match r {
                Err(e) if e.status() == Some(503) => {
                    let attempts = server.log.lock().unwrap().len();
                    if attempts == 1 {
                        Ok("Error::Api 503 at once: the wait would pass the deadline, 1 attempt"
                            .into())
                    } else {
                        Err(format!("{attempts} attempts"))
                    }
                }
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "negative Retry-After",
            behaviour: behaviour(|_, stream| {
                respond(stream, "503 Service Unavailable", &[("retry-after", "-5".into())], b"")
            }),
            credentials: None,
            check: |server, r| match r {
                Err(e) if e.status() == Some(503) => Ok(format!(
                    "Error::Api 503 after {} attempts (ignored, backoff used)",
                    server.log.lock().unwrap().len()
                )),
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "a 429 storm",
            behaviour: behaviour(|_, stream| {
                respond(stream, "429 Too Many Requests", &[("retry-after", "0".into())], b"")
            }),
            credentials: None,
            check: |server, r| match r {
                Err(e) if e.status() == Some(429) => {
                    let attempts = server.log.lock().unwrap().len();
                    if attempts == 3 {
                        Ok("Error::Api 429 after the 3 attempts allowed".into())
                    } else {
                        Err(format!("{attempts} attempts"))
                    }
                }
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "a redirect loop",
            behaviour: behaviour(|head, stream| {
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                respond(stream, "302 Found", &[("location", format!("{path}x"))], b"")
            }),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Transport(_)) => {
                    typed("Error::Transport (too many redirects)", true, &e)
                }
                other => Err(format!("{other:?}")),
            },
            tls: false,
        },
        Case {
            name: "a redirect to another host with credentials",
            behaviour: behaviour(|_, stream| {
                // Another origin: another port on this machine, which records what it gets.
                let other = OTHER_HOST.get().unwrap();
                respond(
                    stream,
                    "307 Temporary Redirect",
                    &[("location", format!("http://{}/elsewhere", other.address))],
                    b"",
                )
            }),
            credentials: Some(Credentials::bearer("secret-bearer-token")),
            check: |_, r| {
                let other = OTHER_HOST.get().unwrap();
                let leaked = other
                    .log
                    .lock()
                    .unwrap()
                    .iter()
                    .any(|h| h.to_ascii_lowercase().contains("authorization"));
                match (r, leaked) {
                    (_, true) => {
                        Err("the credentials followed the redirect to another origin".into())
                    }
                    (Ok(_), false) => {
                        Ok("followed without the Authorization header; decoded".into())
                    }
                    (Err(e), false) => {
                        Ok(format!("no credentials sent to the other origin; ended in {e}"))
                    }
                }
            },
            tls: false,
        },
        Case {
            name: "a TLS-less reply to an https URL",
            behaviour: behaviour(|_, stream| json(stream, USER_JSON)),
            credentials: None,
            check: |_, r| match r {
                Err(e @ Error::Transport(_)) => typed("Error::Transport (TLS)", true, &e),
                other => Err(format!("{other:?}")),
            },
            tls: true,
        },
        digest_case("Digest: a malformed challenge", "Digest realm"),
        digest_case(
            "Digest: algorithm=SHA-256",
            r#"Digest realm="r", nonce="abc", qop="auth", algorithm=SHA-256"#,
        ),
        digest_case(
            "Digest: algorithm=MD5-sess",
            r#"Digest realm="r", nonce="abc", qop="auth", algorithm=MD5-sess"#,
        ),
        digest_case("Digest: qop=auth-int", r#"Digest realm="r", nonce="abc", qop="auth-int""#),
        digest_case(
            "Digest: an unknown algorithm",
            r#"Digest realm="r", nonce="abc", qop="auth", algorithm=ROT13"#,
        ),
        Case {
            name: "Digest: a challenge repeated forever",
            behaviour: behaviour(|_, stream| {
                respond(
                    stream,
                    "401 Unauthorized",
                    &[(
                        "www-authenticate",
                        r#"Digest realm="r", nonce="n", qop="auth", stale=true"#.into(),
                    )],
                    b"",
                )
            }),
            credentials: Some(Credentials::digest("public", "private")),
            check: |server, r| {
                let requests = server.log.lock().unwrap().len();
                match r {
                    Err(e) if e.status() == Some(401) && requests <= 3 => {
                        Ok(format!("Error::Api 401 after {requests} requests, no loop"))
                    }
                    other => Err(format!("{other:?} after {requests} requests")),
                }
            },
            tls: false,
        },
    ]
}

static OTHER_HOST: std::sync::OnceLock<Server> = std::sync::OnceLock::new();

#[test]
fn hostile_servers_end_in_a_typed_error_or_an_answer_within_bounds() {
    OTHER_HOST.get_or_init(|| serve(behaviour(|_, stream| json(stream, USER_JSON))));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut failures = Vec::new();
    println!("| case | outcome | time | peak memory of the test process |\n|---|---|---:|---:|");
    for case in cases() {
        let server = serve(case.behaviour.clone());
        let scheme = if case.tls { "https" } else { "http" };
        let client = client(&format!("{scheme}://{}", server.address), case.credentials.clone());
        peak_kb_and_reset();
        let started = Instant::now();
        let result = runtime.block_on(async {
            tokio::time::timeout(CASE_LIMIT, client.get_org_user().org_id(ORG).user_id(USER).send())
                .await
        });
        let elapsed = started.elapsed();
        let peak = peak_kb_and_reset();
        let outcome = match result {
            Err(_) => Err(format!("still running after {CASE_LIMIT:?}")),
            Ok(result) => (case.check)(&server, result),
        };
        let shown = match &outcome {
            Ok(text) => text.clone(),
            Err(text) => format!("FAILED: {text}"),
        };
        println!(
            "| {} | {} | {:.2} s | {} MB |",
            case.name,
            shown.replace('|', "\\|"),
            elapsed.as_secs_f64(),
            peak / 1024
        );
        if outcome.is_err() {
            failures.push(format!("{}: {shown}", case.name));
        }
        if peak > MEMORY_LIMIT_KB {
            failures
                .push(format!("{}: peak memory {peak} kB over {MEMORY_LIMIT_KB} kB", case.name));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
