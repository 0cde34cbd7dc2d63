#![no_main]
//! `tracker::response::decode_announce` and `decode_scrape` on arbitrary HTTP bodies.
//!
//! `decode_scrape` is asked for two fixed hashes, plus one taken from the first 20 bytes of the
//! body when it is that long (so raw 20-byte `files` keys can match a requested hash), and also
//! as a full scrape (nothing requested). Checked: peer lists stay within `MAX_PEERS`, no negative
//! time or count is kept, a failure carries no data, each hash is answered once, and notes stay
//! few (the module promises notes about many entries are merged).

use libfuzzer_sys::fuzz_target;
use trackerctl::input::infohash::V1;
use trackerctl::tracker::messages::ScrapeResponse;
use trackerctl::tracker::response::{self, MAX_PEERS};

const MAX_NOTES: usize = 64;

fn check_scrape(r: &ScrapeResponse) {
    if r.failure_reason.is_some() {
        assert!(r.files.is_empty(), "scrape failure with files");
    }
    if let Some(n) = r.min_request_interval {
        assert!(n >= 0, "negative min_request_interval kept");
    }
    let mut hashes: Vec<V1> = r.files.iter().map(|(h, _)| *h).collect();
    hashes.sort();
    assert!(
        hashes.windows(2).all(|w| w[0] != w[1]),
        "a hash answered twice"
    );
    for (_, c) in &r.files {
        for n in [c.complete, c.incomplete, c.downloaded, c.downloaders]
            .into_iter()
            .flatten()
        {
            assert!(n >= 0, "negative scrape count kept");
        }
    }
    assert!(r.notes.len() <= MAX_NOTES, "{} notes", r.notes.len());
}

fuzz_target!(|data: &[u8]| {
    match response::decode_announce(data) {
        Ok(r) => {
            assert!(r.peers.len() <= MAX_PEERS && r.peers6.len() <= MAX_PEERS);
            for n in [
                r.interval,
                r.min_interval,
                r.complete,
                r.incomplete,
                r.downloaded,
            ]
            .into_iter()
            .flatten()
            {
                assert!(n >= 0, "negative time or count kept");
            }
            if r.failure_reason.is_some() {
                assert!(r.peers.is_empty() && r.peers6.is_empty(), "failure with peers");
            } else {
                assert!(r.retry_in.is_none(), "retry in without failure reason");
            }
            for p in &r.peers6 {
                assert!(p.ip.parse::<std::net::Ipv6Addr>().is_ok(), "peers6 ip {:?}", p.ip);
            }
            assert!(r.notes.len() <= MAX_NOTES, "{} notes", r.notes.len());
        }
        Err(e) => {
            let _ = e.to_string();
            let _ = e.hint();
        }
    }

    let mut requested = vec![
        V1(*b"\x85\x70\x84\xdc\xdb\xfd\xd3\xea\x86\x7d\x9f\x8f\xb7\x34\x29\x13\x9c\x47\x83\xe0"),
        V1([0xaa; 20]),
    ];
    if let Some(first) = data.get(..20) {
        requested.push(V1(first.try_into().expect("20 bytes")));
    }
    for asked in [&requested[..], &[]] {
        match response::decode_scrape(data, asked) {
            Ok(r) => check_scrape(&r),
            Err(e) => {
                let _ = e.to_string();
                let _ = e.hint();
            }
        }
    }
});
