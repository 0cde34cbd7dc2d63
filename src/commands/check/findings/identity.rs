//! Peer identity: are peers keyed by ip:port or by peer_id (two started from one port with two
//! peer_ids), does a stopped with another peer_id remove the peer, and what that means for a
//! user: the ghost-peer risk after a client restart.

use super::counts::announce_total;
use super::judge::{Ctx, Judge, reason_no_answer, yes_no};
use super::observations::ScrapeObs;

pub(super) struct Identity {
    /// "ip_port", "peer_id" or "unknown".
    pub peer_identity: &'static str,
    pub stopped_with_other_peer_id_removes: Option<bool>,
    pub ghost: Option<String>,
}

pub(super) fn judge(c: Ctx, j: &mut Judge, baseline: Option<i64>) -> Identity {
    let Ctx {
        obs,
        hash,
        started,
        started_ok,
        ..
    } = c;
    let [p1, ..] = obs.ports;
    let not_probed = |what: &str| c.not_probed(what);
    // Peers counted: by scrape when it answers, else by the announce answers themselves.
    let scraped = |s: &Option<ScrapeObs>| {
        s.as_ref()
            .and_then(|s| s.total(hash))
            .map(|t| t.unwrap_or(0))
    };
    let after_b = scraped(&obs.scrape_identity);
    let after_c = scraped(&obs.scrape_after_stop);
    let identity_verdict: Result<(&'static str, String), String> = match (
        obs.second.as_ref(),
        started_ok,
    ) {
        (None, _) => Err(not_probed(
            "the second announce (same port, another peer_id)",
        )),
        (_, None) => Err(reason_no_answer(
            started,
            "the first announce was not accepted",
        )),
        (Some(b), Some(a)) => {
            let base = baseline;
            match (after_b, base) {
                (Some(n), Some(base)) if n == base + 1 => Ok((
                    "ip_port",
                    format!(
                        "A then B started from port {p1} with different peer_ids: the scrape counts {n} (was {base}): one peer"
                    ),
                )),
                (Some(n), Some(base)) if n == base + 2 => Ok((
                    "peer_id",
                    format!(
                        "A then B started from port {p1} with different peer_ids: the scrape counts {n} (was {base}): two peers"
                    ),
                )),
                (Some(n), Some(base)) => Err(format!(
                    "after A and B the scrape counts {n} (was {base}): neither one nor two more"
                )),
                _ => match (b.answer().and_then(announce_total), announce_total(a)) {
                    (Some(tb), Some(ta)) if tb == ta => Ok((
                        "ip_port",
                        format!(
                            "A's answer counts {ta}, B's (same port {p1}, another peer_id) still {tb}: one peer"
                        ),
                    )),
                    (Some(tb), Some(ta)) if tb == ta + 1 => Ok((
                        "peer_id",
                        format!(
                            "A's answer counts {ta}, B's (same port {p1}, another peer_id) {tb}: two peers"
                        ),
                    )),
                    _ => Err(format!("no scrape and no usable counts: B {}", b.summary())),
                },
            }
        }
    };
    let peer_identity = j
        .judge(
            "peer_identity",
            "peer identity",
            identity_verdict,
            |k| match *k {
                "ip_port" => "ip:port".to_string(),
                _ => "peer_id".to_string(),
            },
        )
        .unwrap_or("unknown");
    let stop_other_verdict = match (obs.stop_other.as_ref(), after_b, after_c) {
        (None, ..) => Err(not_probed("the stopped with another peer_id")),
        (Some(_), Some(b), Some(c)) if c < b => Ok((
            true,
            format!(
                "stopped from port {p1} with peer_id C (never announced): the scrape went from {b} to {c}"
            ),
        )),
        (Some(_), Some(b), Some(c)) if c == b => Ok((
            false,
            format!(
                "stopped from port {p1} with peer_id C (never announced): the scrape stays at {c}"
            ),
        )),
        (Some(s), ..) => Err(format!("no scrape counts around it ({})", s.summary())),
    };
    let stopped_with_other_peer_id_removes = j.judge(
        "stopped_with_other_peer_id_removes",
        "stopped with another peer_id removes the peer",
        stop_other_verdict,
        yes_no,
    );
    let ghost = match (peer_identity, stopped_with_other_peer_id_removes) {
        ("peer_id", _) | (_, Some(false)) => Some(
            "high: a client restarted with a new peer_id is listed twice, and its stopped (with \
             the new peer_id) leaves the old entry as a ghost until the tracker times it out; keep \
             the peer_id between announce and stop"
                .to_string(),
        ),
        ("ip_port", _) => Some(
            "low for a restart on the same port (the new peer_id replaces the old entry); a \
             client that changes port leaves its old ip:port as a ghost until it times out"
                .to_string(),
        ),
        _ => None,
    };
    match &ghost {
        Some(g) => j.row(
            "ghost-peer risk",
            if g.starts_with("high") { "high" } else { "low" },
            g.clone(),
        ),
        None => {
            j.reasons.insert(
                "ghost_peer_risk".into(),
                "peer identity not established".into(),
            );
            j.row(
                "ghost-peer risk",
                "unknown",
                "peer identity not established",
            );
        }
    }
    Identity {
        peer_identity,
        stopped_with_other_peer_id_removes,
        ghost,
    }
}
