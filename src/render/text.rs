//! Readable text: one block per torrent, one per tracker. Text that came from a tracker or a
//! torrent is sanitised first: it can carry terminal escape sequences.

use std::fmt::Write;

use crate::printable::sanitize;
use crate::report::{Report, ResponseReport, Status, TorrentReport, TrackerReport};

/// How many peers text output lists unless told otherwise.
pub const FEW_PEERS: usize = 5;

pub struct Style {
    pub color: bool,
    /// `None`: all peers.
    pub peers: Option<usize>,
    /// The clock's time, for "last answer 5 min ago".
    pub now_unix: u64,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// "5 min", "2 h": how long ago a unix time was.
fn ago(unix: u64, now_unix: u64) -> String {
    let secs = now_unix.saturating_sub(unix);
    match secs {
        0..120 => format!("{secs} s"),
        120..7200 => format!("{} min", secs / 60),
        _ => format!("{} h", secs / 3600),
    }
}

pub fn render(report: &Report, style: &Style) -> String {
    let mut out = String::new();
    for torrent in &report.torrents {
        let name = torrent
            .name
            .as_deref()
            .map(sanitize)
            .unwrap_or_else(|| sanitize(&torrent.source));
        let hash = torrent
            .info_hash
            .as_deref()
            .or(torrent.info_hash_v2.as_deref())
            .unwrap_or("");
        let _ = writeln!(out, "{}  {hash}", style.paint("1", &name));
        if let Some(tiers) = &torrent.tiers {
            if let Some(v2) = &torrent.info_hash_v2 {
                let _ = writeln!(out, "  v2 {v2}");
            }
            for (t, tier) in tiers.iter().enumerate() {
                let _ = writeln!(out, "  tier {t}");
                for entry in tier {
                    let mark = if entry.selected { "*" } else { " " };
                    let mut notes = Vec::new();
                    if let (Some(at), Some(event)) = (entry.last_announce, &entry.last_event) {
                        notes.push(format!(
                            "last answer {} ago ({event})",
                            ago(at, style.now_unix)
                        ));
                    }
                    if let Some(fails) = entry.fails {
                        notes.push(format!("{fails} failures"));
                    }
                    match &entry.backoff_left {
                        Some(serde_json::Value::Number(n)) => notes.push(format!("back-off {n} s")),
                        Some(_) => notes.push("retry: never".to_string()),
                        None => {}
                    }
                    if let Some(left) = entry.next_announce_in {
                        notes.push(format!("next regular announce in {left} s"));
                    }
                    let notes = if notes.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", notes.join(", "))
                    };
                    let _ = writeln!(
                        out,
                        "    {mark} {} ({}){notes}",
                        sanitize(&entry.url),
                        entry.transport.name()
                    );
                    if let Some(error) = &entry.last_error {
                        let _ = writeln!(out, "        last error: {}", sanitize(error));
                    }
                }
            }
            let _ = writeln!(
                out,
                "  (* = an announce with these options contacts it now)"
            );
            for note in &torrent.order_notes {
                let _ = writeln!(out, "  order: {}", sanitize(note));
            }
            if !torrent.trackers.is_empty() {
                let _ = writeln!(out, "  probe (one scrape each):");
                for tracker in &torrent.trackers {
                    tracker_block(&mut out, tracker, style);
                }
            }
            continue;
        }
        for tracker in &torrent.trackers {
            tracker_block(&mut out, tracker, style);
        }
    }
    if let Some(summary) = &report.summary {
        let _ = writeln!(out, "{}", summary_line(summary));
    }
    out
}

/// `scrape --format tsv`: a header, then one line per torrent and tracker (`tsv_line`). Fields
/// never hold tabs or newlines (they are escaped), so `cut` and `awk` work.
pub const TSV_HEADER: &str =
    "info_hash\tname\ttracker\tstatus\tseeders\tleechers\tdownloaded\terror";

/// One TSV line (no newline): a torrent at one tracker.
pub fn tsv_line(torrent: &TorrentReport, t: &TrackerReport) -> String {
    let clean = |s: &str| sanitize(s).replace('\t', " ");
    let hash = torrent.info_hash.as_deref().unwrap_or("");
    let name = torrent.name.as_deref().map(clean).unwrap_or_default();
    let r = t.response.as_ref();
    let num = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    format!(
        "{hash}\t{name}\t{}\t{}\t{}\t{}\t{}\t{}",
        clean(&t.url),
        t.status.name(),
        num(r.and_then(|r| r.complete)),
        num(r.and_then(|r| r.incomplete)),
        num(r.and_then(|r| r.downloaded)),
        t.error.as_deref().map(clean).unwrap_or_default()
    )
}

/// One line per tracker that failed or was held back, for `--quiet`: "error: NAME URL: WHY".
pub fn problems(report: &Report) -> String {
    let mut out = String::new();
    for torrent in &report.torrents {
        for t in &torrent.trackers {
            if let Some(line) = problem_line(torrent, t) {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// The `--quiet` line of a tracker that failed or was held back; `None` for the others.
pub fn problem_line(torrent: &TorrentReport, t: &TrackerReport) -> Option<String> {
    let name = torrent
        .name
        .as_deref()
        .or(torrent.info_hash.as_deref())
        .unwrap_or(&torrent.source);
    let word = match t.status {
        Status::Failed => "error",
        _ if t.refused => "held back",
        _ => return None,
    };
    let why = t.error.as_deref().unwrap_or(t.status.name());
    Some(format!(
        "{word}: {} {}: {}",
        sanitize(name),
        sanitize(&t.url),
        sanitize(why)
    ))
}

/// "torrents 3, trackers 2: 5 answered, 1 not listed, 0 failed, 0.21 s"
pub fn summary_line(s: &crate::report::Summary) -> String {
    format!(
        "torrents {}, trackers {}: {} answered, {} not listed, {} failed, {:.2} s",
        s.torrents,
        s.trackers,
        s.answered,
        s.not_listed,
        s.failed,
        s.wall_ms as f64 / 1000.0
    )
}

fn tracker_block(out: &mut String, t: &TrackerReport, style: &Style) {
    let status = match t.status {
        Status::Ok => style.paint("32", "ok"),
        Status::Failed => style.paint("31", "failed"),
        Status::NotListed => style.paint("33", "not listed"),
        other => style.paint("33", other.name()),
    };
    let mut detail = Vec::new();
    if let Some(event) = t.event {
        detail.push(event.name().to_string());
    }
    if let Some(ms) = t.elapsed_ms {
        detail.push(format!("{ms} ms"));
    }
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(" ({})", detail.join(", "))
    };
    let _ = writeln!(
        out,
        "  [tier {}] {}  {status}{detail}",
        t.tier,
        sanitize(&t.url)
    );
    if let Some(error) = &t.error {
        let _ = writeln!(out, "    {}", sanitize(error));
    }
    if let Some(hint) = &t.hint {
        let _ = writeln!(out, "    hint: {}", sanitize(hint));
    }
    if let Some(r) = &t.response {
        response_lines(out, r, style);
    }
    if let Some(request) = &t.request {
        let first = match request.method.as_str() {
            "GET" => format!("> GET {}", request.url),
            udp => format!("> UDP {udp} to {}", request.url),
        };
        let _ = writeln!(out, "    {}", sanitize(&first));
        for (name, value) in &request.fields {
            let _ = writeln!(out, "    >   {name:<11} {}", sanitize(value));
        }
    }
}

fn response_lines(out: &mut String, r: &ResponseReport, style: &Style) {
    let mut counts = Vec::new();
    let mut push = |label: &str, v: Option<i64>| {
        if let Some(v) = v {
            counts.push(format!("{label} {v}"));
        }
    };
    push("seeders", r.complete);
    push("leechers", r.incomplete);
    push("downloaded", r.downloaded);
    push("downloaders", r.downloaders);
    if let Some(i) = r.interval {
        counts.push(format!("interval {i}s"));
    }
    if let Some(i) = r.min_interval {
        counts.push(format!("min interval {i}s"));
    }
    if let Some(i) = r.min_request_interval {
        counts.push(format!("min request interval {i}s"));
    }
    if !counts.is_empty() {
        let _ = writeln!(out, "    {}", counts.join("  "));
    }
    if let Some(w) = &r.warning_message {
        let _ = writeln!(out, "    {} {}", style.paint("33", "warning:"), sanitize(w));
    }
    if let Some(retry) = &r.retry_in {
        let _ = writeln!(
            out,
            "    retry in: {}",
            retry
                .as_str()
                .map_or_else(|| format!("{retry} min"), str::to_string)
        );
    }
    if let Some(id) = &r.tracker_id {
        let _ = writeln!(out, "    tracker id: {}", sanitize(id));
    }
    if let Some(ip) = &r.external_ip {
        let _ = writeln!(out, "    external ip: {ip}");
    }
    if let Some(name) = &r.name {
        let _ = writeln!(out, "    name: {}", sanitize(name));
    }
    if let Some(peers) = &r.peers {
        let shown = style.peers.unwrap_or(peers.len()).min(peers.len());
        if !peers.is_empty() && style.peers != Some(0) {
            let list: Vec<String> = peers[..shown]
                .iter()
                .map(|p| {
                    if p.ip.contains(':') {
                        format!("[{}]:{}", p.ip, p.port)
                    } else {
                        format!("{}:{}", p.ip, p.port)
                    }
                })
                .collect();
            let more = if shown < peers.len() {
                format!(" … ({} more, --peers all)", peers.len() - shown)
            } else {
                String::new()
            };
            let _ = writeln!(out, "    peers ({}): {}{more}", peers.len(), list.join(" "));
        }
    }
}
