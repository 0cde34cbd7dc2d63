//! trackerctl: talk to BitTorrent trackers as libtorrent (qBittorrent) does.

pub mod bencode;
pub mod input;
pub mod tracker;
