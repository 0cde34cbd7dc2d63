//! Peers and counts: whether the counts and the peer list include the announcing peer, and
//! whether `numwant` is honoured; the count before the first announce that the identity and
//! cleanup findings compare against.

use super::judge::{Ctx, Judge, reason_no_answer, yes_no};
use super::observations::AnnounceObs;
use crate::tracker::messages::AnnounceResponse;

/// Seeders + leechers of the hash before the first announce: by scrape, or 0 for a random
/// hash; None when no scrape answered for a TORRENT's own hash.
pub(super) fn baseline(c: Ctx) -> Option<i64> {
    let Ctx { obs, hash, .. } = c;
    let before = obs.scrape_before.as_ref().and_then(|s| s.total(hash));
    match before {
        Some(Some(n)) => Some(n),
        Some(None) => Some(0),
        None if obs.random_hash => Some(0),
        None => None,
    }
}

/// `counts_include_self`: the started's answer counts one more than the scrape before it.
pub(super) fn include_self(c: Ctx, j: &mut Judge, baseline: Option<i64>) -> Option<bool> {
    let Ctx {
        started,
        started_ok,
        ..
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    j.judge(
        "counts_include_self",
        "counts include the announcing peer",
        match (started_ok, baseline) {
            (None, _) => Err(reason_no_answer(started, &not_probed("the first announce"))),
            (Some(_), None) => Err("no count before the announce (no scrape answer)".into()),
            (Some(r), Some(base)) => match announce_total(r) {
                None => Err("the answer has no complete/incomplete counts".into()),
                Some(t) if t == base + 1 => Ok((
                    true,
                    format!("{base} peers before; the started's answer counts {t}"),
                )),
                Some(t) if t == base => Ok((
                    false,
                    format!("{base} peers before; the started's answer still counts {t}: itself left out"),
                )),
                Some(t) => Err(format!(
                    "{base} peers before, {t} in the started's answer: the swarm moved meanwhile"
                )),
            },
        },
        yes_no,
    )
}

/// `peer_list_includes_self`: an announce lists its own port.
pub(super) fn list_includes_self(c: Ctx, j: &mut Judge, baseline: Option<i64>) -> Option<bool> {
    let Ctx {
        obs,
        started,
        started_ok,
        ..
    } = c;
    let [p1, _, _, p4] = obs.ports;
    let not_probed = |what: &str| c.not_probed(what);
    // The list: F's answer has at least D and E besides F; else A's.
    let list_verdict = if let Some(f) = obs.register_f.as_ref().and_then(AnnounceObs::answer) {
        if lists_port(f, p4) {
            Ok((
                true,
                format!(
                    "F's started (port {p4}) lists port {p4} among {} peers",
                    f.peers.len() + f.peers6.len()
                ),
            ))
        } else if !f.peers.is_empty() || !f.peers6.is_empty() {
            Ok((
                false,
                format!(
                    "F's started (port {p4}) lists {} other peers, not itself",
                    f.peers.len() + f.peers6.len()
                ),
            ))
        } else {
            Err("F's started listed no peers at all".to_string())
        }
    } else if let Some(a) = started_ok {
        if lists_port(a, p1) {
            Ok((true, format!("the started (port {p1}) lists port {p1}")))
        } else if baseline == Some(0) && a.peers.is_empty() && a.peers6.is_empty() {
            Ok((
                false,
                "alone in the swarm, the started's answer lists no peer".to_string(),
            ))
        } else {
            Ok((
                false,
                format!(
                    "the started (port {p1}) lists {} peers, not itself",
                    a.peers.len() + a.peers6.len()
                ),
            ))
        }
    } else {
        Err(reason_no_answer(started, &not_probed("the first announce")))
    };
    j.judge(
        "peer_list_includes_self",
        "peer list includes the announcing peer",
        list_verdict,
        yes_no,
    )
}

/// `numwant_honoured`: with at least two other peers, numwant=1 lists at most one.
pub(super) fn numwant(c: Ctx, j: &mut Judge) -> Option<bool> {
    let obs = c.obs;
    let [_, p2, _, p4] = obs.ports;
    let not_probed = |what: &str| c.not_probed(what);
    let numwant_verdict = match (
        obs.register_f.as_ref().and_then(AnnounceObs::answer),
        obs.numwant.as_ref(),
    ) {
        (_, None) => Err(not_probed("the numwant=1 announce")),
        (None, Some(_)) => Err("F's numwant=50 announce got no answer to compare".to_string()),
        (Some(f), Some(n)) => {
            let many = f.peers.len() + f.peers6.len();
            match n.answer() {
                None => Err(format!("the numwant=1 announce failed: {}", n.summary())),
                Some(_) if many < 2 => Err(format!(
                    "even numwant=50 listed only {many} peers: too few to tell"
                )),
                Some(r) => {
                    let got = r.peers.len() + r.peers6.len();
                    Ok((
                        got <= 1,
                        format!(
                            "numwant=50 listed {many} peers (port {p4}); numwant=1 listed {got} (port {p2})"
                        ),
                    ))
                }
            }
        }
    };
    j.judge(
        "numwant_honoured",
        "numwant honoured",
        numwant_verdict,
        yes_no,
    )
}

/// The announcing peer in a peer list: listed on its own port (the address may be rewritten,
/// e.g. to the tracker's external ip).
fn lists_port(r: &AnnounceResponse, port: u16) -> bool {
    r.peers.iter().chain(&r.peers6).any(|p| p.port == port)
}

/// Seeders + leechers in an announce answer, when it has both.
pub(super) fn announce_total(r: &AnnounceResponse) -> Option<i64> {
    Some(r.complete? + r.incomplete?)
}
