//! A real forward proxy: Debian's `tinyproxy`, started on a free 127.0.0.1 port with its own
//! configuration and log, and stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Tinyproxy {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl Tinyproxy {
    pub fn start(name: &str) -> Tinyproxy {
        let binary = ["/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"]
            .into_iter()
            .find(|p| Path::new(p).exists())
            .unwrap_or_else(|| panic!("tinyproxy is not installed: run `apt-get install tinyproxy` (bash .ci/run does it)"));
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("e2e-tinyproxy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("tinyproxy.log");
        // `Info` logs one `Request` line per proxied request, with its method and URL.
        let config = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\nAllow 127.0.0.1\nLogFile \"{}\"\nLogLevel Info\nDisableViaHeader No\n",
            log.display()
        );
        std::fs::write(dir.join("tinyproxy.conf"), config).unwrap();
        let child = Command::new(binary)
            .args(["-d", "-c"])
            .arg(dir.join("tinyproxy.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tinyproxy starts");
        let proxy = Tinyproxy { child, port, dir };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "tinyproxy did not listen within 15 s; log:\n{}",
                proxy.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        proxy
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The proxy's log as it is now.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("tinyproxy.log")).unwrap_or_default()
    }

    /// The `METHOD URL` of each request the proxy forwarded, from its log.
    pub fn requests(&self) -> Vec<String> {
        // The log line is written as the request is handled; give it a moment.
        std::thread::sleep(Duration::from_millis(100));
        self.log()
            .lines()
            .filter_map(|line| line.split_once("Request (file descriptor ").map(|(_, rest)| rest))
            .filter_map(|rest| {
                rest.split_once("): ")
                    .map(|(_, request)| request.trim_end_matches(" HTTP/1.1").to_string())
            })
            .collect()
    }
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
