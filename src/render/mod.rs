//! Output: readable text by default, one JSON document with `--json`.

pub mod check;
pub mod log;
pub mod progress;
pub mod text;

use crate::settings::Color;

use crate::report::{Report, Summary, TorrentReport, TrackerReport};

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}

/// `--format ndjson`: one line for a torrent at one tracker, `{"type":"tracker", …}`.
pub fn ndjson_line(torrent: &TorrentReport, tracker: &TrackerReport) -> String {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        r#type: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        info_hash: Option<&'a str>,
        source: &'a str,
        #[serde(flatten)]
        tracker: &'a TrackerReport,
    }
    let line = Line {
        r#type: "tracker",
        name: torrent.name.as_deref(),
        // An announce entry names its hash itself; one key, never two.
        info_hash: match tracker.info_hash {
            Some(_) => None,
            None => torrent.info_hash.as_deref(),
        },
        source: &torrent.source,
        tracker,
    };
    serde_json::to_string(&line).expect("a report always serialises")
}

/// `--format ndjson`: the last line, `{"type":"summary","summary":{…}}`.
pub fn ndjson_summary(summary: &Summary) -> String {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        r#type: &'static str,
        summary: &'a Summary,
    }
    let line = Line {
        r#type: "summary",
        summary,
    };
    serde_json::to_string(&line).expect("a summary always serialises")
}

/// Colour on a terminal only; `--color`, `NO_COLOR` and `CLICOLOR_FORCE` respected.
pub fn use_color(choice: Color, terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            let set =
                |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            if set("NO_COLOR") {
                false
            } else if set("CLICOLOR_FORCE") {
                true
            } else {
                terminal
            }
        }
    }
}
