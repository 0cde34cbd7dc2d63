//! `check` as text: per tracker a heading and the table finding | result | evidence, every
//! string sanitised for the terminal (the report's strings are already redacted).

use std::fmt::Write as _;

use crate::report::CheckReport;

pub fn text(report: &CheckReport) -> String {
    let sanitize = crate::printable::sanitize;
    let mut out = String::new();
    for t in &report.trackers {
        let s = |k: &str| t[k].as_str().unwrap_or("").to_string();
        out.push_str(&format!(
            "{} ({} info-hash {}, {} requests sent{})\n",
            sanitize(&s("url")),
            if s("hash_source") == "random" {
                "random"
            } else {
                "the torrent's"
            },
            s("info_hash"),
            t["requests_sent"],
            if s("probes") == "plain" {
                "; private torrent: started, scrape, stopped only"
            } else {
                ""
            }
        ));
        let rows: Vec<(String, String, String)> = t["findings"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|r| {
                        let f = |k: &str| sanitize(r[k].as_str().unwrap_or(""));
                        (f("finding"), f("result"), f("evidence"))
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push_str(&table_rows(&rows));
        out.push('\n');
    }
    if report.interrupted {
        out.push_str("interrupted: the remaining probes were skipped, the cleanup ran\n");
    }
    out
}

/// The text table: finding | result | evidence (already sanitised), columns aligned.
fn table_rows(rows: &[(String, String, String)]) -> String {
    let width = |pick: fn(&(String, String, String)) -> &String, min: usize, max: usize| {
        rows.iter()
            .map(|r| pick(r).chars().count())
            .max()
            .unwrap_or(min)
            .clamp(min, max)
    };
    let w1 = width(|r| &r.0, 7, 48);
    let w2 = width(|r| &r.1, 6, 24);
    let mut out = String::new();
    let _ = writeln!(out, "{:<w1$}  {:<w2$}  evidence", "finding", "result");
    for (finding, result, evidence) in rows {
        let _ = writeln!(out, "{finding:<w1$}  {result:<w2$}  {evidence}");
    }
    out
}
