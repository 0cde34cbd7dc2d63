//! Completions and man pages, generated from the clap definitions in `cli.rs` (the one source).
//! `cargo run --example gen` writes them to `completions/` and `man/`; a test checks the
//! checked-in files are what this produces now.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;

pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::PowerShell,
    Shell::Elvish,
];

/// The completion script for `shell`.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "trackerctl", &mut out);
    out
}

/// The file name a completion script is kept under in `completions/`.
pub fn completion_file(shell: Shell) -> String {
    match shell {
        Shell::Bash => "trackerctl.bash".into(),
        Shell::Zsh => "_trackerctl".into(),
        Shell::Fish => "trackerctl.fish".into(),
        Shell::PowerShell => "_trackerctl.ps1".into(),
        Shell::Elvish => "trackerctl.elv".into(),
        _ => format!("trackerctl.{shell}"),
    }
}

/// `trackerctl.1` and one page per subcommand (`trackerctl-announce.1`, …).
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    // The pages carry the release version, not the commit: they are checked in.
    let mut cmd = Cli::command().long_version(None::<&str>);
    cmd.build();
    let mut pages = vec![("trackerctl.1".to_string(), render(cmd.clone()))];
    for sub in cmd
        .get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
    {
        let name = format!("trackerctl-{}", sub.get_name());
        let page = sub.clone().name(name.clone()).display_name(name.clone());
        pages.push((format!("{name}.1"), render(page)));
    }
    pages
}

/// clap_mangen's page with the synopsis as `-h` writes it (`[TORRENT]...`), then the sections
/// a man page is expected to have and clap does not know of, and nothing but ASCII.
fn render(mut cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut out)
        .expect("writing to a Vec cannot fail");
    let page = String::from_utf8(out).expect("clap_mangen writes UTF-8");
    let name = cmd.get_name().to_string();
    let usage = cmd.render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    let mut lines: Vec<String> = page.lines().map(String::from).collect();
    if let Some(at) = lines.iter().position(|l| l == ".SH SYNOPSIS") {
        lines[at + 1] = synopsis(usage);
    }
    let extra = extra_sections(&name);
    match lines.iter().position(|l| l == ".SH VERSION") {
        Some(at) => lines.insert(at, extra),
        None => lines.push(extra),
    }
    let mut page = lines.join("\n");
    page.push('\n');
    ascii_roff(&page).into_bytes()
}

/// `trackerctl announce [OPTIONS] [TORRENT]...` in roff: the command bold, placeholders italic.
fn synopsis(usage: &str) -> String {
    usage
        .split(' ')
        .map(|word| {
            let inner = word.trim_start_matches('[').trim_start_matches('<');
            let name_end = inner.find([']', '>']).unwrap_or(inner.len());
            let (open, close) = word.split_at(word.len() - (inner.len() - name_end));
            let open = &open[..open.len() - name_end];
            if open.is_empty() {
                format!("\\fB{}\\fR", roff_escape(word))
            } else {
                format!(
                    "{}\\fI{}\\fR{}",
                    open.replace('<', ""),
                    roff_escape(&inner[..name_end]),
                    close.replace('>', "")
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// Every byte above 127 as groff's `\[uXXXX]` escape, so `groff -ww` stays quiet and a C
/// locale shows the character's name instead of a wrong one.
fn ascii_roff(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Every contacted tracker answered without a failure reason (a scrape answer that leaves a torrent out is \fBnot_listed\fR, not a failure); \-\-dry\-run: every request would be sent.
.TP
\fB1\fR
At least one tracker failed: network error, timeout, failure reason, an answer that is not valid; or the state file could not be written.
.TP
\fB2\fR
Usage error or input that cannot be used: a bad flag, .torrent, magnet, info\-hash or tracker URL. Nothing was sent.
.TP
\fB3\fR
Held back by a local rule and nothing failed: the tracker's min interval, a failing tracker's back\-off, or a rate limit (\-\-force sends anyway, \-\-wait waits)."#;

const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBTRACKERCTL_STATE\fR
The state file, when \-\-state is not given (\-\-no\-state wins over both).
.TP
\fBXDG_STATE_HOME\fR
Where the default state file lives: $XDG_STATE_HOME/trackerctl/state.json, else ~/.local/state/trackerctl/state.json.
.TP
\fBNO_COLOR\fR, \fBCLICOLOR_FORCE\fR
Turn colour off, or on when stdout is not a terminal (\-\-color auto only)."#;

const FILES: &str = r#".SH FILES
.TP
\fI$XDG_STATE_HOME/trackerctl/state.json\fR
Per torrent and tracker: the peer_id, key and port of the last announce (so stop removes that very peer), the tracker's intervals, tracker id, failures and back\-off, the tier order, and the rate\-limit slots. JSON, written atomically under a lock, so concurrent runs share it."#;

/// The EXIT STATUS, ENVIRONMENT, FILES and EXAMPLES sections of the page for `name`.
fn extra_sections(name: &str) -> String {
    let examples: &[(&str, &str)] = match name {
        "trackerctl-announce" => &[
            (
                "Announce a torrent to the trackers its tiers select:",
                "trackerctl announce file.torrent",
            ),
            (
                "Announce an info\\-hash to one tracker, as a leecher with 1 MB left:",
                "trackerctl announce 0123456789abcdef0123456789abcdef01234567 \\-\\-tracker udp://tracker.example:6969/announce \\-\\-left 1000000",
            ),
            (
                "Show what would be sent, and send nothing:",
                "trackerctl announce file.torrent \\-\\-dry\\-run \\-v",
            ),
            (
                "Stay in the swarm like a running client until Ctrl\\-C:",
                "trackerctl announce file.torrent \\-\\-follow",
            ),
        ],
        "trackerctl-scrape" => &[
            (
                "Swarm counts of a torrent at each of its trackers:",
                "trackerctl scrape file.torrent",
            ),
            (
                "Every .torrent under a folder, as TSV:",
                "trackerctl scrape \\-\\-dir ~/torrents \\-\\-recursive \\-\\-format tsv",
            ),
        ],
        "trackerctl-stop" => &[
            (
                "Remove this peer from the trackers the last announce reached:",
                "trackerctl stop file.torrent",
            ),
            (
                "Stop every recorded torrent, as a client does on exit:",
                "trackerctl stop \\-\\-all",
            ),
        ],
        "trackerctl-tiers" => &[
            (
                "The tiers, and who an announce would contact now:",
                "trackerctl tiers file.torrent",
            ),
            (
                "Ask each tracker once (a scrape) for latency and status:",
                "trackerctl tiers file.torrent \\-\\-probe",
            ),
        ],
        "trackerctl-completions" => &[(
            "Load bash completion in the running shell:",
            "source <(trackerctl completions bash)",
        )],
        _ => &[
            (
                "Announce, see the swarm, leave it:",
                "trackerctl announce file.torrent\ntrackerctl scrape file.torrent\ntrackerctl stop file.torrent",
            ),
            (
                "The same as one JSON document each, for scripts:",
                "trackerctl scrape file.torrent \\-\\-json",
            ),
        ],
    };
    let mut out = String::from(EXIT_STATUS);
    out.push('\n');
    out.push_str(ENVIRONMENT);
    out.push('\n');
    if name != "trackerctl-completions" {
        out.push_str(FILES);
        out.push('\n');
    }
    out.push_str(".SH EXAMPLES");
    for (what, command) in examples {
        out.push_str(&format!(
            "\n.PP\n{what}\n.PP\n.nf\n.RS 4\n{command}\n.RE\n.fi"
        ));
    }
    out
}
