//! Whether `check` left nothing behind: identities registered and stopped, and the count of the
//! hash by scrape before the first announce and after the last stopped.

use serde::Serialize;

use super::judge::{Ctx, Judge};

#[derive(Debug, Default, Serialize)]
pub struct Cleanup {
    pub identities_registered: usize,
    pub identities_stopped: usize,
    /// Seeders + leechers of the hash before the first announce and after the last stopped.
    pub count_before: Option<i64>,
    pub count_after: Option<i64>,
    pub back_where_they_were: Option<bool>,
}

pub(super) fn judge(c: Ctx, j: &mut Judge, baseline: Option<i64>) -> Cleanup {
    let Ctx { obs, hash, .. } = c;
    let after = obs.scrape_final.as_ref().and_then(|s| s.total(hash));
    let count_before = baseline;
    let count_after = after.map(|t| t.unwrap_or(0));
    let stopped = obs.stops.iter().filter(|(_, a)| a.outcome.is_ok()).count();
    let back = match (count_before, count_after) {
        (Some(b), Some(a)) => Some(a == b),
        _ => None,
    };
    let cleanup_evidence = format!(
        "{} identities registered, {} stopped{}",
        obs.identities_registered,
        stopped,
        match (count_before, count_after) {
            (Some(b), Some(a)) => format!("; peers before {b}, after {a}"),
            _ => String::new(),
        }
    );
    match back {
        Some(true) => j.row("left nothing behind", "yes", cleanup_evidence),
        Some(false) => j.row(
            "left nothing behind",
            "NO: counts differ",
            format!("{cleanup_evidence}; the tracker may drop the rest when they time out"),
        ),
        None => {
            let why = if obs.scrape_final.is_none() {
                "no final scrape".to_string()
            } else {
                "no scrape counts before and after to compare".to_string()
            };
            j.reasons
                .insert("cleanup.back_where_they_were".into(), why.clone());
            j.row(
                "left nothing behind",
                "unknown",
                format!("{cleanup_evidence}; {why}"),
            );
        }
    }
    Cleanup {
        identities_registered: obs.identities_registered,
        identities_stopped: stopped,
        count_before,
        count_after,
        back_where_they_were: back,
    }
}
