//! What `check` reports: the document of every tracker's findings, each string with the
//! tracker's secrets redacted (`scrub`), printed as `--json` or as text (`render::check`).

use crate::commands::Run;
use crate::report::CheckReport;

/// Every string of the document through `f` (the tracker's secrets redacted).
pub(super) fn scrub(value: &mut serde_json::Value, f: &dyn Fn(&str) -> String) {
    match value {
        serde_json::Value::String(s) => *s = f(s),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| scrub(v, f)),
        serde_json::Value::Object(map) => map.values_mut().for_each(|v| scrub(v, f)),
        _ => {}
    }
}

pub(super) fn print(run: &Run, report: &CheckReport) {
    if run.global.json {
        let json = serde_json::to_string_pretty(report).expect("a report always serialises");
        run.env.stdout.line(&json);
    } else if !run.global.quiet {
        run.env.stdout.write(&crate::render::check::text(report));
    }
}
