//! trackerctl: talk to BitTorrent trackers as libtorrent (qBittorrent) does.

pub mod bencode;
pub mod cli;
pub mod commands;
pub mod docs;
pub mod error;
pub mod identity;
pub mod input;
pub mod plan;
pub mod printable;
pub mod render;
pub mod report;
pub mod settings;
pub mod state;
pub mod tracker;

use std::io::Write;

use clap::Parser;

use cli::{Cli, Command, PeersShown};
use commands::Run;
use error::{Error, ExitCode};
use render::log::Log;
use report::{Report, Status};
use state::Store;

/// Parses the command line, runs the subcommand, prints the report; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage as i32
            } else {
                ExitCode::Ok as i32
            };
        }
    };
    let show_secrets = cli.global.show_secrets;
    match execute(cli) {
        Ok(code) => code as i32,
        Err(e) => {
            eprintln!("{}", shown_error(&e, show_secrets));
            e.code as i32
        }
    }
}

/// An error as the user sees it: an argument it echoes may be a URL with a passkey in the
/// wrong place, and tracker or torrent text in it may carry terminal controls.
fn shown_error(e: &Error, show_secrets: bool) -> String {
    let clean = |text: &str| {
        let text = if show_secrets {
            text.to_string()
        } else {
            tracker::url::redact_urls_in(text)
        };
        printable::sanitize(&text)
    };
    let mut out = format!("error: {}", clean(&e.message));
    if let Some(hint) = &e.hint {
        out.push_str(&format!("\nhint: {}", clean(hint)));
    }
    out
}

fn execute(cli: Cli) -> Result<ExitCode, Error> {
    let global = cli.global.settings()?;
    let stop_timeout = match &cli.command {
        Command::Stop(args) => Some(args.stop_timeout),
        Command::Announce(args) if args.follow => Some(args.stop_timeout),
        _ => None,
    };
    if let Some(secs) = stop_timeout
        && !(secs.is_finite() && (0.0..=86_400.0).contains(&secs))
    {
        return Err(Error::input(format!(
            "--stop-timeout must be a number of seconds from 0 (send nothing) to 86400, not {secs}"
        )));
    }
    let mut run = Run {
        log: Log {
            level: global.verbose,
        },
        store: Store::new(global.state.clone()),
        udp_cache: Default::default(),
        global,
    };
    let (mut report, peers) = match &cli.command {
        Command::Announce(args) if args.follow => {
            return commands::follow::follow(&mut run, args, &print);
        }
        Command::Announce(args) if streams(&run, &args.batch) => {
            return streaming(&mut run, &args.batch, &|run, sink| {
                commands::announce::announce(run, args, Some(sink))
            });
        }
        Command::Announce(args) => (
            commands::announce::announce(&mut run, args, None)?,
            args.peers,
        ),
        Command::Scrape(args) if streams(&run, &args.batch) => {
            return streaming(&mut run, &args.batch, &|run, sink| {
                commands::scrape::scrape(run, args, Some(sink))
            });
        }
        Command::Scrape(args) => (
            commands::scrape::scrape(&mut run, args, None)?,
            PeersShown::Few,
        ),
        Command::Stop(args) if streams(&run, &args.batch) => {
            return streaming(&mut run, &args.batch, &|run, sink| {
                commands::stop::stop(run, args, Some(sink))
            });
        }
        Command::Stop(args) => (commands::stop::stop(&mut run, args, None)?, PeersShown::Few),
        Command::Tiers(args) => (commands::tiers::tiers(&mut run, args)?, PeersShown::Few),
        Command::Check(args) => return commands::check::check(&mut run, args),
        Command::Completions { shell } => {
            let _ = std::io::stdout()
                .lock()
                .write_all(&docs::completion(*shell));
            return Ok(ExitCode::Ok);
        }
    };
    report.dry_run = run.global.dry_run;
    print(&run, &report, peers);
    Ok(exit_code(&report))
}

/// `--format tsv|ndjson` without `--json`: rows are written as they arrive.
fn streams(run: &Run, batch: &cli::BatchArgs) -> bool {
    batch.format != cli::OutputFormat::Text && !run.global.json
}

type StreamingRun<'a> = dyn Fn(&mut Run, &commands::RowSink) -> Result<Report, Error> + 'a;

/// `--format tsv|ndjson`: the rows on stdout as the answers arrive, the summary last (TSV: on
/// stderr; NDJSON: a last line). `--quiet` keeps only the problem lines.
fn streaming(
    run: &mut Run,
    batch: &cli::BatchArgs,
    command: &StreamingRun,
) -> Result<ExitCode, Error> {
    let ndjson = batch.format == cli::OutputFormat::Ndjson;
    let quiet = run.global.quiet;
    let out = std::io::stdout();
    if !quiet && !ndjson {
        let _ = writeln!(out.lock(), "{}", render::text::TSV_HEADER);
    }
    let write = |torrent: &report::TorrentReport, tracker: &report::TrackerReport| {
        if quiet {
            if let Some(line) = render::text::problem_line(torrent, tracker) {
                eprintln!("{line}");
            }
        } else if ndjson {
            let _ = writeln!(out.lock(), "{}", render::ndjson_line(torrent, tracker));
        } else {
            let _ = writeln!(out.lock(), "{}", render::text::tsv_line(torrent, tracker));
        }
    };
    let report = command(run, &write)?;
    print_notices(run, &report);
    if let Some(summary) = &report.summary
        && !quiet
    {
        if ndjson {
            let _ = writeln!(out.lock(), "{}", render::ndjson_summary(summary));
        } else {
            eprintln!("{}", render::text::summary_line(summary));
        }
    }
    Ok(exit_code(&report))
}

/// Notices on stderr, redacted and sanitised; `--quiet` keeps errors and failures, not remarks.
fn print_notices(run: &Run, report: &Report) {
    for notice in report.notices.iter().filter(|_| !run.global.quiet) {
        let notice = if run.global.show_secrets {
            notice.clone()
        } else {
            tracker::url::redact_urls_in(notice)
        };
        eprintln!("note: {}", printable::sanitize(&notice));
    }
}

pub(crate) fn print(run: &Run, report: &Report, peers: PeersShown) {
    print_notices(run, report);
    if run.global.dry_run && !run.global.json && !run.global.quiet {
        eprintln!(
            "note: dry run: nothing was sent; 'planned' requests are what a real run sends now"
        );
    }
    let out = if run.global.json {
        render::json(report) + "\n"
    } else if run.global.quiet {
        // --quiet silences the report, not what went wrong.
        let _ = std::io::stderr()
            .lock()
            .write_all(render::text::problems(report).as_bytes());
        return;
    } else {
        let style = render::text::Style {
            color: render::use_color(run.global.color),
            peers: match peers {
                PeersShown::None => Some(0),
                PeersShown::Few => Some(render::text::FEW_PEERS),
                PeersShown::All => None,
            },
        };
        render::text::render(report, &style)
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}

/// 0 when every contacted tracker answered, 1 when one failed, 3 when a local rule (interval,
/// back-off, rate limit) held a request back and none failed (`cli.md`).
fn exit_code(report: &Report) -> ExitCode {
    if let Some(summary) = report.summary.as_ref().filter(|_| report.streamed) {
        return match (summary.tracker_failures, summary.held_back) {
            (0, 0) => ExitCode::Ok,
            (0, _) => ExitCode::Refused,
            _ => ExitCode::TrackerFailed,
        };
    }
    let trackers = || report.torrents.iter().flat_map(|t| &t.trackers);
    if trackers().any(|t| t.status == Status::Failed) {
        ExitCode::TrackerFailed
    } else if trackers().any(|t| t.refused) {
        ExitCode::Refused
    } else {
        ExitCode::Ok
    }
}
