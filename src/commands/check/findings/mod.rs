//! `check`, sans IO: what each probe saw (`Observations`) turned into findings, each with its
//! evidence, or `null` with the reason it could not be established. Nothing here sends or
//! prints: the prober fills the observations, `judge` hands them to one module per area, in
//! the order the table shows the findings, and gathers the `--json` entry.

mod acceptance;
mod announce_fields;
mod cleanup;
mod counts;
mod http;
mod identity;
mod judge;
mod observations;
mod scrape;
mod udp;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::input::infohash::V1;
use crate::tracker::url::Transport;

pub use cleanup::Cleanup;
pub use http::HttpFindings;
pub use judge::Row;
use judge::{Ctx, Judge};
pub use observations::{AnnounceObs, Observations, ScrapeObs, ScrapeResult};
pub use scrape::ScrapeFindings;
pub use udp::UdpFindings;

/// The `--json` entry of one tracker (docs/json.md, "check").
#[derive(Debug, Serialize)]
pub struct TrackerCheck {
    pub url: String,
    pub transport: Transport,
    pub info_hash: String,
    /// "random" (a throw-away hash) or "torrent" (the TORRENT's own).
    pub hash_source: &'static str,
    /// "all", or "plain" (started, scrape, stopped: a private torrent without --all-probes).
    pub probes: &'static str,
    pub requests_planned: usize,
    pub requests_sent: usize,
    pub interrupted: bool,
    pub accepts_unknown_hash: Option<bool>,
    /// The tracker's words when it refused the hash.
    pub refusal: Option<String>,
    pub peer_identity: &'static str,
    pub stopped_with_other_peer_id_removes: Option<bool>,
    pub ghost_peer_risk: Option<String>,
    pub counts_include_self: Option<bool>,
    pub peer_list_includes_self: Option<bool>,
    pub numwant_honoured: Option<bool>,
    pub compact: Option<bool>,
    pub dict_peers: Option<bool>,
    pub peers6: Option<bool>,
    pub no_peer_id: Option<bool>,
    pub interval: Option<i64>,
    pub min_interval: Option<i64>,
    pub tracker_id: Option<String>,
    pub warning_message: Option<String>,
    pub external_ip: Option<String>,
    pub scrape: ScrapeFindings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpFindings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub udp: Option<UdpFindings>,
    pub cleanup: Cleanup,
    /// Why each `null` (or `"unknown"`) finding is not established, by its key path.
    pub reasons: BTreeMap<String, String>,
    /// The table: finding, result, evidence.
    pub findings: Vec<Row>,
}

pub fn judge(obs: &Observations, url: String, hash_source: &'static str) -> TrackerCheck {
    let transport = obs.transport.unwrap_or(Transport::Http);
    let udp = transport == Transport::Udp;
    let hash = obs.hash.unwrap_or(V1([0; 20]));
    let mut j = Judge {
        rows: Vec::new(),
        reasons: BTreeMap::new(),
    };
    let started = obs.started.as_ref();
    let started_ok = started.and_then(AnnounceObs::answer).or_else(|| {
        obs.started_without_url_data
            .as_ref()
            .and_then(AnnounceObs::answer)
    });
    let c = Ctx {
        obs,
        udp,
        hash,
        started,
        started_ok,
    };
    let (accepts_unknown_hash, refusal) = acceptance::judge(c, &mut j);
    let baseline = counts::baseline(c);
    let counts_include_self = counts::include_self(c, &mut j, baseline);
    let peer_list_includes_self = counts::list_includes_self(c, &mut j, baseline);
    let keys = announce_fields::answer_keys(c, &mut j);
    let models = announce_fields::peer_models(c, &mut j);
    let identity = identity::judge(c, &mut j, baseline);
    let numwant_honoured = counts::numwant(c, &mut j);
    let scrape = scrape::judge(c, &mut j);
    let http = (!udp).then(|| http::judge(c, &mut j));
    let udp_findings = udp.then(|| udp::judge(c, &mut j));
    let cleanup = cleanup::judge(c, &mut j, baseline);

    let probes = if obs.plain { "plain" } else { "all" };
    TrackerCheck {
        url,
        transport,
        info_hash: hash.to_string(),
        hash_source,
        probes,
        requests_planned: obs.requests_planned,
        requests_sent: obs.requests_sent,
        interrupted: obs.interrupted,
        accepts_unknown_hash,
        refusal,
        peer_identity: identity.peer_identity,
        stopped_with_other_peer_id_removes: identity.stopped_with_other_peer_id_removes,
        ghost_peer_risk: identity.ghost,
        counts_include_self,
        peer_list_includes_self,
        numwant_honoured,
        compact: models.compact,
        dict_peers: models.dict_peers,
        peers6: models.peers6,
        no_peer_id: models.no_peer_id,
        interval: keys.interval,
        min_interval: keys.min_interval,
        tracker_id: keys.tracker_id,
        warning_message: keys.warning_message,
        external_ip: keys.external_ip,
        scrape,
        http,
        udp: udp_findings,
        cleanup,
        reasons: j.reasons,
        findings: j.rows,
    }
}
