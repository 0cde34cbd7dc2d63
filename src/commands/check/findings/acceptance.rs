//! Whether the tracker takes an info-hash it has never seen (a random one), or refuses it
//! (whitelist, registration), with its words.

use super::judge::{Ctx, Judge, yes_no};

/// `accepts_unknown_hash`, and the tracker's words when it refused.
pub(super) fn judge(c: Ctx, j: &mut Judge) -> (Option<bool>, Option<String>) {
    let Ctx {
        obs,
        udp,
        hash,
        started,
        started_ok,
    } = c;
    let not_probed = |what: &str| c.not_probed(what);
    let mut refusal = None;
    let accepts = match (started, obs.random_hash) {
        (None, _) => Err(not_probed("the first announce")),
        (Some(_), false) => Err(
            "the TORRENT's own info-hash was used: it is not an unknown hash to this tracker"
                .to_string(),
        ),
        (Some(a), true) => match (&a.outcome, started_ok) {
            (_, Some(_)) => Ok((
                true,
                format!("started with random hash {hash}: {}", a.summary()),
            )),
            (Ok(r), None) => {
                refusal = r.failure_reason.clone();
                Ok((
                    false,
                    format!("started with random hash {hash}: {}", a.summary()),
                ))
            }
            (Err(e), None) if udp && e.contains("too short") => {
                refusal = Some(e.clone());
                Ok((
                    false,
                    format!("started with random hash {hash}: {e} (opentracker refuses so)"),
                ))
            }
            (Err(e), None) => Err(format!("the started got no usable answer: {e}")),
        },
    };
    let accepts_unknown_hash = j.judge(
        "accepts_unknown_hash",
        "accepts an unknown info-hash",
        accepts,
        yes_no,
    );
    if let Some(words) = &refusal {
        j.row(
            "refusal",
            "refused",
            format!("the tracker's words: {words:?}"),
        );
    } else if let Some(a) = started
        && started_ok.is_none()
        && let Ok(r) = &a.outcome
        && let Some(reason) = &r.failure_reason
    {
        refusal = Some(reason.clone());
        j.row(
            "refusal",
            "refused",
            format!("the tracker's words: {reason:?}"),
        );
    }
    (accepts_unknown_hash, refusal)
}
