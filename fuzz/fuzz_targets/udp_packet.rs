#![no_main]
//! `tracker::udp_packet::decode` on arbitrary datagrams, for every action 0..=3 and both address
//! families, with the transaction id taken from bytes 4..8 of the packet (so the body decoders
//! are reached) and with a fixed one.

use libfuzzer_sys::fuzz_target;
use trackerctl::tracker::udp_packet::{self as udp, Rejected, Reply};

const FIXED_TID: u32 = 0x1234_5678;

fuzz_target!(|data: &[u8]| {
    let mut tids = vec![FIXED_TID];
    if let Some(b) = data.get(4..8) {
        tids.push(u32::from_be_bytes(b.try_into().expect("4 bytes")));
    }
    for &tid in &tids {
        for action in 0..=3u32 {
            for ipv6 in [false, true] {
                let got = udp::decode(data, tid, action, ipv6);
                if data.len() < 8 {
                    assert!(matches!(got, Err(Rejected::Ignored(_))), "short packet taken");
                    continue;
                }
                let header_action = u32::from_be_bytes(data[..4].try_into().unwrap());
                match got {
                    Ok(Reply::Connect { connection_id }) => {
                        assert_eq!(action, 0);
                        assert_eq!(connection_id.to_be_bytes(), data[8..16]);
                    }
                    Ok(Reply::Announce(r)) => {
                        assert_eq!(action, 1);
                        let per = if ipv6 { 18 } else { 6 };
                        let n = (data.len() - 20) / per;
                        assert_eq!(r.peers.len() + r.peers6.len(), n, "peer count");
                    }
                    Ok(Reply::Scrape(counts)) => {
                        assert_eq!(action, 2);
                        assert_eq!(counts.len(), (data.len() - 8) / 12);
                    }
                    Ok(Reply::Error(_)) => assert_eq!(header_action, 3),
                    Err(Rejected::Ignored(_) | Rejected::Broken(_)) => {}
                }
            }
        }
    }
});
