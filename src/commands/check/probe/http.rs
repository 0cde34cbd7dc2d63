//! The prober's HTTP requests: announces and scrapes through `swarm::http_exchange` (the same
//! path, `-v` trace and redaction as `announce` and `scrape`), and the keep-alive/gzip probe.

use std::time::Duration;

use super::Prober;
use crate::commands::check::findings::{AnnounceObs, ScrapeObs, ScrapeResult};
use crate::input::infohash::V1;
use crate::swarm;
use crate::tracker::http::{self, HttpOptions};
use crate::tracker::messages::AnnounceRequest;
use crate::tracker::response;
use crate::tracker::url::TrackerUrl;

impl Prober<'_> {
    fn http_opts(&self) -> HttpOptions {
        HttpOptions {
            timeout: Duration::from_secs_f64(self.run.global.timeout),
            user_agent: concat!("trackerctl/", env!("CARGO_PKG_VERSION")).to_string(),
            insecure: self.run.global.insecure,
        }
    }

    pub(super) fn http_announce(&mut self, req: &AnnounceRequest) -> AnnounceObs {
        let url = &self.job.url;
        let full = TrackerUrl::with_query(url.reveal(), &http::announce_query(req));
        let exchange = swarm::http_exchange(
            &self.run.global,
            &self.run.log,
            url,
            &full,
            &swarm::announce_fields(req),
            &self.http_opts(),
        );
        match exchange.map(|e| e.answer) {
            None => AnnounceObs {
                status: None,
                content_type: None,
                body: None,
                outcome: Err("not sent".into()),
            },
            Some(Err(e)) => AnnounceObs {
                status: None,
                content_type: None,
                body: None,
                outcome: Err(e),
            },
            Some(Ok(a)) => {
                let outcome = match response::decode_announce(&a.body) {
                    Err(e) if a.status != 200 => Err(format!("HTTP {}: {e}", a.status)),
                    Err(e) => Err(e.to_string()),
                    Ok(r) if r.failure_reason.is_none() && a.status != 200 => {
                        Err(format!("HTTP status {}", a.status))
                    }
                    Ok(r) => Ok(r),
                };
                AnnounceObs {
                    status: Some(a.status),
                    content_type: a.content_type.clone(),
                    body: Some(a.body),
                    outcome: outcome.map_err(|e| url.scrub(&e)),
                }
            }
        }
    }

    /// An HTTP scrape of `hashes` (empty: a full scrape).
    pub(super) fn http_scrape(&mut self, hashes: &[V1]) -> ScrapeObs {
        let url = &self.job.url;
        let Some(base) = &self.job.scrape_url else {
            return ScrapeObs {
                hashes: hashes.to_vec(),
                status: None,
                content_type: None,
                body: None,
                outcome: Err("no BEP 48 scrape URL".into()),
            };
        };
        let full = if hashes.is_empty() {
            base.clone()
        } else {
            TrackerUrl::with_query(base, &http::scrape_query(hashes))
        };
        let fields: Vec<(String, String)> = hashes
            .iter()
            .map(|h| ("info_hash".to_string(), h.to_string()))
            .collect();
        let exchange = swarm::http_exchange(
            &self.run.global,
            &self.run.log,
            url,
            &full,
            &fields,
            &self.http_opts(),
        );
        let answer = match exchange.map(|e| e.answer) {
            Some(Ok(a)) => a,
            Some(Err(e)) => {
                return ScrapeObs {
                    hashes: hashes.to_vec(),
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err(e),
                };
            }
            None => {
                return ScrapeObs {
                    hashes: hashes.to_vec(),
                    status: None,
                    content_type: None,
                    body: None,
                    outcome: Err("not sent".into()),
                };
            }
        };
        let outcome = match response::decode_scrape(&answer.body, hashes) {
            Err(e) if answer.status != 200 => Err(format!("HTTP {}: {e}", answer.status)),
            Err(e) => Err(e.to_string()),
            Ok(r) if r.failure_reason.is_none() && answer.status != 200 => {
                Err(format!("HTTP status {}", answer.status))
            }
            Ok(r) => Ok(ScrapeResult {
                failure: r.failure_reason,
                files: r.files,
                min_request_interval: r.min_request_interval,
            }),
        };
        ScrapeObs {
            hashes: hashes.to_vec(),
            status: Some(answer.status),
            content_type: answer.content_type,
            body: Some(answer.body),
            outcome: outcome.map_err(|e| url.scrub(&e)),
        }
    }

    pub(super) fn connection(&mut self) {
        self.sent();
        self.obs.requests_sent += 1; // the second GET on the connection
        let Some(base) = &self.job.scrape_url else {
            return;
        };
        let full = TrackerUrl::with_query(base, &http::scrape_query(&[self.job.hash]));
        self.run.log.block(
            1,
            &[format!(
                "> GET {} twice on one connection (Connection: keep-alive, Accept-Encoding: gzip)",
                self.job.url.scrub(&full)
            )],
        );
        let got =
            http::probe_connection(&full, &self.http_opts()).map_err(|e| self.job.url.scrub(&e));
        if let Ok(p) = &got {
            if p.requests < 2 {
                self.obs.requests_sent -= 1;
            }
            self.run.log.block(
                1,
                &[format!(
                    "< {} {} Connection: {} Content-Encoding: {}; second request answered: {:?}",
                    p.version,
                    p.status,
                    p.connection.as_deref().unwrap_or("-"),
                    p.content_encoding.as_deref().unwrap_or("-"),
                    p.second_answered
                )],
            );
        } else {
            self.obs.requests_sent -= 1;
        }
        self.obs.connection = Some(got);
    }
}
