//! Turning TORRENT arguments (.torrent, magnet, raw hash) into targets.

pub mod infohash;
pub mod magnet;
pub mod metainfo;
