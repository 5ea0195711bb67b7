//! Test servers shared by several test binaries; each binary uses a part of them.
#![allow(dead_code)]

pub mod apache;
pub mod cli;
pub mod ids;
pub mod oauth;
pub mod prism;
pub mod tinyproxy;
