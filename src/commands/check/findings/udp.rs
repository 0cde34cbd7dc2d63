//! UDP (BEP 15): connection id constant or random, BEP 41 URL data accepted, multi-hash scrape
//! answered in request order, what a wrong connection id gets (the error action).

use serde::Serialize;

use super::judge::{Ctx, Judge, yes_no};
use super::observations::{Observations, ScrapeObs};
use crate::input::infohash::V1;

#[derive(Debug, Default, Serialize)]
pub struct UdpFindings {
    pub connection_id: Option<&'static str>,
    pub scrape_in_request_order: Option<bool>,
    pub url_data_accepted: Option<bool>,
    /// What a request with a connection id the tracker never gave gets: "error", "ignored"
    /// (no answer) or "answered".
    pub wrong_connection_id: Option<&'static str>,
}

pub(super) fn judge(c: Ctx, j: &mut Judge) -> UdpFindings {
    let Ctx {
        obs, hash, started, ..
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    let connection_id = j.judge(
        "udp.connection_id",
        "UDP connection id",
        match obs.connects.as_slice() {
            [Ok(a), Ok(b)] if a == b && *a == crate::tracker::udp_packet::PROTOCOL_ID => Ok((
                "constant",
                format!("two connects gave {a:#018x} both times: the protocol magic"),
            )),
            // The same id twice from one address: a fixed id, or one the tracker derives
            // from the address and a key it rotates (opentracker, aquatic_udp). A tracker
            // that refuses an id it never gave issues its own.
            [Ok(a), Ok(b)] if a == b => match wrong_id_refused(obs) {
                Some(true) => Ok((
                    "random",
                    format!(
                        "two connects from two sockets gave {a:#018x} both times (derived from the IP address and a key of the tracker's), and an id it never gave is refused"
                    ),
                )),
                _ => Ok((
                    "constant",
                    format!("two connects from two sockets gave {a:#018x} both times, and an id it never gave is not refused"),
                )),
            },
            [Ok(a), Ok(b)] => Ok((
                "random",
                format!("two connects from two sockets gave {a:#018x} and {b:#018x}"),
            )),
            [] | [_] => Err(not_probed("the two connects")),
            other => Err(format!(
                "a connect failed: {}",
                other
                    .iter()
                    .filter_map(|r| r.as_ref().err())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        },
        |v| v.to_string(),
    );
    let url_data_accepted = j.judge(
        "udp.url_data_accepted",
        "BEP 41 URL data accepted",
        match (started, &obs.started_without_url_data) {
            (None, _) => Err(not_probed("the first announce")),
            (Some(a), _) if a.answer().is_some() => Ok((
                true,
                "the started carried the URL's path as BEP 41 URL data and was answered"
                    .to_string(),
            )),
            (Some(a), Some(b)) if b.answer().is_some() => Ok((
                false,
                format!("with URL data: {}; without: answered", a.summary()),
            )),
            (Some(a), _) => Err(format!(
                "the started failed with and without URL data: {}",
                a.summary()
            )),
        },
        yes_no,
    );
    let rest: Vec<V1> = obs
        .order
        .first()
        .map(|s| s.hashes.iter().filter(|h| **h != hash).copied().collect())
        .unwrap_or_default();
    let scrape_in_request_order = j.judge(
        "udp.scrape_in_request_order",
        "UDP scrape answers in request order",
        scrape_order(&obs.order, hash, rest.len()),
        yes_no,
    );
    let wrong_connection_id = j.judge(
        "udp.wrong_connection_id",
        "UDP error action (wrong connection id)",
        match &obs.wrong_connection_id {
            None => Err(not_probed("the wrong-connection-id scrape")),
            Some(Err(e)) if e.contains("no answer") => Ok((
                "ignored",
                format!("a scrape with a connection id never given: {e}"),
            )),
            Some(Err(e)) => Err(e.clone()),
            Some(Ok(s)) => match &s.outcome {
                Ok(r) => match &r.failure {
                    Some(f) => Ok(("error", format!("error action 3: {f:?}"))),
                    None => Ok((
                        "answered",
                        "a scrape with a connection id never given was answered anyway".to_string(),
                    )),
                },
                Err(e) => Err(e.clone()),
            },
        },
        |v| v.to_string(),
    );
    UdpFindings {
        connection_id,
        scrape_in_request_order,
        url_data_accepted,
        wrong_connection_id,
    }
}

/// Whether a UDP request with a connection id the tracker never gave was refused (an error, or
/// no answer); None when not probed.
fn wrong_id_refused(obs: &Observations) -> Option<bool> {
    match obs.wrong_connection_id.as_ref()? {
        Err(e) => e.contains("no answer").then_some(true),
        Ok(s) => match &s.outcome {
            Ok(r) => Some(r.failure.is_some()),
            Err(_) => None,
        },
    }
}

/// The marker scrapes: the registered hash (it has peers) asked first, then last, among the same
/// unknown hashes (no peers). In request order only when both answers have the marker exactly
/// where it was asked and zeros elsewhere: any fixed reordering (sorting, a hash map) moves it
/// in at least one of the two, a random one keeps it in place in both with chance 1/n².
pub fn scrape_order(
    order: &[ScrapeObs],
    hash: V1,
    unknown: usize,
) -> Result<(bool, String), String> {
    if order.len() < 2 {
        return Err("not probed: the two marker scrapes did not run".into());
    }
    let mut places = Vec::new();
    for s in order {
        let r = s
            .ok()
            .ok_or_else(|| format!("a marker scrape failed: {}", s.summary(hash)))?;
        let asked = s
            .hashes
            .iter()
            .position(|h| *h == hash)
            .ok_or("the marker hash was not asked")?;
        let live: Vec<usize> = r
            .files
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c.complete.unwrap_or(0) + c.incomplete.unwrap_or(0) > 0)
            .map(|(i, _)| i)
            .collect();
        if live.len() != 1 {
            return Err(format!(
                "{} answers with peers among {} (expected exactly the marker's): cannot tell",
                live.len(),
                r.files.len()
            ));
        }
        places.push((asked, live[0]));
    }
    let n = unknown + 1;
    let shown: Vec<String> = places
        .iter()
        .map(|(asked, got)| format!("asked at position {}, answered at {}", asked + 1, got + 1))
        .collect();
    let in_order = places.iter().all(|(a, g)| a == g);
    Ok((
        in_order,
        format!(
            "the hash with peers among {} without, twice: {}",
            n - 1,
            shown.join("; ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::messages::ScrapeCounts;

    fn counts(c: i64, i: i64) -> ScrapeCounts {
        ScrapeCounts {
            complete: Some(c),
            incomplete: Some(i),
            ..Default::default()
        }
    }

    #[test]
    fn scrape_order_needs_the_marker_in_place_twice() {
        let h = V1([0x81; 20]);
        let u: Vec<V1> = (0..4u8).map(|i| V1([0x90 + i; 20])).collect();
        let zeros = || counts(0, 0);
        let first: Vec<V1> = std::iter::once(h).chain(u.clone()).collect();
        let last: Vec<V1> = u.iter().copied().chain(std::iter::once(h)).collect();
        let in_order = [
            ScrapeObs::udp(
                first.clone(),
                vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()],
            ),
            ScrapeObs::udp(
                last.clone(),
                vec![zeros(), zeros(), zeros(), zeros(), counts(0, 1)],
            ),
        ];
        assert!(scrape_order(&in_order, h, 4).unwrap().0);
        // Sorted answers put the marker first both times.
        let sorted = [
            ScrapeObs::udp(
                first,
                vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()],
            ),
            ScrapeObs::udp(last, vec![counts(0, 1), zeros(), zeros(), zeros(), zeros()]),
        ];
        assert!(!scrape_order(&sorted, h, 4).unwrap().0);
        assert!(scrape_order(&sorted[..1], h, 4).is_err());
    }
}
