//! A real Apache httpd with `mod_auth_digest`, started on a free 127.0.0.1 port with its
//! own configuration, document root and CGI script, and stopped when dropped.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const REALM: &str = "atlas-test";
pub const USER: &str = "pubkey-ab12cd34";
pub const PASSWORD: &str = "private-9f8e7d6c-5b4a-3210";

/// The CGI behind every `/api/...` path. A users path (`.../users...`) returns a pending
/// organization user whose role is the `orgRole` of the request body, if any. Otherwise GET
/// returns an invitation, POST and PATCH one whose `username` is taken from the request body
/// (so the body provably arrived).
const CGI: &str = r#"#!/bin/sh
case "$PATH_INFO" in
  */users*)
    printf 'Content-Type: application/vnd.atlas.2025-02-19+json\r\n\r\n'
    body=$(head -c "${CONTENT_LENGTH:-0}")
    role=$(printf '%s' "$body" | sed -n 's/.*"orgRole":"\([^"]*\)".*/\1/p')
    printf '{"id":"5e5fbc29e76c9a4be2ed3d39","orgMembershipStatus":"PENDING","roles":{"orgRoles":["%s"]},"username":"pending@example.com"}' "${role:-ORG_MEMBER}"
    exit 0;;
esac
printf 'Content-Type: application/vnd.atlas.2023-01-01+json\r\n\r\n'
if [ "$REQUEST_METHOD" = "GET" ]; then
  printf '{"id":"5f43a2b6c7d1e8f9a0b1c2d3","orgId":"4888442a3354817a7320eb61","orgName":"Acme","roles":["ORG_MEMBER"],"username":"get@example.com"}'
else
  body=$(head -c "${CONTENT_LENGTH:-0}")
  user=$(printf '%s' "$body" | sed -n 's/.*"username":"\([^"]*\)".*/\1/p')
  printf '{"orgName":"Acme","roles":["ORG_OWNER"],"username":"%s","method":"%s"}' "$user" "$REQUEST_METHOD"
fi
"#;

pub struct Apache {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn md5_hex(text: &str) -> String {
    use md5::Digest;
    md5::Md5::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

impl Apache {
    /// Starts httpd. `/api/...` has a nonce lifetime of 300 s; `/stale/api/...` one of 1 s,
    /// so a client that waits over a second sees `stale=true`.
    pub fn start(name: &str) -> Apache {
        let binary = ["/usr/sbin/apache2", "/usr/sbin/httpd"].into_iter().find(|p| Path::new(p).exists()).unwrap_or_else(|| {
            panic!("Apache httpd is not installed: run `apt-get install apache2` (bash .ci/run does it)")
        });
        let modules = Path::new("/usr/lib/apache2/modules");
        // Under the system temp dir, not the target dir: httpd's workers run as www-data and
        // must traverse every parent directory, which a checkout under /root would forbid.
        let dir = std::env::temp_dir()
            .join(format!("atlas-invites-e2e-apache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("cgi-bin")).unwrap();
        std::fs::create_dir_all(dir.join("htdocs")).unwrap();
        for path in [dir.clone(), dir.join("cgi-bin"), dir.join("htdocs")] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let script = dir.join("cgi-bin/api.cgi");
        std::fs::write(&script, CGI).unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::write(
            dir.join("htdigest"),
            format!("{USER}:{REALM}:{}\n", md5_hex(&format!("{USER}:{REALM}:{PASSWORD}"))),
        )
        .unwrap();
        let port = free_port();
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false);
        let user = if root { "User www-data\nGroup www-data\n" } else { "" };
        let d = dir.display();
        let m = modules.display();
        let location = |path: &str, lifetime: u32| {
            format!(
                "<Location {path}>\n  AuthType Digest\n  AuthName \"{REALM}\"\n  AuthDigestProvider file\n  AuthUserFile \"{d}/htdigest\"\n  AuthDigestNonceLifetime {lifetime}\n  Require valid-user\n</Location>\n"
            )
        };
        let config = format!(
            "ServerRoot \"{d}\"\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile \"{d}/httpd.pid\"\nErrorLog \"{d}/error.log\"\n\
             LoadModule mpm_prefork_module {m}/mod_mpm_prefork.so\n\
             LoadModule authz_core_module {m}/mod_authz_core.so\nLoadModule authz_user_module {m}/mod_authz_user.so\n\
             LoadModule authn_core_module {m}/mod_authn_core.so\nLoadModule authn_file_module {m}/mod_authn_file.so\n\
             LoadModule auth_digest_module {m}/mod_auth_digest.so\nLoadModule alias_module {m}/mod_alias.so\n\
             LoadModule cgi_module {m}/mod_cgi.so\n\
             {user}StartServers 2\nLogFormat \"%m %U%q %>s\" plain\nCustomLog \"{d}/access.log\" plain\nDocumentRoot \"{d}/htdocs\"\n\
             ScriptAlias /api/ \"{d}/cgi-bin/api.cgi/\"\nScriptAlias /stale/api/ \"{d}/cgi-bin/api.cgi/\"\n{}{}",
            location("/api/", 300),
            location("/stale/api/", 1),
        );
        std::fs::write(dir.join("httpd.conf"), config).unwrap();
        use std::os::unix::process::CommandExt;
        // Its own process group: on shutdown httpd signals its whole group, which must not
        // include the test process.
        let child = Command::new(binary)
            .args(["-f", &format!("{d}/httpd.conf"), "-DFOREGROUND"])
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("apache starts");
        let mut apache = Apache { child, port, dir };
        apache.wait_ready();
        apache
    }

    fn wait_ready(&mut self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(status)) = self.child.try_wait() {
                let mut stderr = String::new();
                use std::io::Read;
                let _ = self.child.stderr.take().map(|mut e| e.read_to_string(&mut stderr));
                panic!("apache exited with {status} before listening: {stderr}");
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "apache did not listen within 15 s; error log:\n{}",
            std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
        );
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The access log: one `METHOD PATH?QUERY STATUS` line per request.
    pub fn access_log(&self) -> Vec<String> {
        // Apache writes the log line after the reply; give it a moment.
        std::thread::sleep(Duration::from_millis(100));
        std::fs::read_to_string(self.dir.join("access.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }
}

impl Drop for Apache {
    /// SIGTERM lets the parent stop its prefork children; SIGKILL only if it hangs.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let started = Instant::now();
        while !matches!(self.child.try_wait(), Ok(Some(_))) {
            if started.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
