//! Talking to trackers: URLs, wire codecs and transports.

pub mod messages;
pub mod response;
