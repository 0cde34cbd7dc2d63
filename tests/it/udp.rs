//! UDP trackers (BEP 15): real trackers end to end, and a fake one for lost, stray and broken
//! packets.

use std::time::{Duration, Instant};

use crate::support::fake_udp::{Act, FakeUdp};
use crate::support::{Cli, Tracker, first_error, fixture, manifest_hash};

const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

use crate::lifecycle::swarm_size;

fn lifecycle(tracker: &Tracker) {
    let cli = Cli::new();
    let torrent = fixture("torrents/v1_single_file.torrent");
    let torrent = torrent.to_str().unwrap();
    let url = tracker.udp_url();
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        0,
        "{}: empty at first",
        tracker.name
    );
    let (json, run) = cli.json(&[
        "announce",
        torrent,
        "--only-tracker",
        &url,
        "--port",
        "40000",
    ]);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "ok", "{json:#} {}", run.stderr);
    assert_eq!(t["transport"], "udp");
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        1,
        "{}: registered",
        tracker.name
    );
    let (json, _) = cli.json(&["stop", torrent, "--only-tracker", &url]);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["status"], "ok",
        "{json:#}"
    );
    assert_eq!(
        swarm_size(&cli, torrent, &url),
        0,
        "{}: stop removed the peer",
        tracker.name
    );
}

#[test]
fn opentracker_udp_announce_scrape_stop() {
    lifecycle(&Tracker::start(
        "opentracker",
        &[&manifest_hash("v1_single_file.torrent")],
    ));
}

#[test]
fn bittorrent_tracker_udp_announce_scrape_stop() {
    lifecycle(&Tracker::start("bittorrent-tracker", &[]));
}

#[test]
fn torrust_tracker_udp_announce_scrape_stop() {
    lifecycle(&Tracker::start("torrust-tracker", &[]));
}

#[test]
fn aquatic_udp_announce_scrape_stop() {
    lifecycle(&Tracker::start(
        "aquatic_udp",
        &[&manifest_hash("v1_single_file.torrent")],
    ));
}

#[test]
fn scrape_of_100_hashes_in_one_call_over_udp() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let hashes: Vec<String> = (0..100u32)
        .map(|i| format!("{:040x}", u128::from(i) * 7919 + 1))
        .collect();
    let mut args = vec!["scrape", "--tracker"];
    let url = tracker.udp_url();
    args.push(&url);
    args.extend(hashes.iter().map(String::as_str));
    // One packet in flight: the second reuses the first's connection id. (With a window of
    // several, each socket in flight connects once; see the window test.)
    args.extend(["-v", "--window", "1"]);
    let (json, run) = cli.json(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let torrents = json["torrents"].as_array().unwrap();
    assert_eq!(torrents.len(), 100);
    assert!(torrents.iter().all(|t| t["trackers"][0]["status"] == "ok"));
    let scrapes = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("> scrape"))
        .count();
    assert_eq!(
        scrapes, 2,
        "100 hashes = 74 + 26, in two packets:\n{}",
        run.stderr
    );
    let connects = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("> connect"))
        .count();
    assert_eq!(connects, 1, "one connection id for the whole run");
}

#[test]
fn a_dropped_packet_is_resent_and_gets_through() {
    let fake = FakeUdp::start(vec![Act::Drop, Act::Answer], 10);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce"), "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = &json["torrents"][0]["trackers"][0]["response"];
    assert_eq!(r["complete"], 2);
    assert_eq!(r["incomplete"], 1);
    assert_eq!(r["peers"][0]["ip"], "10.0.0.1");
    assert!(run.stderr.contains("> resend"), "{}", run.stderr);
    let packets = fake.packets();
    assert_eq!(packets[0], packets[1], "the same datagram resent");
}

#[test]
fn with_retransmit_none_a_lost_packet_costs_the_deadline() {
    let fake = FakeUdp::start(vec![Act::Drop, Act::Answer], 10);
    let cli = Cli::new();
    let (_, run) = cli.json(&[
        "announce",
        HASH,
        "--tracker",
        &fake.url("/a"),
        "--udp-retransmit",
        "none",
        "--timeout",
        "1.5",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        fake.packets().len(),
        1,
        "libtorrent's behaviour: one packet only"
    );
}

#[test]
fn wrong_transaction_id_and_spoofed_source_are_ignored() {
    for act in [Act::WrongTidThenAnswer, Act::OtherPortThenAnswer] {
        let fake = FakeUdp::start(vec![act.clone()], 10);
        let cli = Cli::new();
        let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce"), "-v"]);
        assert_eq!(run.code, 0, "{act:?}: {}", run.stderr);
        assert_eq!(
            json["torrents"][0]["trackers"][0]["response"]["complete"], 2,
            "{act:?}: the real answer won"
        );
        assert!(
            run.stderr.contains("< ignored"),
            "{act:?}: counted in -v: {}",
            run.stderr
        );
    }
}

#[test]
fn error_action_is_reported_like_a_failure_reason() {
    let fake = FakeUdp::start(
        vec![Act::Answer, Act::Error("unregistered torrent".into())],
        10,
    );
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["response"]["failure_reason"], "unregistered torrent");
}

#[test]
fn truncated_answer_is_an_error_not_a_hang() {
    let fake = FakeUdp::start(vec![Act::Answer, Act::Truncate(8)], 10);
    let cli = Cli::new();
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &fake.url("/announce")]);
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("too short"), "{json:#}");
}

#[test]
fn silent_tracker_costs_exactly_one_deadline() {
    let fake = FakeUdp::start(vec![Act::Drop], 50);
    let cli = Cli::new();
    let started = Instant::now();
    let (json, run) = cli.json(&[
        "announce",
        HASH,
        "--tracker",
        &fake.url("/announce"),
        "--timeout",
        "2",
    ]);
    let elapsed = started.elapsed();
    assert_eq!(run.code, 1);
    assert!(first_error(&json).contains("timeout"));
    // Bounded: not the sum of the retries' waits beyond the deadline.
    assert!(
        elapsed >= Duration::from_secs(2) && elapsed < Duration::from_secs(12),
        "{elapsed:?}"
    );
    assert!(fake.packets().len() >= 2, "resent within the deadline");
}

#[test]
fn bep41_url_data_carries_the_passkey_path_and_is_redacted_in_verbose() {
    let fake = FakeUdp::start(vec![Act::Answer], 10);
    let cli = Cli::new();
    let passkey = "abcdef0123456789abcdef";
    let url = fake.url(&format!("/announce?passkey={passkey}"));
    let (_, run) = cli.json(&["announce", HASH, "--tracker", &url, "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let announce = &fake.packets()[1];
    let option = &announce[98..];
    assert_eq!(option[0], 2);
    assert_eq!(
        &option[2..],
        format!("/announce?passkey={passkey}").as_bytes()
    );
    assert!(!run.stderr.contains(passkey), "{}", run.stderr);
    assert!(run.stderr.contains("passkey=REDACTED"), "{}", run.stderr);
}

#[test]
fn ipv6_tracker_gets_18_byte_peers() {
    let Ok(socket) = std::net::UdpSocket::bind("[::1]:0") else {
        eprintln!("no IPv6 loopback on this machine: test not applicable");
        return;
    };
    let addr = socket.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut buf = [0u8; 2048];
        for _ in 0..4 {
            let Ok((n, from)) = socket.recv_from(&mut buf) else {
                return;
            };
            let tid = buf[12..16].to_vec();
            let mut answer;
            if n == 16 {
                answer = vec![0, 0, 0, 0];
                answer.extend_from_slice(&tid);
                answer.extend_from_slice(&7u64.to_be_bytes());
            } else {
                answer = vec![0, 0, 0, 1];
                answer.extend_from_slice(&tid);
                for v in [900u32, 0, 1] {
                    answer.extend_from_slice(&v.to_be_bytes());
                }
                let mut peer = "2001:db8::1"
                    .parse::<std::net::Ipv6Addr>()
                    .unwrap()
                    .octets()
                    .to_vec();
                peer.extend_from_slice(&6881u16.to_be_bytes());
                answer.extend_from_slice(&peer);
            }
            let _ = socket.send_to(&answer, from);
        }
    });
    let cli = Cli::new();
    let url = format!("udp://[::1]:{}/announce", addr.port());
    let (json, run) = cli.json(&["announce", HASH, "--tracker", &url]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = &json["torrents"][0]["trackers"][0]["response"];
    assert_eq!(r["peers"][0]["ip"], "2001:db8::1");
    assert_eq!(r["peers"][0]["port"], 6881);
}

#[test]
fn connection_id_is_reused_from_announce_to_scrape_in_one_run_of_many_torrents() {
    let fake = FakeUdp::start(vec![Act::Answer], 20);
    let cli = Cli::new();
    let hashes: Vec<String> = (0..3u32).map(|i| format!("{:040x}", i + 1)).collect();
    let url = fake.url("/announce");
    let mut args = vec!["scrape", "--tracker", &url];
    args.extend(hashes.iter().map(String::as_str));
    let (_, run) = cli.json(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let packets = fake.packets();
    assert_eq!(packets.len(), 2, "one connect, one scrape of 3 hashes");
    assert_eq!(packets[1].len(), 16 + 3 * 20);
}

/// torrust-tracker 3.0.0 answers a multi-hash UDP scrape in another order than asked, and the
/// packet cannot tell which count is whose: `--one-hash-per-request` (one hash per packet, as
/// libtorrent scrapes) gives each torrent its own count there.
#[test]
fn one_hash_per_request_gives_torrust_udp_scrape_the_right_counts() {
    let tracker = Tracker::start("torrust-tracker", &[]);
    let cli = Cli::new();
    let url = tracker.udp_url();
    let low = "1111111111111111111111111111111111111111";
    let high = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
    for seeded in [low, high] {
        cli.run(&[
            "announce",
            seeded,
            "--tracker",
            &url,
            "--left",
            "0",
            "--port",
            "40001",
        ])
        .expect(0);
        for order in [[low, high], [high, low]] {
            let (json, run) = cli.json(&[
                "scrape",
                order[0],
                order[1],
                "--tracker",
                &url,
                "--one-hash-per-request",
            ]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            for torrent in json["torrents"].as_array().unwrap() {
                let hash = torrent["info_hash"].as_str().unwrap();
                let seeders = torrent["trackers"][0]["response"]["complete"].as_i64();
                let expected = if hash == seeded { 1 } else { 0 };
                assert_eq!(seeders, Some(expected), "{hash} asked {order:?}: {json:#}");
            }
        }
        cli.run(&["stop", seeded, "--tracker", &url]).expect(0);
    }
}

/// A scrape tracker that answers out of order: it collects the scrape packets in flight (up to
/// 4, or whatever arrived within 300 ms), drops the very first one (so it must be resent), and
/// answers the rest last-in first-out. Counts are derived from each hash, so a count given to
/// the wrong torrent shows. Returns the most packets it ever held at once.
fn reordering_tracker() -> (String, std::thread::JoinHandle<usize>) {
    use std::net::UdpSocket;
    use std::time::{Duration, Instant};
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let url = format!("udp://{}/announce", socket.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        socket
            .set_read_timeout(Some(Duration::from_millis(300)))
            .unwrap();
        let mut buf = [0u8; 2048];
        let mut held: Vec<(Vec<u8>, std::net::SocketAddr)> = Vec::new();
        let mut most = 0;
        let mut dropped_one = false;
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < Duration::from_secs(5) {
            match socket.recv_from(&mut buf) {
                Ok((len, from)) => {
                    quiet_since = Instant::now();
                    let packet = buf[..len].to_vec();
                    if packet[..8] == 0x0417_2710_1980u64.to_be_bytes() {
                        let mut a = vec![0, 0, 0, 0];
                        a.extend_from_slice(&packet[12..16]);
                        a.extend_from_slice(&0x0102_0304_0506_0708u64.to_be_bytes());
                        socket.send_to(&a, from).unwrap();
                        continue;
                    }
                    if !dropped_one {
                        dropped_one = true;
                        continue;
                    }
                    held.push((packet, from));
                    most = most.max(held.len());
                    if held.len() < 4 {
                        continue;
                    }
                }
                Err(_) if held.is_empty() => continue,
                Err(_) => {}
            }
            while let Some((packet, from)) = held.pop() {
                let mut a = vec![0, 0, 0, 2];
                a.extend_from_slice(&packet[12..16]);
                for hash in packet[16..].chunks(20) {
                    for v in [hash[0], hash[1], hash[2]] {
                        a.extend_from_slice(&u32::from(v).to_be_bytes());
                    }
                }
                socket.send_to(&a, from).unwrap();
            }
        }
        most
    });
    (url, handle)
}

#[test]
fn window_keeps_several_packets_in_flight_and_matches_answers_out_of_order_and_after_a_drop() {
    let (url, tracker) = reordering_tracker();
    let cli = Cli::new();
    let hashes: Vec<String> = (0..400u32)
        .map(|i| {
            let b = i.to_be_bytes();
            format!(
                "{:02x}{:02x}{:02x}{}",
                b[3],
                b[2],
                (i % 7) as u8,
                "ab".repeat(17)
            )
        })
        .collect();
    let list = cli.dir.path().join("hashes.txt");
    std::fs::write(&list, hashes.join("\n")).unwrap();
    let run = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        &url,
        "--format",
        "ndjson",
        "--window",
        "4",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["type"] == "tracker")
        .collect();
    assert_eq!(rows.len(), 400);
    for row in &rows {
        let hash = hex::decode(row["info_hash"].as_str().unwrap()).unwrap();
        let r = &row["response"];
        assert_eq!(
            (
                r["complete"].as_i64(),
                r["incomplete"].as_i64(),
                r["downloaded"].as_i64()
            ),
            (
                Some(i64::from(hash[0])),
                Some(i64::from(hash[2])),
                Some(i64::from(hash[1]))
            ),
            "{row}"
        );
    }
    let most = tracker.join().unwrap();
    assert!(most >= 2, "at most {most} packet(s) in flight at once");
}
