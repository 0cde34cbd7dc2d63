//! One integration-test binary: a module per concern.

mod announce;
mod docs;
mod errors;
mod fixtures_input;
mod fixtures_responses;
mod fixtures_udp;
mod lifecycle;
mod support;
mod tiers;
mod udp;
mod scrape;
mod state;
mod schedule;
mod json_schema;
mod readme;
mod batch;
mod hostile;
