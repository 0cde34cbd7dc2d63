//! HTTP: status codes and content types of the answers, keep-alive, gzip.

use serde::Serialize;

use super::judge::{Ctx, Judge, yes_no};

#[derive(Debug, Default, Serialize)]
pub struct HttpFindings {
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub keep_alive: Option<bool>,
    pub gzip: Option<bool>,
}

pub(super) fn judge(c: Ctx, j: &mut Judge) -> HttpFindings {
    let Ctx { obs, started, .. } = c;
    let first_scrape = obs.scrape_before.as_ref();
    let not_probed = |what: &str| c.not_probed(what);
    let mut h = HttpFindings {
        status: started.and_then(|a| a.status),
        content_type: started.and_then(|a| a.content_type.clone()),
        ..Default::default()
    };
    let mut statuses: Vec<String> = Vec::new();
    for (label, a) in [
        ("started", started),
        ("compact=0", obs.dict.as_ref()),
        ("stopped", obs.stops.first().map(|(_, a)| a)),
    ] {
        if let Some(a) = a
            && let Some(st) = a.status
        {
            statuses.push(format!(
                "{label} {st} {}",
                a.content_type.as_deref().unwrap_or("(no content type)")
            ));
        }
    }
    if let Some(s) = first_scrape
        && let Some(st) = s.status
    {
        statuses.push(format!(
            "scrape {st} {}",
            s.content_type.as_deref().unwrap_or("(no content type)")
        ));
    }
    if statuses.is_empty() {
        j.reasons
            .insert("http.status".into(), "no HTTP answer".into());
        j.row("HTTP status, content type", "unknown", "no HTTP answer");
    } else {
        j.row(
            "HTTP status, content type",
            h.status.map_or("?".to_string(), |s| s.to_string()),
            statuses.join("; "),
        );
    }
    let conn = match &obs.connection {
        None => Err(not_probed("the connection probe")),
        Some(Err(e)) => Err(format!("the connection probe failed: {e}")),
        Some(Ok(c)) => Ok(c),
    };
    h.keep_alive = j.judge(
        "http.keep_alive",
        "HTTP keep-alive",
        conn.clone().map(|c| {
            let head = format!(
                "{} {}, Connection: {}",
                c.version,
                c.status,
                c.connection.as_deref().unwrap_or("(none)")
            );
            match c.second_answered {
                Some(true) => (
                    true,
                    format!("{head}; a second request on the connection was answered"),
                ),
                Some(false) => (
                    false,
                    format!("{head}; a second request on the connection got no answer"),
                ),
                None => (false, format!("{head}: the server ends the connection")),
            }
        }),
        yes_no,
    );
    h.gzip = j.judge(
        "http.gzip",
        "gzip (Accept-Encoding: gzip)",
        conn.map(|c| {
            let gz = c
                .content_encoding
                .as_deref()
                .is_some_and(|e| e.to_ascii_lowercase().contains("gzip"));
            (
                gz,
                format!(
                    "scrape answer Content-Encoding: {}",
                    c.content_encoding.as_deref().unwrap_or("(none)")
                ),
            )
        }),
        yes_no,
    );
    if h.status.is_none() {
        j.reasons
            .entry("http.status".into())
            .or_insert_with(|| "no HTTP answer to the started".into());
    }
    if h.content_type.is_none() {
        j.reasons.insert(
            "http.content_type".into(),
            "no Content-Type on the started's answer".into(),
        );
    }
    h
}
