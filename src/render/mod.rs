//! Output: readable text by default, one JSON document with `--json`.

pub mod log;
pub mod text;

use std::io::IsTerminal;

use crate::report::Report;

pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report always serialises")
}

/// When to paint: on a terminal (`Auto`), always, never.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Colour on a terminal only; `--color`, `NO_COLOR` and `CLICOLOR_FORCE` respected.
pub fn use_color(choice: Color) -> bool {
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
                std::io::stdout().is_terminal()
            }
        }
    }
}
