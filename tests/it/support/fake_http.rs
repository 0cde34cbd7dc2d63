//! An in-process fake HTTP tracker on 127.0.0.1 for the faults real trackers won't produce.
//! Each connection gets the next scripted reply; every request line is recorded.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

#[derive(Clone)]
pub enum Reply {
    /// Status, extra headers, body.
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// One byte of the body every `gap`, for at most `bytes` bytes (slow drip).
    Drip { gap: Duration, bytes: usize },
    /// Redirect to the given path on this same server.
    Redirect(String),
    /// Redirect to this exact `Location`.
    RedirectTo(String),
    /// A body that never ends (bounded at 200 MB so the test stops by itself), announced with
    /// this Content-Length, or chunked when `None`.
    Endless(Option<u64>),
}

impl Reply {
    pub fn ok(body: &[u8]) -> Reply {
        Reply::Full(200, Vec::new(), body.to_vec())
    }
}

/// Writes a 200 answer with `body` and the header `Connection: {connection}`.
pub fn answer_200(stream: &mut impl Write, body: &[u8], connection: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(body);
}

pub struct FakeHttp {
    pub port: u16,
    pub requests: Arc<Mutex<Vec<String>>>,
    pub headers: Arc<Mutex<Vec<Vec<String>>>>,
}

impl FakeHttp {
    /// Serves `replies` in turn (the last one again once they run out), at most `max_conns`
    /// connections, then stops by itself.
    pub fn start(replies: Vec<Reply>, max_conns: usize) -> FakeHttp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let headers = Arc::new(Mutex::new(Vec::new()));
        let (req_log, header_log) = (requests.clone(), headers.clone());
        thread::spawn(move || {
            for (n, stream) in listener.incoming().take(max_conns).enumerate() {
                let Ok(stream) = stream else { continue };
                let reply = replies[n.min(replies.len() - 1)].clone();
                let (req_log, header_log) = (req_log.clone(), header_log.clone());
                thread::spawn(move || serve(stream, reply, port, &req_log, &header_log));
            }
        });
        FakeHttp {
            port,
            requests,
            headers,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn request_lines(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

fn serve(
    stream: TcpStream,
    reply: Reply,
    port: u16,
    req_log: &Mutex<Vec<String>>,
    header_log: &Mutex<Vec<Vec<String>>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    req_log.lock().unwrap().push(line.trim_end().to_string());
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        headers.push(h.trim_end().to_string());
    }
    header_log.lock().unwrap().push(headers);
    let mut stream = stream;
    match reply {
        Reply::Full(status, extra, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (k, v) in extra {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Drip { gap, bytes } => {
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nd");
            for _ in 0..bytes {
                thread::sleep(gap);
                if stream.write_all(b"1").is_err() {
                    break;
                }
            }
        }
        Reply::RedirectTo(location) => {
            let head = format!(
                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
        }
        Reply::Endless(length) => {
            let head = match length {
                Some(n) => format!("HTTP/1.1 200 OK\r\nContent-Length: {n}\r\n\r\n"),
                None => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_string(),
            };
            let _ = stream.write_all(head.as_bytes());
            let block = vec![b'7'; 65_536];
            for _ in 0..3200 {
                let sent = match length {
                    Some(_) => stream.write_all(&block),
                    None => stream
                        .write_all(b"10000\r\n")
                        .and_then(|()| stream.write_all(&block))
                        .and_then(|()| stream.write_all(b"\r\n")),
                };
                if sent.is_err() {
                    break;
                }
            }
        }
        Reply::Redirect(path) => {
            let head = format!(
                "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}{path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
        }
    }
    let _ = stream.flush();
}
