//! Any bytes as a reply body, decoded into the model types of our crate: structs through
//! `json_object!`, open string enums. Decoding never panics; what decodes encodes, and the
//! encoding decodes back to the same value.
#![no_main]

use atlas_invites::types::{ApiError, OrgRole, OrgUserResponse, OrganizationInvitation, PaginatedOrgUser};
use libfuzzer_sys::fuzz_target;

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
        let again: T = serde_json::from_slice(&encoded).expect("what was encoded decodes");
        assert_eq!(again, value);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<OrgUserResponse>(data);
    round_trip::<PaginatedOrgUser>(data);
    round_trip::<OrganizationInvitation>(data);
    round_trip::<ApiError>(data);
    round_trip::<OrgRole>(data);
    round_trip::<Vec<OrgRole>>(data);
});
