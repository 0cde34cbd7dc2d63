//! Compact peer lists, shared by the HTTP (`peers`, `peers6`) and UDP (BEP 15) decoders.
//!
//! A compact IPv4 peer is 6 bytes (address, then port, both big-endian); an IPv6 one is
//! 18 bytes (BEP 7). A trailing partial record is not an error: like libtorrent, the complete
//! records are used and the rest is reported back as a count of trailing bytes.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::messages::Peer;

/// Bytes per compact IPv4 peer.
pub const V4_LEN: usize = 6;
/// Bytes per compact IPv6 peer (BEP 7).
pub const V6_LEN: usize = 18;

/// Decodes 6-byte records; returns the peers and how many trailing bytes were left over.
pub fn compact_v4(bytes: &[u8]) -> (Vec<Peer>, usize) {
    let records = bytes.chunks_exact(V4_LEN);
    let trailing = records.remainder().len();
    let peers = records
        .map(|r| {
            let ip = Ipv4Addr::new(r[0], r[1], r[2], r[3]);
            peer(ip.to_string(), [r[4], r[5]])
        })
        .collect();
    (peers, trailing)
}

/// Decodes 18-byte records; returns the peers and how many trailing bytes were left over.
/// Addresses are written as `Ipv6Addr` displays them (RFC 5952, as inet_ntop: `2001:db8::1`).
pub fn compact_v6(bytes: &[u8]) -> (Vec<Peer>, usize) {
    let records = bytes.chunks_exact(V6_LEN);
    let trailing = records.remainder().len();
    let peers = records
        .map(|r| {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&r[..16]);
            peer(Ipv6Addr::from(octets).to_string(), [r[16], r[17]])
        })
        .collect();
    (peers, trailing)
}

fn peer(ip: String, port: [u8; 2]) -> Peer {
    Peer {
        ip,
        port: u16::from_be_bytes(port),
        peer_id: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addrs(peers: &[Peer]) -> Vec<(String, u16)> {
        peers.iter().map(|p| (p.ip.clone(), p.port)).collect()
    }

    #[test]
    fn v4_records_and_trailing_bytes() {
        let bytes = [
            10, 0, 0, 1, 0x1a, 0xe1, 255, 255, 255, 255, 0xff, 0xff, 1, 2, 3,
        ];
        let (peers, trailing) = compact_v4(&bytes);
        assert_eq!(
            addrs(&peers),
            vec![
                ("10.0.0.1".to_string(), 6881),
                ("255.255.255.255".to_string(), 65535)
            ]
        );
        assert!(peers.iter().all(|p| p.peer_id.is_none()));
        assert_eq!(trailing, 3);
        assert_eq!(compact_v4(&[]), (vec![], 0));
        assert_eq!(compact_v4(&[1, 2, 3, 4, 5]), (vec![], 5));
    }

    #[test]
    fn v6_records_and_trailing_bytes() {
        let mut bytes = vec![0x20, 0x01, 0x0d, 0xb8];
        bytes.extend([0; 11]);
        bytes.extend([1, 0x1a, 0xe1]);
        bytes.extend([0; 15]);
        bytes.extend([1, 0, 1]);
        bytes.extend([9, 9]);
        let (peers, trailing) = compact_v6(&bytes);
        assert_eq!(
            addrs(&peers),
            vec![("2001:db8::1".to_string(), 6881), ("::1".to_string(), 1)]
        );
        assert_eq!(trailing, 2);
        assert_eq!(compact_v6(&[0; 17]), (vec![], 17));
    }
}
