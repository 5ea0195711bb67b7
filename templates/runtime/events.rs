//! Streaming replies: `text/event-stream` cut into events by the WHATWG rules, and JSON lines
//! (`application/x-ndjson`, `application/jsonl`), each event's data decoded as the type the
//! API describes when it is JSON. Events reach the caller as they arrive; each is bounded by
//! the client's `max_reply_size`.

// Which parts are used depends on the API's replies.
#![allow(dead_code)]

use std::collections::VecDeque;

use serde::de::DeserializeOwned;

use super::error::Error;

/// The events of a streaming reply, as they arrive. The stream ends when the server closes
/// the reply; a failure (the connection broke, an event too large, data that is JSON but not
/// of the documented shape) is an `Err` item, and after a transport failure the stream ends.
pub type EventStream<T> = std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<Event<T>, Error>> + Send>>;

/// One event.
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T> {
    /// The event's type (`event:`), if the server named one.
    pub event: Option<String>,
    /// The last event id the server set (`id:`), if any.
    pub id: Option<String>,
    /// The reconnection time the server asked for (`retry:`), in milliseconds.
    pub retry: Option<u64>,
    /// What the event carries.
    pub data: EventData<T>,
}

/// An event's data: decoded when it is JSON, kept as text when it is not (such as the
/// `[DONE]` some APIs send last).
#[derive(Clone, Debug, PartialEq)]
pub enum EventData<T> {
    /// JSON data, decoded as the type the API describes.
    Json(T),
    /// Data that is not JSON, as sent.
    Text(String),
}

impl<T> EventData<T> {
    /// The decoded value, if the data was JSON.
    pub fn json(&self) -> Option<&T> {
        match self {
            EventData::Json(value) => Some(value),
            EventData::Text(_) => None,
        }
    }

    /// Takes the decoded value, if the data was JSON.
    pub fn into_json(self) -> Option<T> {
        match self {
            EventData::Json(value) => Some(value),
            EventData::Text(_) => None,
        }
    }
}

/// How the bytes of a stream are cut into events.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    ServerSentEvents,
    JsonLines,
}

/// The raw fields of one event before its data is decoded.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct RawEvent {
    pub(crate) event: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) retry: Option<u64>,
    pub(crate) data: String,
}

/// Cuts a byte stream into events, a chunk at a time. Lines end with CR LF, LF or CR; no line
/// (nor an event's data) may grow beyond `limit` bytes.
#[derive(Debug)]
pub(crate) struct Parser {
    format: Format,
    limit: u64,
    /// Bytes of a line not yet ended.
    line: Vec<u8>,
    /// The previous chunk ended with CR: an LF starting the next one belongs to it.
    after_cr: bool,
    /// The start of the stream, where a byte order mark is dropped.
    started: bool,
    data: String,
    data_seen: bool,
    event: Option<String>,
    last_id: Option<String>,
    retry: Option<u64>,
    ready: VecDeque<RawEvent>,
}

impl Parser {
    pub(crate) fn new(format: Format, limit: u64) -> Self {
        Parser { format, limit, line: Vec::new(), after_cr: false, started: false, data: String::new(), data_seen: false, event: None, last_id: None, retry: None, ready: VecDeque::new() }
    }

    /// Takes a chunk; events it completes are then in [`Parser::next_event`].
    pub(crate) fn feed(&mut self, chunk: &[u8]) -> Result<(), Error> {
        let mut chunk = chunk;
        if !self.started && !chunk.is_empty() {
            self.started = true;
            chunk = chunk.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(chunk);
        }
        for &byte in chunk {
            match byte {
                b'\n' if std::mem::take(&mut self.after_cr) => {}
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_ended(&String::from_utf8_lossy(&line))?;
                }
                _ => {
                    self.after_cr = false;
                    self.line.push(byte);
                    if self.line.len() as u64 > self.limit {
                        return Err(Error::ReplyTooLarge { limit: self.limit, declared: None });
                    }
                }
            }
        }
        Ok(())
    }

    /// The end of the stream: a last JSON line without its newline still counts; an event
    /// stream's unfinished event is dropped, as the WHATWG rules say.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        if self.format == Format::JsonLines && !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.line_ended(&String::from_utf8_lossy(&line))?;
        }
        Ok(())
    }

    pub(crate) fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    fn line_ended(&mut self, line: &str) -> Result<(), Error> {
        if self.format == Format::JsonLines {
            if !line.trim().is_empty() {
                self.ready.push_back(RawEvent { data: line.to_string(), ..RawEvent::default() });
            }
            return Ok(());
        }
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        if line.starts_with(':') {
            return Ok(());
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "data" => {
                if self.data.len() as u64 + value.len() as u64 + 1 > self.limit {
                    return Err(Error::ReplyTooLarge { limit: self.limit, declared: None });
                }
                self.data.push_str(value);
                self.data.push('\n');
                self.data_seen = true;
            }
            "event" => self.event = Some(value.to_string()),
            "id" if !value.contains('\0') => self.last_id = Some(value.to_string()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => self.retry = value.parse().ok(),
            _ => {}
        }
        Ok(())
    }

    /// A blank line: the event gathered so far, unless it has no data.
    fn dispatch(&mut self) {
        let event = self.event.take();
        if !std::mem::take(&mut self.data_seen) {
            self.data.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(RawEvent { event, id: self.last_id.clone(), retry: self.retry, data });
    }
}

/// An event with its data decoded as `T` when it is JSON.
pub(crate) fn decode<T: DeserializeOwned>(status: u16, raw: RawEvent) -> Result<Event<T>, Error> {
    let data = match serde_json::from_str::<serde_json::Value>(&raw.data) {
        Ok(value) => EventData::Json(serde_json::from_value(value).map_err(|e| Error::Decode { status, message: format!("an event's data: {e}"), body: raw.data.clone() })?),
        Err(_) => EventData::Text(raw.data),
    };
    Ok(Event { event: raw.event, id: raw.id, retry: raw.retry, data })
}

/// The events of a body read whole already: those it completes, then what ended it.
pub(crate) fn events_of<T: DeserializeOwned + Send + 'static>(body: &[u8], status: u16, format: Format, limit: u64) -> EventStream<T> {
    let mut parser = Parser::new(format, limit);
    let read = parser.feed(body).and_then(|()| parser.finish());
    let mut items: Vec<Result<Event<T>, Error>> = std::iter::from_fn(|| parser.next_event()).map(|event| decode(status, event)).collect();
    items.extend(read.err().map(Err));
    Box::pin(futures_util::stream::iter(items))
}

/// The events of a reply whose body is read chunk by chunk as the caller polls.
pub(crate) fn events<T: DeserializeOwned + Send + 'static>(reply: reqwest::Response, status: u16, format: Format, limit: u64) -> EventStream<T> {
    struct State {
        reply: Option<reqwest::Response>,
        parser: Parser,
        /// What ended the stream, given after the events completed before it.
        failure: Option<Error>,
    }
    let state = State { reply: Some(reply), parser: Parser::new(format, limit), failure: None };
    Box::pin(futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(raw) = state.parser.next_event() {
                return Some((decode(status, raw), state));
            }
            if let Some(failure) = state.failure.take() {
                return Some((Err(failure), state));
            }
            let reply = state.reply.as_mut()?;
            let read = match reply.chunk().await {
                Ok(Some(chunk)) => state.parser.feed(&chunk),
                Ok(None) => {
                    state.reply = None;
                    state.parser.finish()
                }
                Err(e) => Err(Error::Transport(e)),
            };
            if let Err(failure) = read {
                state.reply = None;
                state.failure = Some(failure);
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(format: Format, chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = Parser::new(format, 1024);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.feed(chunk).unwrap();
            while let Some(event) = parser.next_event() {
                out.push(event);
            }
        }
        parser.finish().unwrap();
        out.extend(std::iter::from_fn(|| parser.next_event()));
        out
    }

    #[test]
    fn events_follow_the_whatwg_rules() {
        let events = parse(Format::ServerSentEvents, &[b"\xEF\xBB\xBF: a comment\ndata: {\"a\":", b"1}\ndata:2\r\n\r", b"\nevent: done\nid: 7\nretry: 1500\ndata\n\ndata: x\nretry: soon\n\n: no data\n\nid: 8\nevent: lost\n\ndata: unfinished"]);
        assert_eq!(events.len(), 3);
        assert_eq!(events[0], RawEvent { data: "{\"a\":1}\n2".into(), ..RawEvent::default() });
        assert_eq!(events[1], RawEvent { event: Some("done".into()), id: Some("7".into()), retry: Some(1500), data: String::new() });
        // The id is kept for later events; a bad retry is ignored; an event without data is not dispatched.
        assert_eq!(events[2], RawEvent { event: None, id: Some("7".into()), retry: Some(1500), data: "x".into() });
    }

    #[test]
    fn json_lines_are_one_event_each_and_a_last_line_counts() {
        let events = parse(Format::JsonLines, &[b"{\"a\":1}\n\n{\"a\"", b":2}\r\n{\"a\":3}"]);
        let data: Vec<&str> = events.iter().map(|e| e.data.as_str()).collect();
        assert_eq!(data, ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"]);
    }

    #[test]
    fn an_event_larger_than_the_limit_is_refused() {
        let mut parser = Parser::new(Format::ServerSentEvents, 16);
        assert!(parser.feed(b"data: 0123456789\ndata: 0123456789\n").is_err());
        let mut parser = Parser::new(Format::JsonLines, 8);
        assert!(parser.feed(b"[1,2,3,4,5,6]").is_err());
    }

    #[test]
    fn data_that_is_not_json_is_kept_as_text() {
        let event: Event<serde_json::Value> = decode(200, RawEvent { data: "[DONE]".into(), ..RawEvent::default() }).unwrap();
        assert_eq!(event.data, EventData::Text("[DONE]".into()));
        let event: Result<Event<u8>, Error> = decode(200, RawEvent { data: "\"x\"".into(), ..RawEvent::default() });
        assert!(matches!(event, Err(Error::Decode { .. })));
    }
}
