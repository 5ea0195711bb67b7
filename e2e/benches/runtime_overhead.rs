//! The generated client's cost per call against the same call written by hand with reqwest
//! and serde-derive: `get_org_invite().send()` decoding one invitation, both against one
//! loopback server in this process, in alternating blocks so drift and noise hit both alike.
//! Allocations are counted on the client's thread only (the server runs on its own).
//!
//! Run by `cargo xtask bench` (`cargo bench -p e2e --bench runtime_overhead`); prints a
//! Markdown section for BENCHMARKS.md.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Counts allocations made on threads that opted in (the client's).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTED.try_with(Cell::get).unwrap_or(false) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const ORG: &str = "4888442a3354817a7320eb61";
const INVITE: &str = "5f43a2b6c7d1e8f9a0b1c2d3";
const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";

/// The reply: a realistic invitation, with a role this client does not know and a field it
/// ignores.
fn reply_body() -> String {
    serde_json::json!({
        "createdAt": "2026-11-01T09:30:00Z",
        "expiresAt": "2026-12-01T09:30:00Z",
        "groupRoleAssignments": [{"groupId": "32b6e34b3d91647abb20e7b8", "groupRole": "GROUP_OWNER"}],
        "id": INVITE,
        "inviterUsername": "owner@example.com",
        "links": [{"href": "https://cloud.mongodb.com/api/atlas/v2/orgs/x", "rel": "self"}],
        "orgId": ORG,
        "orgName": "Acme",
        "roles": ["ORG_MEMBER", "ORG_FUTURE_ROLE"],
        "teamIds": ["6a7b8c9d0e1f2a3b4c5d6e7f"],
        "username": "new.user@example.com",
        "someFieldAddedLater": {"nested": true}
    })
    .to_string()
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request with the invitation,
/// on a thread and runtime of its own.
fn start_server() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    let body = reply_body();
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {MEDIA}\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 16 * 1024];
                    let mut filled = 0;
                    loop {
                        let Ok(n) = socket.read(&mut buffer[filled..]).await else { return };
                        if n == 0 {
                            return;
                        }
                        filled += n;
                        // Requests here are GETs without a body: one per blank line.
                        while let Some(end) =
                            buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                        {
                            if socket.write_all(&response).await.is_err() {
                                return;
                            }
                            buffer.copy_within(end + 4..filled, 0);
                            filled -= end + 4;
                        }
                    }
                });
            }
        });
    });
    format!("http://{address}")
}

/// The call written by hand: reqwest and a serde-derived struct with the same fields.
mod by_hand {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)] // decoded, as the generated client does, but not read
    pub struct GroupRole {
        pub group_id: Option<String>,
        pub group_role: Option<String>,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    pub struct Link {
        pub href: Option<String>,
        pub rel: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    pub struct Invitation {
        pub created_at: Option<chrono::DateTime<chrono::Utc>>,
        pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
        pub group_role_assignments: Option<Vec<GroupRole>>,
        pub id: Option<String>,
        pub inviter_username: Option<String>,
        pub links: Option<Vec<Link>>,
        pub org_id: Option<String>,
        pub org_name: String,
        pub roles: Option<Vec<String>>,
        pub team_ids: Option<Vec<String>>,
        pub username: Option<String>,
    }

    pub async fn get_org_invite(
        http: &reqwest::Client,
        base: &str,
        org: &str,
        invite: &str,
    ) -> Result<Invitation, Box<dyn std::error::Error>> {
        let reply = http
            .get(format!("{base}/api/atlas/v2/orgs/{org}/invites/{invite}"))
            .header("accept", super::MEDIA)
            .send()
            .await?;
        if !reply.status().is_success() {
            return Err(format!("status {}", reply.status()).into());
        }
        let bytes = reply.bytes().await?;
        Ok(serde_json::from_slice(&bytes)?)
    }
}

struct Side {
    elapsed: Duration,
    calls: u64,
    allocations: u64,
}

impl Side {
    fn per_call_us(&self) -> f64 {
        self.elapsed.as_secs_f64() * 1e6 / self.calls as f64
    }
}

fn main() {
    // `cargo bench` passes `--bench`; no other arguments are taken.
    let blocks: u64 =
        std::env::var("RUNTIME_BENCH_BLOCKS").ok().and_then(|v| v.parse().ok()).unwrap_or(40);
    let per_block: u64 =
        std::env::var("RUNTIME_BENCH_CALLS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    let base = start_server();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let generated = atlas_invites::Client::builder().base_url(&base).build().unwrap();
    // Configured as a careful hand-written client would be, and as the generated one is:
    // a total timeout and a connect timeout.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .connect_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let mut sides = [
        Side { elapsed: Duration::ZERO, calls: 0, allocations: 0 },
        Side { elapsed: Duration::ZERO, calls: 0, allocations: 0 },
    ];
    runtime.block_on(async {
        // Warm both: connections open, patterns compiled, caches filled.
        for _ in 0..200 {
            #[allow(deprecated)]
            let invite =
                generated.get_org_invite().org_id(ORG).invitation_id(INVITE).send().await.unwrap();
            assert_eq!(invite.org_name, "Acme");
            let invite = by_hand::get_org_invite(&http, &base, ORG, INVITE).await.unwrap();
            assert_eq!(invite.org_name, "Acme");
        }
        COUNTED.with(|c| c.set(true));
        for block in 0..blocks {
            // Alternate which side goes first, so neither always runs on a warmer machine.
            let order: [usize; 2] = if block % 2 == 0 { [0, 1] } else { [1, 0] };
            for side in order {
                let allocations = ALLOCATIONS.load(Ordering::Relaxed);
                let started = Instant::now();
                for _ in 0..per_block {
                    if side == 0 {
                        #[allow(deprecated)]
                        let invite = generated
                            .get_org_invite()
                            .org_id(ORG)
                            .invitation_id(INVITE)
                            .send()
                            .await
                            .unwrap();
                        std::hint::black_box(invite);
                    } else {
                        let invite =
                            by_hand::get_org_invite(&http, &base, ORG, INVITE).await.unwrap();
                        std::hint::black_box(invite);
                    }
                }
                sides[side].elapsed += started.elapsed();
                sides[side].calls += per_block;
                sides[side].allocations += ALLOCATIONS.load(Ordering::Relaxed) - allocations;
            }
        }
        COUNTED.with(|c| c.set(false));
    });
    let [ours, hand] = &sides;
    println!("## Runtime overhead of a generated call\n");
    println!(
        "`get_org_invite().send()` decoding one invitation, against the same call written by hand with reqwest and serde-derive \
         (same fields, dates as `chrono`), both on one loopback HTTP/1.1 keep-alive server in the same process, {blocks} alternating \
         blocks of {per_block} calls each (`cargo bench -p e2e --bench runtime_overhead`, optimized). Allocations are counted on the client's thread.\n"
    );
    println!("| client | time per call | allocations per call |\n|---|---:|---:|");
    println!(
        "| generated (`atlas_invites`) | {:.1} µs | {:.1} |",
        ours.per_call_us(),
        ours.allocations as f64 / ours.calls as f64
    );
    println!(
        "| by hand (reqwest + serde-derive) | {:.1} µs | {:.1} |",
        hand.per_call_us(),
        hand.allocations as f64 / hand.calls as f64
    );
    println!(
        "\nRatio generated / by hand: {:.3}x the time, {:.2}x the allocations.",
        ours.per_call_us() / hand.per_call_us(),
        ours.allocations as f64 / hand.allocations.max(1) as f64
    );
}
