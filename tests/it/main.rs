//! One integration-test binary: a module per concern.

mod fixtures_input;
mod fixtures_responses;
mod lifecycle;
mod support;
mod announce;
mod errors;
mod tiers;
mod fixtures_udp;
mod udp;
mod docs;
