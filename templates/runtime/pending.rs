//! What a builder's `send` returns, and the macro that writes every builder's `send`
//! methods.

use std::fmt;
use std::future::Future;

use super::error::Error;

/// The reply of an operation, still to come: `.await` it. A named type, so it can be
/// stored or returned; boxed, which costs nothing next to an HTTP round trip.
#[must_use = "a request is sent only when its `Pending` is awaited"]
pub struct Pending<'c, T> {
    future: std::pin::Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>,
}

impl<'c, T> Pending<'c, T> {
    pub(crate) fn new(future: impl Future<Output = Result<T, Error>> + Send + 'c) -> Self {
        Pending { future: Box::pin(future) }
    }
}

impl<T> Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: std::pin::Pin<&mut Self>, context: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        self.future.as_mut().poll(context)
    }
}

impl<T> fmt::Debug for Pending<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Pending(..)")
    }
}

/// The two sending methods of a request builder, which has a `client` field and a `prepare`
/// method: `send` and `send_with_response`. Written once here, so that each of the hundreds
/// of builders of a large API names only what its reply decodes to.
#[allow(unused_macros)] // which arms are used depends on the API
macro_rules! send_methods {
    ($builder:ident, json -> [$item:ty]) => {
        $crate::runtime::send_methods!(@impl $builder, Vec<$item>, send_json, "");
    };
    ($builder:ident, json -> $output:ty) => {
        $crate::runtime::send_methods!(@impl $builder, $output, send_json, "");
    };
{%- if features.nullable_replies %}
    // A reply whose schema allows `null` itself: `None` for it.
    ($builder:ident, nullable json -> [$item:ty]) => {
        $crate::runtime::send_methods!(@impl $builder, Option<Vec<$item>>, send_json, "");
    };
    ($builder:ident, nullable json -> $output:ty) => {
        $crate::runtime::send_methods!(@impl $builder, Option<$output>, send_json, "");
    };
{%- endif %}
    ($builder:ident, empty) => {
        $crate::runtime::send_methods!(@impl $builder, (), send_empty, " (which has no body)");
    };
    ($builder:ident, text) => {
        $crate::runtime::send_methods!(@impl $builder, String, send_text, " as text");
    };
    ($builder:ident, bytes) => {
        $crate::runtime::send_methods!(@impl $builder, Vec<u8>, send_bytes, " as raw bytes");

        impl<'c> $builder<'c> {
            /// Like [`send`](Self::send), but the reply's body is not read into memory: it
            /// arrives as a [`ByteStream`](crate::ByteStream) of chunks, for downloads of any
            /// size. Error replies are read and returned as usual.
            pub fn send_stream(self) -> $crate::Pending<'c, $crate::Response<$crate::ByteStream>> {
                let client = self.client;
                $crate::Pending::new(client.send_stream(self.prepare()))
            }
        }
    };
    (@impl $builder:ident, $output:ty, $sender:ident, $what:literal) => {
        impl<'c> $builder<'c> {
            #[doc = concat!("Checks every value, sends the request and decodes the reply", $what, ".")]
            ///
            /// Fails with [`Error::InvalidInput`](crate::Error::InvalidInput) before sending if a
            /// value breaks a rule of the API description, and with
            /// [`Error::Api`](crate::Error::Api) if the server replies with an error status.
            pub fn send(self) -> $crate::Pending<'c, $output> {
                $crate::Pending::new($crate::runtime::body(self.send_with_response()))
            }

            /// Like [`send`](Self::send), but also returns the reply's status and headers
            /// (for example the rate-limit headers).
            pub fn send_with_response(self) -> $crate::Pending<'c, $crate::Response<$output>> {
                let client = self.client;
                $crate::Pending::new(client.$sender(self.prepare()))
            }
        }
    };
}

pub(crate) use send_methods;

/// `send_events` of a builder whose operation also offers a streaming reply: `sse` for
/// `text/event-stream`, `json_lines` for one JSON value per line, each event decoded as the
/// item type when its data is JSON.
#[allow(unused_macros)] // only APIs with streaming replies use it
macro_rules! event_methods {
    ($builder:ident, sse $media:literal -> $item:ty) => {
        $crate::runtime::event_methods!(@impl $builder, $media, $item, ServerSentEvents);
    };
    ($builder:ident, json_lines $media:literal -> $item:ty) => {
        $crate::runtime::event_methods!(@impl $builder, $media, $item, JsonLines);
    };
    (@impl $builder:ident, $media:literal, $item:ty, $format:ident) => {
        impl<'c> $builder<'c> {
            #[doc = concat!("Checks every value and sends the request asking for its streaming reply (`", $media, "`): the events arrive as the server sends them, each decoded when its data is JSON.")]
            ///
            /// Each event is bounded by the client's `max_reply_size`; the end of the reply
            /// ends the stream, and a failure on the way is an `Err` item.
            pub fn send_events(self) -> $crate::Pending<'c, $crate::Response<$crate::EventStream<$item>>> {
                let client = self.client;
                $crate::Pending::new(client.send_events::<$item>(self.prepare(), $media, $crate::runtime::EventFormat::$format))
            }
        }
    };
}

#[allow(unused_imports)] // only APIs with streaming replies use it
pub(crate) use event_methods;
