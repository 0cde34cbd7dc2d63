//! Talking to trackers: URLs, wire codecs and transports.

pub mod exchange;
pub mod failure;
pub mod http;
pub mod messages;
pub mod peers;
pub mod response;
pub mod transport;
pub mod udp;
pub mod udp_packet;
pub mod url;
