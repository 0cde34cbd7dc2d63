//! trackerctl: talk to BitTorrent trackers as libtorrent (qBittorrent) does.

pub mod bencode;
pub mod cli;
pub mod commands;
pub mod docs;
pub mod env;
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

use std::ffi::OsString;
use std::sync::Arc;

use clap::Parser;

use cli::{Cli, Command, PeersShown};
use commands::Run;
use env::Env;
use error::{Error, ExitCode};
use render::log::Log;
use report::{Report, Status};
use state::Store;

/// The program as the shell runs it: the process's arguments, clock, randomness and streams.
pub fn run() -> i32 {
    run_in(Arc::new(Env::system()), std::env::args_os())
}

/// Parses `args` (the program name first), runs the subcommand in `env`, prints the report to
/// `env`'s streams; returns the exit code. Tests call it with a fixed clock and captured output.
pub fn run_in<I, T>(env: Arc<Env>, args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let stream = if e.use_stderr() {
                &env.stderr
            } else {
                &env.stdout
            };
            let text = if render::use_color(settings::Color::Auto, stream.terminal) {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            stream.write(&text);
            return if e.use_stderr() {
                ExitCode::Usage as i32
            } else {
                ExitCode::Ok as i32
            };
        }
    };
    let show_secrets = cli.global.show_secrets;
    match execute(cli, env.clone()) {
        Ok(code) => code as i32,
        Err(e) => {
            env.stderr.line(&shown_error(&e, show_secrets));
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

fn execute(cli: Cli, env: Arc<Env>) -> Result<ExitCode, Error> {
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
        log: Log::new(global.verbose, env.clone()),
        store: Store::new(global.state.clone(), env.clock.clone()),
        env,
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
            run.env
                .stdout
                .write(&String::from_utf8_lossy(&docs::completion(*shell)));
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
    let env = run.env.clone();
    let out = &env.stdout;
    if !quiet && !ndjson {
        out.line(render::text::TSV_HEADER);
    }
    let write = |torrent: &report::TorrentReport, tracker: &report::TrackerReport| {
        if quiet {
            if let Some(line) = render::text::problem_line(torrent, tracker) {
                env.stderr.line(&line);
            }
        } else if ndjson {
            out.line(&render::ndjson_line(torrent, tracker));
        } else {
            out.line(&render::text::tsv_line(torrent, tracker));
        }
    };
    let report = command(run, &write)?;
    print_notices(run, &report);
    if let Some(summary) = &report.summary
        && !quiet
    {
        if ndjson {
            out.line(&render::ndjson_summary(summary));
        } else {
            env.stderr.line(&render::text::summary_line(summary));
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
        run.env
            .stderr
            .line(&format!("note: {}", printable::sanitize(&notice)));
    }
}

pub(crate) fn print(run: &Run, report: &Report, peers: PeersShown) {
    print_notices(run, report);
    if run.global.dry_run && !run.global.json && !run.global.quiet {
        run.env.stderr.line(
            "note: dry run: nothing was sent; 'planned' requests are what a real run sends now",
        );
    }
    let out = if run.global.json {
        render::json(report) + "\n"
    } else if run.global.quiet {
        // --quiet silences the report, not what went wrong.
        run.env.stderr.write(&render::text::problems(report));
        return;
    } else {
        let style = render::text::Style {
            color: render::use_color(run.global.color, run.env.stdout.terminal),
            now_unix: run.env.clock.now_unix(),
            peers: match peers {
                PeersShown::None => Some(0),
                PeersShown::Few => Some(render::text::FEW_PEERS),
                PeersShown::All => None,
            },
        };
        render::text::render(report, &style)
    };
    run.env.stdout.write(&out);
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
