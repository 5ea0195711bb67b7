//! Credentials and the state behind them: the Digest challenge being reused and the
//! cached service-account token. Secrets never appear in `Debug` output or messages.

use std::fmt;
{%- if has_client_credentials %}
use std::time::{Duration, Instant};

use tokio::sync::Mutex;
{%- endif %}
{%- if has_digest %}

use reqwest::header::HeaderMap;
{%- endif %}
{%- if has_digest || has_client_credentials %}

use super::error::Error;
{%- endif %}

/// A secret string: readable by the client, printed as `***`.
#[derive(Clone)]
pub(crate) struct Secret(pub(crate) String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How the client proves who it is. Pass one to [`ClientBuilder::credentials`](crate::ClientBuilder::credentials).
#[derive(Clone)]
pub struct Credentials(pub(crate) Kind);

#[derive(Clone, Debug)]
pub(crate) enum Kind {
{%- if has_digest %}
    Digest { username: Secret, password: Secret },
{%- endif %}
{%- if has_client_credentials %}
    ServiceAccount { client_id: Secret, client_secret: Secret },
{%- endif %}
{%- if has_basic %}
    Basic { username: Secret, password: Secret },
{%- endif %}
{%- if has_api_key %}
    ApiKey(Secret),
    ApiKeys(Vec<(String, Secret)>),
{%- endif %}
    Bearer(Secret),
}

impl Credentials {
{%- if has_digest %}
    /// HTTP Digest authentication (RFC 7616) with an API key: the public key is the user
    /// name and the private key the password (security scheme `{{ digest_scheme }}`).
    pub fn digest(public_key: impl Into<String>, private_key: impl Into<String>) -> Self {
        Credentials(Kind::Digest { username: Secret(public_key.into()), password: Secret(private_key.into()) })
    }
{%- endif %}
{%- if has_client_credentials %}

    /// An OAuth 2.0 client (a service account): the id and secret are exchanged for a bearer
    /// token at the token URL, which is cached and refreshed before it expires (security
    /// scheme `{{ client_credentials_scheme }}`).
    pub fn service_account(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Credentials(Kind::ServiceAccount { client_id: Secret(client_id.into()), client_secret: Secret(client_secret.into()) })
    }
{%- endif %}

{%- if has_basic %}

    /// HTTP Basic authentication (RFC 7617): a user name and a password, sent with every
    /// request (security scheme `{{ basic_scheme }}`).
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials(Kind::Basic { username: Secret(username.into()), password: Secret(password.into()) })
    }
{%- endif %}
{%- if has_api_key %}

    /// An API key, sent with every request in the `{{ api_key_header }}` header (security
    /// scheme `{{ api_key_scheme }}`).
    pub fn api_key(key: impl Into<String>) -> Self {
        Credentials(Kind::ApiKey(Secret(key.into())))
    }

    /// Several API keys, each sent with every request in the header it names: for APIs
    /// whose operations need more than one (a client id and a secret, say).
    pub fn api_keys<N: Into<String>, K: Into<String>>(keys: impl IntoIterator<Item = (N, K)>) -> Self {
        Credentials(Kind::ApiKeys(keys.into_iter().map(|(header, key)| (header.into(), Secret(key.into()))).collect()))
    }
{%- endif %}

    /// A bearer token obtained elsewhere (an OAuth 2.0 access token, a personal token), sent
    /// as `Authorization: Bearer ...`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credentials(Kind::Bearer(Secret(token.into())))
    }

    /// Which kind of credentials these are, for logs: never the secrets themselves.
    pub fn kind(&self) -> &'static str {
        match &self.0 {
{%- if has_digest %}
            Kind::Digest { .. } => "digest",
{%- endif %}
{%- if has_client_credentials %}
            Kind::ServiceAccount { .. } => "service account",
{%- endif %}
{%- if has_basic %}
            Kind::Basic { .. } => "basic",
{%- endif %}
{%- if has_api_key %}
            Kind::ApiKey(_) => "API key",
            Kind::ApiKeys(_) => "API keys",
{%- endif %}
            Kind::Bearer(_) => "bearer token",
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credentials({} ***)", self.kind())
    }
}

/// The live authentication state of one client.
pub(crate) enum Auth {
{%- if has_digest %}
    Digest { username: Secret, password: Secret, challenge: std::sync::Mutex<Option<digest_auth::WwwAuthenticateHeader>> },
{%- endif %}
{%- if has_client_credentials %}
    // Boxed: the token cache is several times larger than the other variants.
    ServiceAccount(Box<TokenSource>),
{%- endif %}
    /// Headers sent as they are with every request: `Authorization: Bearer ..`,
    /// `Authorization: Basic ..`, or API keys' headers.
    Headers(Vec<(std::borrow::Cow<'static, str>, Secret)>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Auth(***)")
    }
}

impl Auth {
{%- if has_client_credentials %}
    pub(crate) fn new(credentials: Credentials, token_url: url::Url) -> Self {
{%- else %}
    pub(crate) fn new(credentials: Credentials) -> Self {
{%- endif %}
        match credentials.0 {
{%- if has_digest %}
            Kind::Digest { username, password } => Auth::Digest { username, password, challenge: std::sync::Mutex::new(None) },
{%- endif %}
{%- if has_client_credentials %}
            Kind::ServiceAccount { client_id, client_secret } => {
                Auth::ServiceAccount(Box::new(TokenSource { client_id, client_secret, token_url, cached: Mutex::new(TokenState::default()), fetches: Default::default() }))
            }
{%- endif %}
{%- if has_basic %}
            Kind::Basic { username, password } => {
                use base64::Engine;
                let pair = format!("{}:{}", username.expose(), password.expose());
                Auth::Headers(vec![("authorization".into(), Secret(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))))])
            }
{%- endif %}
{%- if has_api_key %}
            Kind::ApiKey(key) => Auth::Headers(vec![("{{ api_key_header|lower }}".into(), key)]),
            Kind::ApiKeys(keys) => Auth::Headers(keys.into_iter().map(|(header, key)| (header.to_ascii_lowercase().into(), key)).collect()),
{%- endif %}
            Kind::Bearer(token) => Auth::Headers(vec![("authorization".into(), Secret(format!("Bearer {}", token.expose())))]),
        }
    }
}
{%- if has_digest %}

/// The `Authorization` header answering the Digest challenge last seen, with the next `nc`.
pub(crate) fn digest_authorization(
    username: &Secret,
    password: &Secret,
    challenge: &std::sync::Mutex<Option<digest_auth::WwwAuthenticateHeader>>,
    method: &str,
    uri: &str,
    body: Option<&[u8]>,
) -> Result<Option<String>, Error> {
    let mut guard = challenge.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(prompt) = guard.as_mut() else { return Ok(None) };
    let context = digest_auth::AuthContext::new_with_method(
        username.expose(),
        password.expose(),
        uri,
        body,
        digest_auth::HttpMethod(std::borrow::Cow::Owned(method.to_string())),
    );
    let header = prompt.respond(&context).map_err(|e| Error::Auth(format!("cannot answer the Digest challenge: {e}")))?;
    Ok(Some(header.to_header_string()))
}

/// The Digest challenge of a 401 reply, if it has one.
pub(crate) fn digest_challenge(headers: &HeaderMap) -> Option<digest_auth::WwwAuthenticateHeader> {
    headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.trim_start().get(..6).is_some_and(|s| s.eq_ignore_ascii_case("digest")))
        .and_then(|v| digest_auth::parse(v).ok())
}
{%- endif %}
{%- if has_client_credentials %}

/// How long before its expiry a token is replaced, so a request never carries a token that
/// expires in flight; a quarter of the lifetime for tokens that live less than 4 minutes.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Service-account tokens: fetched on first use, cached, refreshed before expiry. The
/// mutex is held while fetching, so many requests that start together cause one fetch, and
/// share its failure too: a wrong secret costs one token request per burst, not one per
/// waiting request.
pub(crate) struct TokenSource {
    client_id: Secret,
    client_secret: Secret,
    token_url: url::Url,
    cached: Mutex<TokenState>,
    /// How many fetches have finished, read before waiting for the mutex: a waiter that sees
    /// it moved knows a fetch happened while it waited.
    fetches: std::sync::atomic::AtomicU64,
}

#[derive(Default)]
pub(crate) struct TokenState {
    token: Option<Token>,
    /// The last fetch's failure, as the message of an [`Error::Auth`].
    failure: Option<String>,
}

#[derive(Clone)]
pub(crate) struct Token {
    pub(crate) header: Secret,
    /// When it is replaced: its expiry less the refresh margin.
    refresh_at: Instant,
}

#[derive(serde::Deserialize)]
struct TokenReply {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl TokenSource {
    /// A valid token, from the cache or fetched now.
    pub(crate) async fn token(&self, http: &super::client::Http) -> Result<Token, Error> {
        use std::sync::atomic::Ordering;
        let seen = self.fetches.load(Ordering::Acquire);
        let mut state = self.cached.lock().await;
        if let Some(token) = state.token.as_ref() {
            if Instant::now() < token.refresh_at {
                return Ok(token.clone());
            }
        }
        // A fetch finished while this request waited, and failed: the same answer, not
        // another request to the token endpoint.
        if let (Some(failure), true) = (&state.failure, self.fetches.load(Ordering::Acquire) != seen) {
            return Err(Error::Auth(failure.clone()));
        }
        let fetched = self.fetch(http).await;
        self.fetches.fetch_add(1, Ordering::AcqRel);
        match fetched {
            Ok(token) => {
                *state = TokenState { token: Some(token.clone()), failure: None };
                Ok(token)
            }
            Err(message) => {
                state.failure = Some(message.clone());
                Err(Error::Auth(message))
            }
        }
    }

    /// Drops `rejected` from the cache (if no other request replaced it already).
    pub(crate) async fn invalidate(&self, rejected: &Token) {
        let mut state = self.cached.lock().await;
        if state.token.as_ref().is_some_and(|t| t.header.expose() == rejected.header.expose()) {
            state.token = None;
        }
    }

    /// One token request; the error is the message of an [`Error::Auth`].
    async fn fetch(&self, http: &super::client::Http) -> Result<Token, String> {
        tracing::debug!(token_url = %self.token_url, "fetching a service-account token");
        // RFC 6749 section 2.3.1: the id and secret are form-urlencoded before they are
        // joined for HTTP Basic, so `:`, `+`, `%`, `/` and `=` reach the server intact.
        let encode = |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let reply = http
            .request(reqwest::Method::POST, self.token_url.clone())
            .basic_auth(encode(self.client_id.expose()), Some(encode(self.client_secret.expose())))
            .header(reqwest::header::ACCEPT, "application/json")
            .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|e| format!("the token request to {} failed: {e}", self.token_url))?;
        let status = reply.status().as_u16();
        // A token reply is small: a megabyte is far more than enough.
        let body = super::reply::read_limited(reply, 1024 * 1024).await.map_err(|e| format!("the token reply could not be read: {e}"))?;
        if !(200..300).contains(&status) {
            // RFC 6749 section 5.2: the server says why in `error` and `error_description`.
            #[derive(serde::Deserialize)]
            struct OAuthError {
                error: String,
                error_description: Option<String>,
            }
            let why = match serde_json::from_slice::<OAuthError>(&body) {
                Ok(e) => format!(": {}{}", e.error, e.error_description.map(|d| format!(" ({d})")).unwrap_or_default()),
                Err(_) => String::new(),
            };
            return Err(format!("the token endpoint {} replied {status}{why}", self.token_url));
        }
        let parsed: TokenReply = serde_json::from_slice(&body).map_err(|e| format!("the token reply is not the expected JSON: {e}"))?;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600));
        let refresh_at = Instant::now() + lifetime - REFRESH_MARGIN.min(lifetime / 4);
        Ok(Token { header: Secret(format!("Bearer {}", parsed.access_token)), refresh_at })
    }
}
{%- endif %}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_names_the_kind_and_never_a_secret() {
        assert_eq!(format!("{:?}", Secret("hunter2".into())), "***");
        let bearer = Credentials::bearer("hunter2");
        assert_eq!((bearer.kind(), format!("{bearer:?}").as_str()), ("bearer token", "Credentials(bearer token ***)"));
{%- if has_digest %}
        assert_eq!(Credentials::digest("public", "hunter2").kind(), "digest");
{%- endif %}
{%- if has_client_credentials %}
        assert_eq!(Credentials::service_account("id", "hunter2").kind(), "service account");
{%- endif %}
{%- if has_basic %}
        assert_eq!(Credentials::basic("user", "hunter2").kind(), "basic");
{%- endif %}
{%- if has_api_key %}
        assert_eq!(Credentials::api_key("hunter2").kind(), "API key");
        assert_eq!(Credentials::api_keys([("X-Key", "hunter2")]).kind(), "API keys");
{%- endif %}
{%- if has_client_credentials %}
        let auth = Auth::new(bearer, url::Url::parse("https://127.0.0.1/token").unwrap());
{%- else %}
        let auth = Auth::new(bearer);
{%- endif %}
        assert_eq!(format!("{auth:?}"), "Auth(***)");
    }
}
