//! Streams over paged list operations.

use std::collections::VecDeque;
use std::future::Future;

use futures_core::Stream;

use super::error::Error;

struct Pages<B, F, S, T> {
    builder: B,
    page: i64,
    seen: i64,
    buffer: VecDeque<T>,
    done: bool,
    fetch: F,
    split: S,
}

/// Requests page after page with `fetch` (a builder and a page number), splits each reply
/// into its items and total count with `split`, and yields the items one by one. It stops
/// after an empty page, once the total count is reached, or after the first error.
// Only APIs with paged operations use it.
#[allow(dead_code)]
pub(crate) fn paginate<B, F, Fut, P, S, T>(builder: B, first_page: i64, fetch: F, split: S) -> impl Stream<Item = Result<T, Error>>
where
    B: Clone,
    F: Fn(B, i64) -> Fut,
    Fut: Future<Output = Result<P, Error>>,
    S: Fn(P) -> (Vec<T>, Option<i64>),
{
    let state = Pages { builder, page: first_page, seen: 0, buffer: VecDeque::new(), done: false, fetch, split };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.builder.clone(), state.page).await {
                Err(error) => {
                    state.done = true;
                    return Some((Err(error), state));
                }
                Ok(reply) => {
                    let (items, total) = (state.split)(reply);
                    state.page += 1;
                    state.seen += items.len() as i64;
                    state.done = items.is_empty() || total.is_some_and(|total| state.seen >= total);
                    state.buffer.extend(items);
                }
            }
        }
    })
}
