//! What will be asked, of whom, and when: the tier engine, the tracker order, holds (interval,
//! back-off) and rate limits. Pure functions of targets, options, saved state and a clock.

pub mod schedule;
pub mod tiers;
pub mod trackers;
