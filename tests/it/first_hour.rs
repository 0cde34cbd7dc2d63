//! A new user's first hour (issue 15): secrets kept out of every echo, errors in the right
//! class, output that agrees with itself across subcommands, help and man pages that say what
//! the flags do. Each test here failed before its fix.

use crate::support::fake_http::{FakeHttp, Reply};
use crate::support::{Cli, Tracker, dead_url, fixture, make_torrent};

const PASSKEY: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
const HASH: &str = "0123456789abcdef0123456789abcdef01234567";

fn assert_no_passkey(what: &str, run: &crate::support::Run) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        assert!(
            !text.contains(PASSKEY),
            "{what}: the passkey reached {stream}:\n{text}"
        );
    }
}

#[test]
fn a_tracker_url_given_as_torrent_is_redacted_and_the_hint_names_tracker() {
    let cli = Cli::new();
    let url = format!("http://127.0.0.1:9/announce?passkey={PASSKEY}");
    for sub in ["announce", "scrape", "stop", "tiers"] {
        let run = cli.run(&[sub, &url]).expect(2);
        assert_no_passkey(sub, &run);
        assert!(run.stderr.contains("REDACTED"), "{sub}: {}", run.stderr);
        assert!(
            run.stderr.contains("--tracker") && run.stderr.contains("--only-tracker"),
            "{sub}: the hint says where a tracker URL goes: {}",
            run.stderr
        );
    }
    // A path-style passkey, and a URL in --from-file.
    let path_style = format!("udp://127.0.0.1:9/{PASSKEY}/announce");
    let run = cli.run(&["announce", &path_style]).expect(2);
    assert_no_passkey("path-style", &run);
    let list = cli.dir.path().join("list.txt");
    std::fs::write(&list, format!("{url}\n")).unwrap();
    let run = cli
        .run(&["scrape", "--from-file", list.to_str().unwrap()])
        .expect(2);
    assert_no_passkey("--from-file line", &run);
    // --show-secrets shows it: the user asked.
    let run = cli.run(&["announce", &url, "--show-secrets"]).expect(2);
    assert!(run.stderr.contains(PASSKEY), "{}", run.stderr);
}

#[test]
fn a_malformed_tracker_url_is_a_usage_error_that_says_what_is_wrong_and_sends_nothing() {
    let cases = [
        ("http://127.0.0.1:notaport/announce", "port"),
        ("http://127.0.0.1:99999/announce", "port"),
        ("http://127.0.0.1:0/announce", "port"),
        ("udp://127.0.0.1/announce", "port"),
        ("http://[::1/announce", "]"),
        ("http://[zz::1]:80/announce", "IPv6"),
        ("http://::1:80/announce", "bracket"),
    ];
    for (url, says) in cases {
        let cli = Cli::new();
        let with_secret = format!("{url}?passkey={PASSKEY}");
        for sub in ["announce", "scrape", "stop", "tiers"] {
            let run = cli.run(&[sub, HASH, "--tracker", &with_secret]);
            assert_eq!(run.code, 2, "{sub} {url}: {}{}", run.stdout, run.stderr);
            assert!(
                run.stderr.contains(says) && run.stderr.starts_with("error: "),
                "{sub} {url}: says what is wrong ({says}): {}",
                run.stderr
            );
            assert_no_passkey(url, &run);
        }
        assert!(
            !cli.state_path().exists(),
            "{url}: nothing written to the state file"
        );
    }
}

#[test]
fn a_hash_of_the_wrong_length_is_named_as_such() {
    let cli = Cli::new();
    let run = cli.run(&["tiers", &HASH[..39]]).expect(2);
    assert!(
        run.stderr.contains("info-hash") && run.stderr.contains("39"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
}

#[test]
fn quiet_silences_the_report_but_not_what_failed() {
    let cli = Cli::new();
    let dead = dead_url("/announce");
    let run = cli
        .run(&["announce", "-q", HASH, "--tracker", &dead])
        .expect(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("127.0.0.1") && run.stderr.contains("connection refused"),
        "the failure goes to stderr: {:?}",
        run.stderr
    );
    // And a success stays silent.
    let run = cli
        .run(&["tiers", "-q", HASH, "--tracker", &dead])
        .expect(0);
    assert!(
        run.stdout.is_empty() && run.stderr.is_empty(),
        "{}",
        run.stderr
    );
}

#[test]
fn bidi_and_zero_width_characters_from_a_tracker_never_reach_the_terminal_raw() {
    let reason = "ok\u{202e}evil\u{200b}\u{2066}x\u{feff}";
    let body = format!("d14:failure reason{}:{reason}e", reason.len());
    let fake = FakeHttp::start(vec![Reply::ok(body.as_bytes())], 8);
    let cli = Cli::new();
    for extra in [&[][..], &["-v"][..]] {
        let mut args = vec!["announce", HASH, "--tracker"];
        let url = fake.url("/announce");
        args.push(&url);
        args.extend(extra);
        args.push("--force");
        let run = cli.run(&args);
        for c in ['\u{202e}', '\u{200b}', '\u{2066}', '\u{feff}'] {
            assert!(
                !run.stdout.contains(c) && !run.stderr.contains(c),
                "{extra:?}: U+{:04X} reached the terminal:\n{}{}",
                c as u32,
                run.stdout,
                run.stderr
            );
        }
        assert!(run.stdout.contains("evil"), "{}", run.stdout);
    }
}

#[test]
fn a_torrent_opentracker_leaves_out_of_its_http_scrape_is_answered_not_listed() {
    // opentracker has no record of this torrent (the harness's access probe registered another),
    // so its HTTP scrape answers without it.
    let torrent = fixture("torrents/v1_single_file.torrent");
    let tracker = Tracker::start("opentracker", &[HASH]);
    let cli = Cli::new();
    let torrent = torrent.to_str().unwrap();
    let (json, run) = cli.json(&["scrape", torrent, "--only-tracker", &tracker.http_url()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "not_listed", "{json:#}");
    assert!(t["elapsed_ms"].is_u64(), "answered, so timed: {json:#}");
    assert_eq!(json["summary"]["not_listed"], 1, "{json:#}");
    assert_eq!(json["summary"]["failed"], 0, "{json:#}");
    let run = cli
        .run(&["scrape", torrent, "--only-tracker", &tracker.http_url()])
        .expect(0);
    assert!(run.stdout.contains("not listed"), "{}", run.stdout);
    let line = run.stdout.lines().find(|l| l.contains("[tier 0]")).unwrap();
    assert!(
        line.contains("not listed") && line.contains(" ms)"),
        "{}",
        run.stdout
    );
}

/// The torrent `[[http with passkey], [udp]]` on one opentracker: the prefer-udp swap puts the
/// UDP tracker in tier 0 for every subcommand alike.
#[test]
fn one_tier_numbering_everywhere_and_tiers_says_why_the_order_differs() {
    let cli = Cli::new();
    let dir = tempfile::tempdir().unwrap();
    // The hash is only known once the torrent exists; opentracker is started after.
    let placeholder = [vec!["http://127.0.0.1:1/announce".to_string()]];
    let (_, hash) = make_torrent(dir.path(), "swap", &placeholder);
    let tracker = Tracker::start("opentracker", &[&hash]);
    let http = format!("{}?passkey={PASSKEY}", tracker.http_url());
    let udp = tracker.udp_url();
    let (torrent, again) =
        make_torrent(dir.path(), "swap", &[vec![http.clone()], vec![udp.clone()]]);
    assert_eq!(hash, again);
    let torrent = torrent.to_str().unwrap();
    let tier_of = |json: &serde_json::Value, transport: &str| -> i64 {
        json["torrents"][0]["trackers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["transport"] == transport)
            .unwrap_or_else(|| panic!("no {transport} tracker in {json:#}"))["tier"]
            .as_i64()
            .unwrap()
    };
    let (tiers, _) = cli.json(&["tiers", torrent]);
    assert_eq!(
        tiers["torrents"][0]["tiers"][0][0]["transport"], "udp",
        "{tiers:#}"
    );
    let (probed, _) = cli.json(&["tiers", torrent, "--probe"]);
    assert_eq!(tier_of(&probed, "udp"), 0, "tiers --probe: {probed:#}");
    assert_eq!(tier_of(&probed, "http"), 1, "tiers --probe: {probed:#}");
    let (scraped, _) = cli.json(&["scrape", torrent]);
    assert_eq!(tier_of(&scraped, "udp"), 0, "scrape: {scraped:#}");
    assert_eq!(tier_of(&scraped, "http"), 1, "scrape: {scraped:#}");
    let run = cli.run(&["scrape", torrent]).expect(0);
    let udp_line = run.stdout.lines().find(|l| l.contains("udp://")).unwrap();
    assert!(udp_line.contains("[tier 0]"), "{}", run.stdout);
    let (announced, _) = cli.json(&["announce", torrent, "--all-tiers"]);
    assert_eq!(tier_of(&announced, "udp"), 0, "announce: {announced:#}");
    assert_eq!(tier_of(&announced, "http"), 1, "announce: {announced:#}");

    // tiers says why the order differs from the file, and what it means for the passkey.
    let run = cli.run(&["tiers", torrent]).expect(0);
    assert!(
        run.stdout.contains("prefer-udp") && run.stdout.contains("--no-prefer-udp"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("passkey"), "{}", run.stdout);
    assert_no_passkey("tiers", &run);
    let (json, _) = cli.json(&["tiers", torrent]);
    let notes = json["torrents"][0]["order_notes"]
        .as_array()
        .expect("order_notes");
    assert!(!notes.is_empty(), "{json:#}");
    // -v on announce says it too.
    let run = cli.run(&["announce", torrent, "-v", "--force"]);
    assert!(run.stderr.contains("prefer-udp"), "{}", run.stderr);
    assert_no_passkey("announce -v", &run);
    // --no-prefer-udp keeps the file's order, and says nothing about a swap.
    let (kept, _) = cli.json(&["tiers", torrent, "--no-prefer-udp", "--no-state"]);
    assert_eq!(
        kept["torrents"][0]["tiers"][0][0]["transport"], "http",
        "{kept:#}"
    );
}

#[test]
fn dry_run_applies_the_same_holds_as_the_real_run_and_json_is_json() {
    let hash = HASH;
    let tracker = Tracker::start("opentracker", &[hash]);
    let cli = Cli::new();
    let url = tracker.http_url();
    cli.run(&["announce", hash, "--tracker", &url]).expect(0);
    // The tracker's min interval now holds a regular announce back: the real run refuses…
    let dry = cli.run(&["announce", hash, "--tracker", &url, "--dry-run"]);
    let real = cli.run(&["announce", hash, "--tracker", &url]);
    assert_eq!(real.code, 3, "{}{}", real.stdout, real.stderr);
    // …and the dry run says so, with the same exit code, and sends nothing.
    assert_eq!(dry.code, 3, "dry run: {}{}", dry.stdout, dry.stderr);
    assert!(
        dry.stderr.contains("min interval") || dry.stdout.contains("min interval"),
        "{}{}",
        dry.stdout,
        dry.stderr
    );
    assert!(
        !dry.stderr.contains("> GET"),
        "nothing planned to send: {}",
        dry.stderr
    );
    // --dry-run --json is one JSON document of what would be sent.
    let (json, run) = cli.json(&["announce", hash, "--tracker", &url, "--dry-run", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json["dry_run"], true, "{json:#}");
    let t = &json["torrents"][0]["trackers"][0];
    assert_eq!(t["status"], "planned", "{json:#}");
    assert_eq!(t["request"]["method"], "GET", "{json:#}");
    assert!(
        t["request"]["url"]
            .as_str()
            .unwrap_or("")
            .contains("info_hash="),
        "{json:#}"
    );
    crate::json_schema::assert_valid(&json);
    let (json, _) = cli.json(&["scrape", hash, "--tracker", &url, "--dry-run"]);
    assert_eq!(
        json["torrents"][0]["trackers"][0]["status"], "planned",
        "{json:#}"
    );
    crate::json_schema::assert_valid(&json);
    let udp = tracker.udp_url();
    let (json, _) = cli.json(&["scrape", hash, "--tracker", &udp, "--dry-run"]);
    let request = &json["torrents"][0]["trackers"][0]["request"];
    assert_eq!(request["method"], "scrape", "{json:#}");
    crate::json_schema::assert_valid(&json);
}

#[test]
fn stop_all_with_nothing_recorded_says_so() {
    let cli = Cli::new();
    let run = cli.run(&["stop", "--all"]).expect(0);
    assert!(
        run.stderr.contains("nothing recorded") || run.stdout.contains("nothing recorded"),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn a_magnet_without_a_size_says_it_announces_as_a_seeder() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 4);
    let cli = Cli::new();
    let magnet = format!("magnet:?xt=urn:btih:{HASH}&tr={}", fake.url("/announce"));
    let run = cli.run(&["announce", &magnet]).expect(0);
    assert!(
        run.stderr.contains("left=0") && run.stderr.contains("seeder"),
        "{}",
        run.stderr
    );
    // Given --left, nothing to say.
    let run = cli
        .run(&["announce", &magnet, "--left", "5", "--force"])
        .expect(0);
    assert!(!run.stderr.contains("seeder"), "{}", run.stderr);
}

#[test]
fn help_says_what_flags_do_and_groups_the_global_ones() {
    let cli = Cli::new();
    let help = cli.run(&["announce", "--help"]).expect(0).stdout;
    assert!(!help.contains("Do not send no_peer_id=1"), "{help}");
    let stop = cli.run(&["stop", "--help"]).expect(0).stdout;
    assert!(!stop.contains("0 on stopped"), "{stop}");
    // Its own flags first, then the global ones under their own heading.
    let own = help.find("--event").unwrap();
    let heading = help
        .find("Global options:")
        .expect("a Global options heading");
    let global = help.find("--show-secrets").unwrap();
    assert!(own < heading && heading < global, "{help}");
    let run = cli
        .cmd()
        .env("TRACKERCTL_STATE", "/tmp/x.json")
        .args(["completions"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stderr);
    let usage = text.lines().find(|l| l.starts_with("Usage:")).unwrap();
    assert!(!usage.contains("--state"), "{usage}");
}

#[test]
fn man_pages_are_ascii_and_have_the_usual_sections() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    for (name, page) in trackerctl::docs::man_pages() {
        assert!(page.is_ascii(), "{name} has non-ASCII bytes");
        let text = String::from_utf8(page).unwrap();
        for section in ["EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"] {
            if name == "trackerctl-completions.1" && section == "FILES" {
                continue;
            }
            assert!(
                text.contains(&format!(".SH \"{section}\""))
                    || text.contains(&format!(".SH {section}")),
                "{name}: no {section}"
            );
        }
        if name == "trackerctl-announce.1" {
            assert!(
                text.contains("[\\fITORRENT\\fR]"),
                "{name}: synopsis {text}"
            );
        }
        assert!(root.join(&name).exists());
    }
}

/// Every subcommand and error path we can reach, with a passkey in the tracker URL: not one
/// output holds it.
#[test]
fn no_output_of_any_subcommand_holds_the_passkey() {
    let fake = FakeHttp::start(
        vec![Reply::ok(
            format!("d14:failure reason30:bad passkey {PASSKEY}e").as_bytes(),
        )],
        64,
    );
    let cli = Cli::new();
    let url = format!("{}?passkey={PASSKEY}", fake.url("/announce"));
    let dead = format!("{}?passkey={PASSKEY}", dead_url("/announce"));
    let magnet = format!(
        "magnet:?xt=urn:btih:{HASH}&tr={}",
        url.replace('?', "%3F").replace('=', "%3D")
    );
    let runs: Vec<Vec<String>> = vec![
        vec![
            "announce".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
        ],
        vec![
            "announce".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "-vv".into(),
            "--force".into(),
        ],
        vec![
            "announce".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--json".into(),
            "--force".into(),
        ],
        vec![
            "announce".into(),
            HASH.into(),
            "--tracker".into(),
            dead.clone(),
            "-q".into(),
        ],
        vec![
            "announce".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--dry-run".into(),
            "--json".into(),
        ],
        vec!["announce".into(), magnet.clone(), "-v".into()],
        vec![
            "scrape".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "-vv".into(),
        ],
        vec![
            "scrape".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--format".into(),
            "tsv".into(),
        ],
        vec![
            "scrape".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--json".into(),
        ],
        vec![
            "stop".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--force".into(),
            "-v".into(),
        ],
        vec![
            "tiers".into(),
            HASH.into(),
            "--tracker".into(),
            url.clone(),
            "--probe".into(),
        ],
        vec![
            "tiers".into(),
            HASH.into(),
            "--tracker".into(),
            dead.clone(),
            "--json".into(),
        ],
        vec!["announce".into(), url.clone()],
        vec![
            "announce".into(),
            HASH.into(),
            "--only-tracker".into(),
            format!("ftp://h/{PASSKEY}"),
        ],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cli.run(&args);
        assert_no_passkey(&format!("{args:?}"), &run);
    }
}

/// Numbers no one means (found reading the code): a usage error each, never a panic.
#[test]
fn numbers_out_of_range_are_usage_errors_not_panics() {
    let cli = Cli::new();
    let dead = dead_url("/announce");
    // (subcommand, an extra flag it needs, the flag under test, its value)
    let cases = [
        ("stop", "--force", "--stop-timeout", "nan"),
        ("stop", "--force", "--stop-timeout", "inf"),
        ("announce", "--follow", "--stop-timeout", "nan"),
        ("announce", "--force", "--max-rate", "0"),
        ("scrape", "--no-state", "--max-rate", "-1"),
        ("announce", "--force", "--max-rate", "nan"),
    ];
    for (sub, extra, flag, value) in cases {
        let args = [sub, HASH, "--tracker", &dead, extra, flag, value];
        let run = cli.run(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
    }
}
