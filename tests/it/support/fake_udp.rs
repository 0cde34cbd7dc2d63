//! An in-process fake UDP tracker on 127.0.0.1: scripted misbehaviour per request.

use std::net::{SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// What the fake does with each incoming packet, in turn (the last one repeats).
#[derive(Clone, Debug)]
pub enum Act {
    /// Say nothing (a lost datagram).
    Drop,
    /// Answer properly.
    Answer,
    /// Answer with a transaction id off by one first, then properly.
    WrongTidThenAnswer,
    /// Answer from another socket (spoofed source port), then properly from the right one.
    OtherPortThenAnswer,
    /// Answer with an error action.
    Error(String),
    /// Answer with only the first N bytes of a proper answer.
    Truncate(usize),
}

pub struct FakeUdp {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl FakeUdp {
    /// Serves at most `max_packets` packets, or stops after 30 s of silence.
    pub fn start(acts: Vec<Act>, max_packets: usize) -> FakeUdp {
        let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let addr = socket.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        thread::spawn(move || {
            let other = UdpSocket::bind("127.0.0.1:0").unwrap();
            let mut buf = [0u8; 2048];
            for n in 0..max_packets {
                let Ok((len, from)) = socket.recv_from(&mut buf) else {
                    return;
                };
                let packet = buf[..len].to_vec();
                log.lock().unwrap().push(packet.clone());
                let answer = proper_answer(&packet);
                match &acts[n.min(acts.len() - 1)] {
                    Act::Drop => {}
                    Act::Answer => {
                        let _ = socket.send_to(&answer, from);
                    }
                    Act::WrongTidThenAnswer => {
                        let mut wrong = answer.clone();
                        wrong[7] ^= 1;
                        let _ = socket.send_to(&wrong, from);
                        let _ = socket.send_to(&answer, from);
                    }
                    Act::OtherPortThenAnswer => {
                        let mut fake = answer.clone();
                        if fake.len() >= 20 {
                            fake[16..20].copy_from_slice(&999u32.to_be_bytes()); // a lie about seeders
                        }
                        let _ = other.send_to(&fake, from);
                        thread::sleep(Duration::from_millis(50));
                        let _ = socket.send_to(&answer, from);
                    }
                    Act::Error(message) => {
                        let mut e = vec![0, 0, 0, 3];
                        e.extend_from_slice(&packet[12..16]);
                        e.extend_from_slice(message.as_bytes());
                        let _ = socket.send_to(&e, from);
                    }
                    Act::Truncate(len) => {
                        let _ = socket.send_to(&answer[..(*len).min(answer.len())], from);
                    }
                }
            }
        });
        FakeUdp { addr, received }
    }

    pub fn url(&self, path: &str) -> String {
        format!("udp://{}{path}", self.addr)
    }

    pub fn packets(&self) -> Vec<Vec<u8>> {
        self.received.lock().unwrap().clone()
    }
}

/// A well-formed answer: connect → connection id 0x1122334455667788; announce → interval 1800,
/// 1 leecher, 2 seeders, one peer 10.0.0.1:6881; scrape → (5, 7, 3) per hash.
fn proper_answer(packet: &[u8]) -> Vec<u8> {
    let tid = &packet[12..16];
    let action = if packet.len() >= 16 && packet[..8] == 0x0417_2710_1980u64.to_be_bytes() {
        0
    } else {
        u32::from_be_bytes(packet[8..12].try_into().unwrap())
    };
    let mut a = action.to_be_bytes().to_vec();
    a.extend_from_slice(tid);
    match action {
        0 => a.extend_from_slice(&0x1122_3344_5566_7788u64.to_be_bytes()),
        1 => {
            for v in [1800u32, 1, 2] {
                a.extend_from_slice(&v.to_be_bytes());
            }
            a.extend_from_slice(&[10, 0, 0, 1, 0x1a, 0xe1]);
        }
        _ => {
            for _ in 0..(packet.len() - 16) / 20 {
                for v in [5u32, 7, 3] {
                    a.extend_from_slice(&v.to_be_bytes());
                }
            }
        }
    }
    a
}
