//! The ids and media type every test uses: valid against the spec's patterns.

pub const ORG: &str = "4888442a3354817a7320eb61";
pub const GROUP: &str = "32b6e34b3d91647abb20e7b8";
pub const INVITE: &str = "5f43a2b6c7d1e8f9a0b1c2d3";
pub const TEAM: &str = "6a7b8c9d0e1f2a3b4c5d6e7f";
pub const MEDIA: &str = "application/vnd.atlas.2023-01-01+json";
pub const USER: &str = "5e5fbc29e76c9a4be2ed3d39";
/// The media type of the MongoDB Cloud Users operations, which replace the invitations.
pub const USERS_MEDIA: &str = "application/vnd.atlas.2025-02-19+json";
