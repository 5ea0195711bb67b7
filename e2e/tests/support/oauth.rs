//! oidc-provider (npm, pinned in `tools/oauth/package-lock.json`) as a real OAuth 2.0
//! authorization server: clients registered for `client_credentials` with
//! `client_secret_basic`, a token lifetime of our choosing, and a count of the requests its
//! token endpoint received. Started by each test on a free 127.0.0.1 port under a watchdog
//! that stops it when the test process goes away (its standard input closes).

use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn tools() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().join("tools/oauth")
}

/// Installs the pinned packages with `npm ci` if they are not there yet.
fn install() {
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|p| p.into_inner());
    if tools().join("node_modules/oidc-provider").exists() {
        return;
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(tools())
        .output()
        .expect("npm runs (Node.js and npm are needed)");
    assert!(output.status.success(), "npm ci failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

pub struct AuthorizationServer {
    pub url: String,
    child: Child,
    _stdin: ChildStdin,
}

impl AuthorizationServer {
    /// Starts a server knowing `clients` (id, secret) whose tokens live `ttl_seconds`.
    pub fn start(clients: &[(&str, &str)], ttl_seconds: u64) -> AuthorizationServer {
        install();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let clients: Vec<serde_json::Value> = clients
            .iter()
            .map(|(id, secret)| serde_json::json!({"client_id": id, "client_secret": secret}))
            .collect();
        let mut child = Command::new("node")
            .arg("server.mjs")
            .arg(port.to_string())
            .current_dir(tools())
            .env("OAUTH_CLIENTS", serde_json::to_string(&clients).unwrap())
            .env("OAUTH_TOKEN_TTL", ttl_seconds.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("node starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
        let started = Instant::now();
        let mut line = String::new();
        loop {
            line.clear();
            let read = std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
            assert!(read > 0, "oidc-provider exited before listening");
            if line.starts_with("listening") {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "oidc-provider did not start");
        }
        AuthorizationServer { url: format!("http://127.0.0.1:{port}"), child, _stdin: stdin }
    }

    pub fn token_url(&self) -> String {
        format!("{}/token", self.url)
    }

    /// How many requests its token endpoint received.
    pub async fn token_requests(&self) -> u64 {
        let text = reqwest::get(format!("{}/__token_requests", self.url))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let reply: serde_json::Value = serde_json::from_str(&text).unwrap();
        reply["count"].as_u64().unwrap()
    }
}

impl Drop for AuthorizationServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
