//! The README's examples are real output: each `$ trackerctl …` line of the ```console blocks
//! under "### Examples" is run against a real opentracker, and what it prints (stderr, then
//! stdout, as on a terminal) must equal the README's text once the numbers that legitimately
//! vary are normalised (timings, intervals, the tracker's port, UDP ids and datagram hex). The
//! `check` example under "## Checking a tracker" is run against torrust-tracker, the tracker it
//! shows, with its random hash and ports normalised too.

use std::path::Path;

use crate::support::{Cli, Tracker};

/// The info-hash of `examples/example.torrent` (its tier 0 is http://127.0.0.1:6969/announce).
const EXAMPLE_HASH: &str = "7b93f06fe2c8157e3163485c5bcbd4f9efdae7d5";
/// The raw hash of the README's UDP example.
const UDP_HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

/// One `$ trackerctl …` line and the lines the README shows after it.
struct Example {
    args: Vec<String>,
    output: Vec<String>,
}

/// The ```console blocks of the "### Examples" section, each as its examples.
fn example_blocks() -> Vec<Vec<Example>> {
    let blocks = blocks_in("### Examples", "```console");
    assert!(
        blocks.len() >= 2,
        "expected two console blocks under ### Examples"
    );
    blocks
}

/// The blocks fenced with `fence` in the README section headed `heading` (up to the next
/// heading), each as its `$ trackerctl …` examples.
fn blocks_in(heading: &str, fence: &str) -> Vec<Vec<Example>> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find(&format!("\n{heading}"))
        .unwrap_or_else(|| panic!("README has a '{heading}' section"));
    let section = &readme[start + 1..];
    let end = section[1..].find("\n#").map_or(section.len(), |i| i + 1);
    let section = &section[..end];
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if line.trim_end() != fence {
            continue;
        }
        let mut block: Vec<Example> = Vec::new();
        for line in lines.by_ref() {
            if line.trim_end() == "```" {
                break;
            }
            if let Some(command) = line.strip_prefix("$ ") {
                let mut words = command.split_whitespace().map(str::to_string);
                assert_eq!(words.next().as_deref(), Some("trackerctl"), "{line}");
                block.push(Example {
                    args: words.collect(),
                    output: Vec::new(),
                });
            } else if !line.trim().is_empty() {
                block
                    .last_mut()
                    .expect("output before the first command")
                    .output
                    .push(line.to_string());
            }
        }
        assert!(
            !block.is_empty(),
            "a console block without `$ trackerctl` lines"
        );
        for example in &block {
            assert!(
                !example.output.is_empty(),
                "no output shown for {:?}",
                example.args
            );
        }
        blocks.push(block);
    }
    blocks
}

/// The port of the first `127.0.0.1:PORT` in `args` other than the torrent's own 6969.
fn readme_port(args: &[String]) -> String {
    args.iter()
        .filter_map(|a| a.split("127.0.0.1:").nth(1))
        .map(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .find(|port| port != "6969")
        .expect("a tracker URL on 127.0.0.1 in the example")
}

/// Replaces what differs from run to run by `N` (numbers) or `X` (hex, ids).
fn normalise(line: &str) -> String {
    const IDS: &[&str] = &["transaction_id=", "connection_id=", "peer_id=", "key="];
    const NUMBERS: &[&str] = &["interval="];
    let line = line
        .split(' ')
        .map(|word| {
            if let Some(id) = IDS.iter().find(|p| word.starts_with(*p)) {
                return format!("{id}X");
            }
            if let Some(n) = NUMBERS.iter().find(|p| word.starts_with(*p)) {
                return format!("{n}N");
            }
            if word.len() > 2 && word.starts_with('[') && word.ends_with(']') {
                let hex = &word[1..word.len() - 1];
                if hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return "[X]".to_string();
                }
            }
            // `0.01` before ` s` (a scrape's wall time) → `N`.
            if word.contains('.') && word.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return "N".to_string();
            }
            // `1738s` (intervals) → `Ns`; the number before ` ms` is done below.
            if let Some(digits) = word.strip_suffix('s')
                && !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
            {
                return "Ns".to_string();
            }
            word.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    milliseconds(&line)
}

/// `(started, 12 ms)` → `(started, N ms)`.
fn milliseconds(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let next_is_ms = words
            .get(i + 1)
            .is_some_and(|w| *w == "ms" || w.starts_with("ms)"));
        let number = word.trim_start_matches('(');
        if next_is_ms && !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
            out.push(word.replace(number, "N"));
        } else {
            out.push(word.to_string());
        }
    }
    out.join(" ")
}

/// Runs one block's commands in order with one state file, against `tracker_port`; returns,
/// per command, (README lines, real lines), both normalised.
fn run_block(block: &[Example], tracker_port: u16) -> Vec<(String, Vec<String>, Vec<String>)> {
    run_block_with(block, tracker_port, normalise)
}

/// `run_block`, each line through `normalise`.
fn run_block_with(
    block: &[Example],
    tracker_port: u16,
    normalise: fn(&str) -> String,
) -> Vec<(String, Vec<String>, Vec<String>)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let torrent = manifest.join("examples/example.torrent");
    let port = readme_port(&block[0].args);
    let (from, to) = (
        format!("127.0.0.1:{port}"),
        format!("127.0.0.1:{tracker_port}"),
    );
    let cli = Cli::new();
    let mut results = Vec::new();
    for example in block {
        let args: Vec<String> = example
            .args
            .iter()
            .map(|a| match a.as_str() {
                "examples/example.torrent" => torrent.to_string_lossy().into_owned(),
                other => other.replace(&from, &to),
            })
            .collect();
        let shown = format!("trackerctl {}", example.args.join(" "));
        let run = cli.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(
            run.code, 0,
            "`{shown}` failed:\nstdout:\n{}\nstderr:\n{}",
            run.stdout, run.stderr
        );
        let real: Vec<String> = run
            .stderr
            .lines()
            .chain(run.stdout.lines())
            .filter(|l| !l.trim().is_empty())
            .map(|l| normalise(&l.replace(&to, &from)))
            .collect();
        let readme: Vec<String> = example.output.iter().map(|l| normalise(l)).collect();
        results.push((shown, readme, real));
    }
    results
}

/// A line where the README is known to disagree with the real output (normalised): the test
/// may not edit the README, so these are tolerated, reported here, and must still occur: once
/// the README (or the program) is fixed, the entry fails the test until it is removed.
struct Known {
    /// The README's line (`None`: the README lacks a line the program prints).
    readme: Option<&'static str>,
    /// The real line (`None`: the README shows a line the program no longer prints).
    real: Option<&'static str>,
}

/// README block 1: none known.
const KNOWN_HTTP: &[Known] = &[];

/// README block 2: `-v` prints the hex of the sent announce datagram on a line of its own
/// after the `> announce …` line; the README omits that line.
const KNOWN_UDP: &[Known] = &[];

/// Compares every command of a block, known differences aside.
fn compare(results: &[(String, Vec<String>, Vec<String>)], known: &[Known]) {
    let is_known_readme = |l: &String| known.iter().any(|k| k.readme == Some(l.as_str()));
    let is_known_real = |l: &String| known.iter().any(|k| k.real == Some(l.as_str()));
    for k in known {
        let shows = |side: usize, line: &str| {
            results
                .iter()
                .any(|(_, readme, real)| [readme, real][side].iter().any(|l| l == line))
        };
        // Still different: the README shows its side (or lacks the real line), and the
        // program prints its side (or no longer prints the README's line).
        let in_readme = match (k.readme, k.real) {
            (Some(line), _) => shows(0, line),
            (None, Some(line)) => !shows(0, line),
            (None, None) => false,
        };
        let in_real = match (k.real, k.readme) {
            (Some(line), _) => shows(1, line),
            (None, Some(line)) => !shows(1, line),
            (None, None) => false,
        };
        assert!(
            in_readme && in_real,
            "a known README difference is gone (README {:?}, real {:?}): remove it from tests/it/readme.rs",
            k.readme,
            k.real
        );
    }
    let mut wrong = Vec::new();
    for (shown, readme, real) in results {
        let readme_kept: Vec<&String> = readme.iter().filter(|l| !is_known_readme(l)).collect();
        let real_kept: Vec<&String> = real.iter().filter(|l| !is_known_real(l)).collect();
        if readme_kept != real_kept {
            wrong.push(format!(
                "$ {shown}\n--- README (normalised)\n{}\n--- real (normalised)\n{}",
                readme.join("\n"),
                real.join("\n")
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "README examples differ:\n{}",
        wrong.join("\n\n")
    );
}

#[test]
fn readme_http_examples_are_real_output() {
    let blocks = example_blocks();
    let tracker = Tracker::start("opentracker", &[EXAMPLE_HASH]);
    let results = run_block(&blocks[0], port_of(&tracker.http_url()));
    compare(&results, KNOWN_HTTP);
}

/// The `-v` lines vary (transaction and connection ids, peer id, key, datagram hex): those are
/// normalised, then compared as for HTTP; every kind of `> `/`< ` line the README shows must
/// also appear in the real stderr.
#[test]
fn readme_udp_example_is_real_output() {
    let blocks = example_blocks();
    let tracker = Tracker::start("opentracker", &[EXAMPLE_HASH, UDP_HASH]);
    let results = run_block(&blocks[1], port_of(&tracker.udp_url()));
    let kind = |l: &str| l.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    for (shown, readme, real) in &results {
        for line in readme
            .iter()
            .filter(|l| l.starts_with("> ") || l.starts_with("< "))
        {
            assert!(
                real.iter().any(|r| kind(r) == kind(line)),
                "`{shown}`: no `{}` line in the real output:\n{}",
                kind(line),
                real.join("\n")
            );
        }
    }
    compare(&results, KNOWN_UDP);
}

/// The README's `check` example (under "## Checking a tracker", a ```text block) against the
/// tracker it shows, torrust-tracker 3.0.0, over HTTP: the same findings, results and evidence
/// once the random info-hash, the random ports and the build path in torrust's error text are
/// normalised (`normalise_check`).
#[test]
fn readme_check_example_is_real_output() {
    let blocks = blocks_in("## Checking a tracker", "```text");
    let block = blocks
        .iter()
        .find(|b| b[0].args.first().map(String::as_str) == Some("check"))
        .expect("a `$ trackerctl check` block under ## Checking a tracker");
    let tracker = Tracker::start("torrust-tracker", &[]);
    let results = run_block_with(block, port_of(&tracker.http_url()), normalise_check);
    assert!(
        results[0].1.len() > 20,
        "the README shows the whole table: {:?}",
        results[0].1
    );
    compare(&results, &[]);
}

/// `normalise`, then what `check` draws at random or takes from where the tracker was built:
/// a 40-hex info-hash → `H`, the number after `port ` → `N`, a path into cargo's registry →
/// `…/crate-version/…`.
fn normalise_check(line: &str) -> String {
    let line = normalise(line);
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(c) = rest.chars().next() {
        let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        let word_start = !out.ends_with(|p: char| p.is_ascii_alphanumeric());
        if word_start && hex == 40 {
            out.push('H');
            rest = &rest[40..];
        } else if let Some(after) = rest.strip_prefix("port ")
            && after.starts_with(|d: char| d.is_ascii_digit())
        {
            out.push_str("port N");
            rest = after.trim_start_matches(|d: char| d.is_ascii_digit());
        } else if let Some(at) = rest.strip_prefix('/').and(rest.find("/registry/src/"))
            && rest[..at].bytes().all(|b| b != b' ')
        {
            // `$CARGO_HOME/registry/src/index.crates.io-…/` → `…/` (where torrust was built)
            let after = &rest[at + "/registry/src/".len()..];
            out.push('…');
            rest = &after[after.find('/').unwrap_or(0)..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[test]
fn normalise_check_keeps_all_but_the_random_parts() {
    assert_eq!(
        normalise_check(
            "peer identity  peer_id  A then B started from port 22250 with different peer_ids: the scrape counts 2 (was 0)"
        ),
        "peer identity  peer_id  A then B started from port N with different peer_ids: the scrape counts 2 (was 0)"
    );
    assert_eq!(
        normalise_check(
            "asked [unknown, dc42ea9ce19e518e146215b92c1ef9c05ad3d419, unknown]: (3 entries) (port 22253);"
        ),
        "asked [unknown, H, unknown]: (3 entries) (port N);"
    );
    assert_eq!(
        normalise_check(
            "in /cargo-home/registry/src/index.crates.io-0000000000000000/torrust-tracker-3.0.0/src/x.rs:75:23\""
        ),
        "in …/torrust-tracker-3.0.0/src/x.rs:75:23\""
    );
    // Not a hash: 41 hex digits, or hex inside a word.
    let long = "a".repeat(41);
    assert_eq!(normalise_check(&long), long);
    assert_eq!(normalise_check("left 1"), "left 1");
}

fn port_of(url: &str) -> u16 {
    url.split("127.0.0.1:")
        .nth(1)
        .and_then(|rest| {
            rest.chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("no 127.0.0.1 port in {url}"))
}
