//! When and how long to wait before trying a request again.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// Retries of requests that failed in a way that may pass: `429 Too Many Requests`,
/// `503 Service Unavailable`, and connections that failed or were reset.
///
/// Only idempotent requests (GET, HEAD, OPTIONS, PUT, DELETE) are retried unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) is set, since a POST or PATCH that
/// reached the server may have taken effect.
#[derive(Clone, Debug)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) deadline: Duration,
    pub(crate) non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Up to 3 attempts, backoff from 0.5 s doubling to at most 10 s with full jitter, all
    /// attempts within 60 s, idempotent requests only.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            deadline: Duration::from_secs(60),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }

    /// How many times a request may be sent in all (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff; each retry doubles it, up to [`max_backoff`](Self::max_backoff).
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, including one asked for by `Retry-After`.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The time all attempts of one request must fit in; no retry starts after it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Also retry POST and PATCH requests.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1`: the server's `Retry-After` when it sent one,
    /// otherwise exponential backoff with full jitter; capped at `max_backoff`.
    pub(crate) fn wait(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(after) = headers.and_then(retry_after) {
            return after.min(self.max_backoff);
        }
        let exponent = attempt.saturating_sub(1).min(16);
        let ceiling = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(std::time::SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy::default().initial_backoff(Duration::from_millis(100)).max_backoff(Duration::from_secs(1))
    }

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, retry_after.parse().unwrap());
        headers
    }

    /// The longest of many jittered waits before attempt `attempt + 1`.
    fn longest_wait(policy: &RetryPolicy, attempt: u32) -> Duration {
        fastrand::seed(7);
        (0..200).map(|_| policy.wait(attempt, None)).max().unwrap()
    }

    #[test]
    fn backoff_doubles_per_attempt_under_full_jitter_up_to_the_cap() {
        let policy = policy();
        let first = longest_wait(&policy, 1);
        assert!(first < Duration::from_millis(100) && first > Duration::from_millis(90), "{first:?}");
        let third = longest_wait(&policy, 3);
        assert!(third < Duration::from_millis(400) && third > Duration::from_millis(360), "{third:?}");
        let late = longest_wait(&policy, 40);
        assert!(late <= Duration::from_secs(1) && late > Duration::from_millis(900), "{late:?}");
    }

    #[test]
    fn the_servers_retry_after_wins_but_is_capped() {
        let policy = policy();
        assert_eq!(policy.wait(1, Some(&headers("0"))), Duration::ZERO);
        assert_eq!(policy.wait(1, Some(&headers(" 1 "))), Duration::from_secs(1));
        assert_eq!(policy.wait(1, Some(&headers("120"))), Duration::from_secs(1));
        let soon = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        let wait = retry_after(&headers(&soon)).unwrap();
        assert!(wait > Duration::from_secs(28) && wait <= Duration::from_secs(30), "{wait:?}");
        assert_eq!(retry_after(&headers("Wed, 21 Oct 2015 07:28:00 GMT")), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn a_policy_sends_at_least_once() {
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
        assert_eq!(RetryPolicy::disabled().max_attempts, 1);
        let policy = RetryPolicy::default().deadline(Duration::from_secs(5)).retry_non_idempotent(true);
        assert_eq!((policy.deadline, policy.non_idempotent), (Duration::from_secs(5), true));
    }
}
