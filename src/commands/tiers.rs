//! `tiers`: the tiers in libtorrent's order, each tracker's saved state, who an announce would
//! contact now, and with `--probe` one scrape of each.

use crate::cli::TiersArgs;
use crate::commands::{Run, chosen, scrape};
use crate::error::Error;
use crate::plan::schedule::{self, Hold};
use crate::plan::tiers::{self, TierOptions};
use crate::plan::trackers;
use crate::report::{Report, TierEntry, TorrentReport};

/// `tiers`: the tiers in libtorrent's order, each tracker's state, and who an announce with
/// these options would contact now; contacts nobody unless `--probe`. The order is saved when
/// first seen (as an announce would), so the next announce starts from what this showed.
pub fn tiers(run: &mut Run, args: &TiersArgs) -> Result<Report, Error> {
    let opts = TierOptions {
        all_trackers_in_tier: args.tiers.all_trackers_in_tier,
        all_tiers: args.tiers.all_tiers,
    };
    let state = run.store.load()?;
    let mut report = Report::new("tiers");
    report.notices = run.store.take_notices();
    let now = run.env.clock.now_unix();
    let mut new_orders: Vec<(String, Option<String>, Vec<Vec<String>>)> = Vec::new();
    let targets = run.targets(&args.target)?;
    for target in &targets {
        let listed = trackers::tracker_tiers(
            target,
            chosen(&args.target),
            run.global.show_secrets,
            &mut report.notices,
        )?;
        let wire_hash = trackers::wire_hashes(target, args.target.hash.into())
            .first()
            .copied();
        let hash = wire_hash.map(|h| h.to_string());
        let saved = hash.as_ref().and_then(|h| state.torrents.get(h));
        let urls = trackers::ordered_tiers(&listed, saved, run.global.order, run.env.random.u64());
        let tracker_state = |url: &crate::tracker::url::TrackerUrl| {
            saved.and_then(|t| t.trackers.get(&crate::state::tracker_key(url.reveal())))
        };
        if let Some(h) = &hash
            && saved.and_then(|t| t.order.as_ref()).is_none()
        {
            let order = urls
                .iter()
                .map(|t| {
                    t.iter()
                        .map(|u| crate::state::tracker_key(u.reveal()))
                        .collect()
                })
                .collect();
            new_orders.push((h.clone(), target.name.clone(), order));
        }
        // Who an announce would contact now: trackers in back-off are passed over (the tier
        // engine falls back), trackers inside their min interval count as served.
        let holds: Vec<Vec<Option<Hold>>> = urls
            .iter()
            .map(|tier| {
                tier.iter()
                    .map(|url| {
                        let saved = tracker_state(url);
                        schedule::hold(saved, now, saved.is_some_and(|s| s.start_sent))
                    })
                    .collect()
            })
            .collect();
        let sizes: Vec<usize> = urls.iter().map(Vec::len).collect();
        let plan = tiers::simulate(&sizes, opts, |(t, i)| match holds[t][i] {
            None => (true, true),
            Some(Hold::Interval(_)) => (false, true),
            Some(Hold::Backoff(_)) => (false, false),
        });
        let selected = |pos: (usize, usize)| {
            plan.iter()
                .any(|(p, sent)| *p == pos && *sent == Some(true))
        };
        let listing = urls
            .iter()
            .enumerate()
            .map(|(t, tier)| {
                tier.iter()
                    .enumerate()
                    .map(|(i, url)| {
                        let saved = tracker_state(url);
                        let hold = holds[t][i].clone();
                        TierEntry {
                            url: url.to_string(),
                            transport: url.transport(),
                            selected: selected((t, i)),
                            last_announce: saved.and_then(|s| s.last_announce),
                            last_event: saved
                                .map(|s| s.last_event.clone())
                                .filter(|e| !e.is_empty()),
                            fails: saved.map(|s| s.fails).filter(|f| *f > 0),
                            last_error: saved
                                .and_then(|s| s.last_error.as_deref().map(|e| url.scrub(e))),
                            backoff_left: match hold {
                                Some(Hold::Backoff(left)) => Some(left.map_or(
                                    serde_json::Value::from("never"),
                                    serde_json::Value::from,
                                )),
                                _ => None,
                            },
                            next_announce_in: match hold {
                                Some(Hold::Interval(left)) => Some(left),
                                _ => None,
                            },
                        }
                    })
                    .collect()
            })
            .collect();
        let mut entry = TorrentReport::new(target, wire_hash, Vec::new());
        entry.tiers = Some(listing);
        entry.order_notes = trackers::order_notes(&listed, &urls, saved);
        report.torrents.push(entry);
    }
    if !run.global.dry_run && !new_orders.is_empty() {
        let random = &*run.env.random;
        run.store.update(|file| {
            for (hash, name, order) in new_orders {
                let torrent =
                    file.torrents
                        .entry(hash)
                        .or_insert_with(|| crate::state::TorrentState {
                            name,
                            peer_id_hex: hex::encode(crate::identity::new_peer_id(random)),
                            key: random.u64() as u32,
                            ..Default::default()
                        });
                torrent.order.get_or_insert(order);
            }
        })?;
    }
    if args.probe {
        probe(run, args, &targets, &mut report)?;
    }
    Ok(report)
}

/// `tiers --probe`: one scrape of every tracker (BEP 48 or BEP 15), never an announce; each
/// tracker's answer, error and latency go into the listing.
fn probe(
    run: &Run,
    args: &TiersArgs,
    targets: &[crate::input::Target],
    report: &mut Report,
) -> Result<(), Error> {
    let opts = scrape::ScrapeOptions {
        chosen: chosen(&args.target),
        hash: args.target.hash.into(),
        rule: crate::tracker::url::ScrapeRule::LastSegment,
        scrape_url: None,
        one_per_request: false,
        wait: false,
        jobs: 16,
        window: 4,
        stream: None,
    };
    let scraped = scrape::scrape_targets(run, targets, &opts, std::time::Instant::now())?;
    for (torrent, probed) in report.torrents.iter_mut().zip(scraped.torrents) {
        torrent.trackers = probed.trackers;
    }
    Ok(())
}
