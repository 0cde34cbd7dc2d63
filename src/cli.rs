//! The command line, defined once: `--help`, completions and man pages all come from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub const DEFAULT_PORT: u16 = 6881;

#[derive(Parser, Debug)]
#[command(
    name = "trackerctl",
    version,
    long_version = env!("TRACKERCTL_LONG_VERSION"),
    about = "Talk to BitTorrent trackers exactly as a careful client (libtorrent/qBittorrent) does",
    long_about = "Announce to, scrape and stop BitTorrent trackers (HTTP, HTTPS, UDP) from the shell.\n\
                  TORRENT is a .torrent file, '-' for stdin, a magnet link, or a raw info-hash \
                  (40 hex, 32 base32, 64 hex) with --tracker URL.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Announce to the selected trackers (registers this peer)
    Announce(AnnounceArgs),
    /// Ask trackers for swarm counts (BEP 48 / BEP 15); never registers a peer
    Scrape(ScrapeArgs),
    /// Send event=stopped with the identity the last announce used, so the tracker drops the peer
    #[command(mut_arg("numwant", |a| a.help(
        "Number of peers wanted [default: 0: a stopped announce wants none, as libtorrent]"
    )))]
    Stop(StopArgs),
    /// Show the tiers, each tracker's state and who an announce would contact (contacts none unless --probe)
    Tiers(TiersArgs),
    /// Measure what a tracker really does (peer identity, counts, numwant, scrape, UDP,
    /// HTTP transport) with a short fixed series of requests; stops every identity it registered
    Check(CheckArgs),
    /// Print the shell completion script for SHELL
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Print one JSON document on stdout instead of text
    #[arg(long, global = true)]
    pub json: bool,
    /// Show each request as sent and each answer (-vv adds raw bytes); on stderr
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Print the requests that would be sent, and send nothing
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Deadline of one whole tracker request, in seconds (libtorrent's receive timeout)
    #[arg(long, value_name = "SECS", default_value_t = 10.0, global = true)]
    pub timeout: f64,
    /// State file [env: TRACKERCTL_STATE] [default: $XDG_STATE_HOME/trackerctl/state.json]
    // Read from the environment in `settings()`, not by clap.
    #[arg(long, value_name = "FILE", global = true)]
    pub state: Option<PathBuf>,
    /// Neither read nor write the state file (wins over --state and TRACKERCTL_STATE)
    #[arg(long, global = true)]
    pub no_state: bool,
    /// Do not redact passkeys and other URL secrets in any output
    #[arg(long, global = true)]
    pub show_secrets: bool,
    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// How UDP requests are resent inside the deadline: fast (1 s, 2 s, 4 s, ...), none (libtorrent), bep15 (15 * 2^n s)
    #[arg(long, value_enum, default_value_t = UdpRetransmit::Fast, global = true)]
    pub udp_retransmit: UdpRetransmit,
    /// Global rate limit, requests per second across all trackers and runs [default: none]
    #[arg(long, value_name = "REQ/S", global = true)]
    pub max_rate: Option<f64>,
    /// Keep each tier in the listed order instead of shuffling it once (libtorrent shuffles)
    #[arg(long, global = true)]
    pub no_shuffle: bool,
    /// Do not move udp:// trackers ahead of same-host HTTP ones (libtorrent does)
    #[arg(long, global = true)]
    pub no_prefer_udp: bool,
    /// Accept HTTPS trackers whose certificate does not validate
    #[arg(long, global = true)]
    pub insecure: bool,
    /// Print nothing on stdout unless --json; errors still go to stderr
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

impl GlobalArgs {
    /// The global options checked and turned into plain values, once, for every layer below.
    pub fn settings(&self) -> Result<crate::settings::Settings, crate::error::Error> {
        use crate::error::Error;
        if !self.timeout.is_finite() || self.timeout <= 0.0 || self.timeout > 86_400.0 {
            return Err(Error::input(
                "--timeout must be a number of seconds above 0",
            ));
        }
        if let Some(rate) = self.max_rate
            && !(rate.is_finite() && rate > 0.0 && rate <= 1e6)
        {
            return Err(Error::input(format!(
                "--max-rate must be a number of requests per second above 0 (up to 1000000), not {rate}"
            )));
        }
        // TRACKERCTL_STATE is read here, not by clap: clap counts an env value as given and
        // shows `--state <FILE>` in every usage line then.
        let state = if self.no_state {
            None
        } else {
            self.state
                .clone()
                .or_else(|| {
                    std::env::var_os("TRACKERCTL_STATE")
                        .filter(|v| !v.is_empty())
                        .map(Into::into)
                })
                .or_else(crate::state::default_path)
        };
        Ok(crate::settings::Settings {
            json: self.json,
            quiet: self.quiet,
            verbose: self.verbose,
            dry_run: self.dry_run,
            show_secrets: self.show_secrets,
            timeout: std::time::Duration::from_secs_f64(self.timeout),
            retransmit: self.udp_retransmit.into(),
            max_rate: self.max_rate,
            order: crate::plan::trackers::OrderOptions {
                shuffle: !self.no_shuffle,
                prefer_udp: !self.no_prefer_udp,
            },
            insecure: self.insecure,
            color: self.color.into(),
            state,
        })
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UdpRetransmit {
    Fast,
    None,
    Bep15,
}

impl From<UdpRetransmit> for crate::tracker::udp::Retransmit {
    fn from(r: UdpRetransmit) -> Self {
        match r {
            UdpRetransmit::Fast => crate::tracker::udp::Retransmit::Fast,
            UdpRetransmit::None => crate::tracker::udp::Retransmit::None,
            UdpRetransmit::Bep15 => crate::tracker::udp::Retransmit::Bep15,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for crate::settings::Color {
    fn from(c: ColorChoice) -> Self {
        match c {
            ColorChoice::Auto => Self::Auto,
            ColorChoice::Always => Self::Always,
            ColorChoice::Never => Self::Never,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct TargetArgs {
    /// .torrent file, '-' (stdin), magnet link, or raw info-hash (with --tracker)
    #[arg(value_name = "TORRENT")]
    pub torrents: Vec<String>,
    /// Add a tracker (repeatable); each one is a tier of its own after the torrent's tiers
    #[arg(long = "tracker", value_name = "URL")]
    pub trackers: Vec<String>,
    /// Use only these trackers (repeatable); one the torrent does not list is added as a tier
    #[arg(long = "only-tracker", value_name = "URL")]
    pub only_trackers: Vec<String>,
    /// Which info-hash of a hybrid v1+v2 torrent to use
    #[arg(long, value_enum, default_value_t = HashChoice::V1)]
    pub hash: HashChoice,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HashChoice {
    V1,
    V2,
    Both,
}

impl From<HashChoice> for crate::input::infohash::HashChoice {
    fn from(h: HashChoice) -> Self {
        match h {
            HashChoice::V1 => Self::V1,
            HashChoice::V2 => Self::V2,
            HashChoice::Both => Self::Both,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct TierArgs {
    /// "Always announce to all trackers in a tier" (qBittorrent option)
    #[arg(long)]
    pub all_trackers_in_tier: bool,
    /// "Always announce to all tiers" (qBittorrent option, on by default in qBittorrent)
    #[arg(long)]
    pub all_tiers: bool,
}

#[derive(Args, Debug, Clone)]
pub struct PeerArgs {
    /// Port this peer listens on [default: the one saved for this torrent+tracker, else 6881]
    #[arg(long)]
    pub port: Option<u16>,
    /// Bytes uploaded, as you report them
    #[arg(long, default_value_t = 0, value_name = "BYTES")]
    pub uploaded: u64,
    /// Bytes downloaded, as you report them
    #[arg(long, default_value_t = 0, value_name = "BYTES")]
    pub downloaded: u64,
    /// Bytes left [default: the torrent's total length when known, else 0]
    #[arg(long, value_name = "BYTES")]
    pub left: Option<u64>,
    /// Number of peers wanted [default: 200, 0 on stopped, as libtorrent]
    #[arg(long, value_name = "N")]
    pub numwant: Option<i32>,
    /// Address to announce as (&ip=)
    #[arg(long, value_name = "ADDR")]
    pub ip: Option<String>,
    /// Peer id, 20 bytes or 40 hex [default: -TC0100- and 12 random characters, saved in state]
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub peer_id: Option<String>,
    /// Announce key, 8 hex digits [default: random, saved in state]
    #[arg(long, value_name = "HEX")]
    pub key: Option<String>,
    /// Ask for the dictionary peer model (compact=0)
    #[arg(long)]
    pub no_compact: bool,
    /// Leave out no_peer_id=1: a tracker that answers with dictionary peers (--no-compact)
    /// then includes each peer's id
    #[arg(long)]
    pub no_peer_id: bool,
    /// Tracker id to send back [default: the one saved from the tracker's last answer]
    #[arg(long, value_name = "ID", allow_hyphen_values = true)]
    pub trackerid: Option<String>,
    /// User-Agent header
    #[arg(long, value_name = "S", default_value = concat!("trackerctl/", env!("CARGO_PKG_VERSION")))]
    pub user_agent: String,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventArg {
    Started,
    Completed,
    Stopped,
    None,
    Paused,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeersShown {
    None,
    Few,
    All,
}

#[derive(Args, Debug, Clone)]
pub struct AnnounceArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub tiers: TierArgs,
    #[command(flatten)]
    pub peer: PeerArgs,
    /// Event to send [default: started when this torrent+tracker has no state, else none]
    #[arg(long, value_enum)]
    pub event: Option<EventArg>,
    /// Send even inside the tracker's min interval, and to trackers in back-off
    #[arg(long)]
    pub force: bool,
    /// Wait until the min interval, back-off or rate limit allows the request (countdown on a terminal)
    #[arg(long)]
    pub wait: bool,
    /// Do not honour a tracker's BEP 31 "retry in" (libtorrent 2.0.8 ignores it)
    #[arg(long)]
    pub ignore_retry_in: bool,
    /// Stay in the swarm like a running client: started, then a regular announce at each
    /// tracker's interval; Ctrl-C or SIGTERM sends stopped (within --stop-timeout) and exits 0
    #[arg(long)]
    pub follow: bool,
    /// With --follow: the floor on the tracker's interval, in seconds (libtorrent's
    /// min_announce_interval)
    #[arg(long, value_name = "SECS", default_value_t = 300, requires = "follow")]
    pub min_announce_interval: u64,
    /// With --follow: "Stop tracker timeout" for the stopped sent on exit (0 sends nothing)
    #[arg(long, value_name = "SECS", default_value_t = 5.0, requires = "follow")]
    pub stop_timeout: f64,
    /// How many peers to print in text output
    #[arg(long, value_enum, default_value_t = PeersShown::Few)]
    pub peers: PeersShown,
    #[command(flatten)]
    pub batch: BatchArgs,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrapeUrlRule {
    /// The last path segment must start with "announce" (BEP 48 convention)
    Bep48,
    /// The first "announce" anywhere in the URL (libtorrent 2.0.8)
    Libtorrent,
}

#[derive(Args, Debug, Clone)]
pub struct ScrapeArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    /// How the scrape URL is derived from the announce URL
    #[arg(long, value_enum, default_value_t = ScrapeUrlRule::Bep48)]
    pub scrape_url_rule: ScrapeUrlRule,
    /// Scrape this URL instead of deriving it (applies to every HTTP tracker asked)
    #[arg(long, value_name = "URL")]
    pub scrape_url: Option<String>,
    /// One info_hash per request (HTTP) or packet (UDP), as libtorrent does; needed where a
    /// tracker answers a multi-hash UDP scrape out of order (torrust-tracker 3.0.0)
    #[arg(long)]
    pub one_hash_per_request: bool,
    /// Wait until the rate limit allows the scrape instead of refusing (exit 3)
    #[arg(long)]
    pub wait: bool,
    /// Requests in flight per tracker (UDP packets, HTTP requests), each with its own
    /// retransmits and deadline
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub window: u16,
    #[command(flatten)]
    pub batch: BatchArgs,
}

/// Many torrents in one call (`scrape`, `announce`, `stop`).
#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// Every .torrent file in DIR too
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// With --dir: look in subfolders too
    #[arg(long, requires = "dir")]
    pub recursive: bool,
    /// Read TORRENTs from FILE too, one per line ('-' = stdin; blank lines and # comments skipped)
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,
    /// Trackers (scrape) or torrents (announce, stop) handled at the same time
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub jobs: usize,
    /// Output format when not --json: text; tsv or ndjson (one JSON object a line), written as
    /// the answers arrive
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Tsv,
    /// One JSON object per torrent and tracker per line, then a summary line
    Ndjson,
}

#[derive(Args, Debug, Clone)]
pub struct StopArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub peer: PeerArgs,
    /// "Stop tracker timeout" in seconds; 0 sends nothing (qBittorrent 4.5's default is 5)
    #[arg(long, value_name = "SECS", default_value_t = 5.0)]
    pub stop_timeout: f64,
    /// Send stopped to the selected trackers even when no announce to them is recorded
    #[arg(long)]
    pub force: bool,
    /// Stop every torrent recorded in the state file, at every tracker that accepted a started
    /// (qBittorrent's clean exit); takes no TORRENT
    #[arg(long, conflicts_with_all = ["torrents", "dir", "from_file"])]
    pub all: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
}

#[derive(Args, Debug, Clone)]
pub struct TiersArgs {
    #[command(flatten)]
    pub target: TargetArgs,
    #[command(flatten)]
    pub tiers: TierArgs,
    /// Ask each tracker once (a scrape, never an announce) and show latency and status
    #[arg(long)]
    pub probe: bool,
}

#[derive(Args, Debug, Clone)]
#[command(
    long_about = "Measure what a tracker really does, with a short, fixed series of real requests, \
                  and report each finding with its evidence: whether it accepts an unknown \
                  info-hash, keys peers by ip:port or by peer_id (the ghost-peer risk after a client \
                  restart), counts and lists the announcing peer, honours numwant, compact=0 and \
                  no_peer_id; its scrape (BEP 48 URL, several hashes, unknown hashes, key encoding, \
                  full scrape); UDP connection ids, BEP 41 URL data, scrape order; HTTP status, \
                  keep-alive and gzip.\n\n\
                  A TRACKER_URL is probed with a random throw-away info-hash; a TORRENT's trackers \
                  (or --tracker URLs) with its own info-hash, left = its size, uploaded and \
                  downloaded 0. A private torrent gets only started, scrape, stopped unless \
                  --all-probes. The number of requests is said before any is sent (--dry-run lists \
                  them); every identity registered is stopped at the end, Ctrl-C included, and a \
                  last scrape shows whether the counts are back where they were. The state file is \
                  neither read nor written."
)]
pub struct CheckArgs {
    /// Tracker URL (probed with a random throw-away info-hash), or .torrent, '-', magnet link or
    /// info-hash (its trackers, or --tracker URLs, probed with its own info-hash)
    #[arg(value_name = "TRACKER_URL|TORRENT", required = true)]
    pub targets: Vec<String>,
    /// Probe this tracker with the TORRENTs' info-hash instead of their own trackers (repeatable)
    #[arg(long = "tracker", value_name = "URL")]
    pub trackers: Vec<String>,
    /// Run every probe on a private torrent too (default: only started, scrape, stopped, since
    /// extra identities may look like cheating to its staff)
    #[arg(long)]
    pub all_probes: bool,
    /// Trackers probed at the same time (each one's series stays in order)
    #[arg(long, value_name = "N", default_value_t = 16)]
    pub jobs: usize,
    /// Bytes left to report [default: the torrent's size; 1 for an info-hash without a size]
    #[arg(long, value_name = "BYTES")]
    pub left: Option<u64>,
}
