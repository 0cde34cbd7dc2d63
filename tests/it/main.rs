//! One integration-test binary: a module per concern.

mod announce;
mod batch;
mod check;
mod clock;
mod docs;
mod errors;
mod first_hour;
mod fixtures_input;
mod fixtures_responses;
mod fixtures_udp;
mod hostile;
mod identity;
mod json_schema;
mod lifecycle;
mod qbittorrent;
mod readme;
mod schedule;
mod scrape;
mod state;
mod support;
mod tiers;
mod udp;
