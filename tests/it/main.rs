//! One integration-test binary: a module per concern.

mod fixtures_input;
mod fixtures_responses;
