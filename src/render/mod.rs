//! Output: readable text by default, one JSON document with `--json`.

pub mod text;

use std::io::IsTerminal;

use crate::cli::ColorChoice;
use crate::report::Report;

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}

/// Colour on a terminal only; `--color`, `NO_COLOR` and `CLICOLOR_FORCE` respected.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            let set =
                |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            if set("NO_COLOR") {
                false
            } else if set("CLICOLOR_FORCE") {
                true
            } else {
                std::io::stdout().is_terminal()
            }
        }
    }
}
