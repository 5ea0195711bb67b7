//! Any bytes as the headers a server controls: a `WWW-Authenticate` Digest challenge (parsed
//! and, when it parses, answered), a `Retry-After` value, and an enveloped reply body. None
//! of them may panic; a `Retry-After` is never read as a negative wait.
#![no_main]

use atlas_invites::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some(answer) = fuzzing::digest(data) {
        assert!(answer.starts_with("Digest "), "{answer}");
    }
    let _ = fuzzing::retry_after(data);
    let (status, body) = fuzzing::unwrap_envelope(200, data.to_vec());
    if status == 200 && body != data {
        // Only an envelope that says 200 may change the body.
        assert!(serde_json::from_slice::<serde_json::Value>(data).is_ok());
    }
});
