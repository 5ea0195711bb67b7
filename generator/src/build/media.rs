//! Media types: which ones are JSON, forms, multipart, text or streams, and which version of
//! a versioned media type to use.

use crate::model::StreamFormat;

/// `type/subtype` in lower case, without parameters (`; charset=utf-8`).
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// JSON and any `+json` structured syntax suffix (`application/vnd.atlas.2023-01-01+json`).
pub fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// `application/x-www-form-urlencoded`, whose body is typed by its schema and written as a
/// form.
pub fn is_form(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "application/x-www-form-urlencoded"
}

/// `text/plain`, whose reply is returned as a `String`.
pub fn is_text(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "text/plain"
}

/// `multipart/form-data` and `multipart/mixed`, whose body is typed by its schema and sent
/// as one part per property.
pub fn is_multipart(media_type: &str) -> bool {
    let essence = essence(media_type);
    essence == "multipart/form-data" || essence == "multipart/mixed"
}

/// The format of a streaming media type, if it is one.
pub fn stream_format(media_type: &str) -> Option<StreamFormat> {
    match essence(media_type).as_str() {
        "text/event-stream" => Some(StreamFormat::ServerSentEvents),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(StreamFormat::JsonLines),
        _ => None,
    }
}

/// A `YYYY-MM-DD` date inside a media type, the version of vendor media types such as
/// `application/vnd.atlas.2024-08-05+json`.
pub fn version_date(media_type: &str) -> Option<&str> {
    let bytes = media_type.as_bytes();
    // Match on bytes first: the text may hold multi-byte characters, and only an all-ASCII
    // match is sliced (found by the fuzzer: slicing first panicked inside a character).
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let b = &bytes[i..i + 10];
        let digits = [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&j| b[j].is_ascii_digit());
        (digits && b[4] == b'-' && b[7] == b'-').then(|| &media_type[i..i + 10])
    })
}

/// Picks the media type to use from those an operation offers: JSON first; among dated
/// versions the newest on or before `api_version` (the newest overall without one).
pub fn choose<'a>(
    offered: impl Iterator<Item = &'a str>,
    api_version: Option<&str>,
) -> Option<&'a str> {
    let offered: Vec<&str> = offered.collect();
    let json: Vec<&str> = offered.iter().copied().filter(|m| is_json(m)).collect();
    let pool = if json.is_empty() { offered } else { json };
    let dated: Vec<(&str, &str)> =
        pool.iter().filter_map(|m| version_date(m).map(|d| (d, *m))).collect();
    if dated.is_empty() {
        return pool.first().copied();
    }
    let eligible = dated.iter().filter(|(date, _)| api_version.is_none_or(|limit| *date <= limit));
    eligible
        .max_by_key(|(date, _)| *date)
        .or_else(|| dated.iter().min_by_key(|(date, _)| *date))
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_newest_version_within_limit() {
        let offered = [
            "application/vnd.atlas.2023-01-01+json",
            "application/vnd.atlas.2024-08-05+json",
            "text/csv",
        ];
        assert_eq!(
            choose(offered.iter().copied(), None),
            Some("application/vnd.atlas.2024-08-05+json")
        );
        assert_eq!(
            choose(offered.iter().copied(), Some("2024-01-01")),
            Some("application/vnd.atlas.2023-01-01+json")
        );
        // Nothing on or before the limit: the oldest version is the closest there is.
        assert_eq!(
            choose(offered.iter().copied(), Some("2020-01-01")),
            Some("application/vnd.atlas.2023-01-01+json")
        );
        assert_eq!(choose(["text/csv"].iter().copied(), None), Some("text/csv"));
        assert!(is_json("application/json; charset=utf-8"));
        assert_eq!(version_date("application/vnd.é2024-01-01é+json"), Some("2024-01-01"));
        assert_eq!(version_date("é\u{1F600}ab"), None);
        assert!(!is_json("text/csv"));
    }
}
