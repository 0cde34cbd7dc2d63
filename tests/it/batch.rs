//! Batch scrape: thousands of hashes, folders and lists of torrents, TSV, the progress bar.

use crate::support::{Cli, Tracker, fixture, make_torrent, manifest_hash};

fn hashes(n: u32) -> Vec<String> {
    (0..n)
        .map(|i| {
            format!(
                "{:08x}{:032x}",
                i,
                u128::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            )
        })
        .collect()
}

fn batch(url: &str, n: u32) {
    let cli = Cli::new();
    let list = cli.dir.path().join("hashes.txt");
    std::fs::write(&list, hashes(n).join("\n")).unwrap();
    let (json, run) = cli.json(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        url,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json["summary"]["torrents"], n);
    assert_eq!(json["summary"]["trackers"], 1);
    assert_eq!(
        json["summary"]["answered"], n,
        "every hash answered: {}",
        json["summary"]
    );
    let torrents = json["torrents"].as_array().unwrap();
    assert!(
        torrents
            .iter()
            .all(|t| t["trackers"][0]["response"]["complete"] == 0)
    );
}

#[test]
fn ten_thousand_hashes_over_http_and_udp() {
    // bittorrent-tracker answers every hash (zero-filled when unknown), on both transports.
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    batch(&tracker.http_url(), 10_000);
    batch(&tracker.udp_url(), 10_000);
}

#[test]
fn http_batches_stay_under_the_url_limit_and_udp_packs_74_per_packet() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let list = cli.dir.path().join("hashes.txt");
    std::fs::write(&list, hashes(200).join("\n")).unwrap();
    let run = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        &tracker.http_url(),
        "-v",
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let gets: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("> GET "))
        .collect();
    assert!(
        gets.len() >= 7 && gets.len() <= 10,
        "200 hashes in ~28-hash requests: {}",
        gets.len()
    );
    assert!(gets.iter().all(|g| g.len() - "> GET ".len() <= 2000));
    let run = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        &tracker.udp_url(),
        "-v",
        "--quiet",
    ]);
    let packets = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("> scrape"))
        .count();
    assert_eq!(packets, 3, "200 = 74 + 74 + 52");
}

#[test]
fn dir_recursive_and_tsv() {
    let a = manifest_hash("v1_single_file.torrent");
    let tracker = Tracker::start("opentracker", &[&a]);
    let cli = Cli::new();
    let dir = cli.dir.path().join("torrents");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(
        fixture("torrents/v1_single_file.torrent"),
        dir.join("a.torrent"),
    )
    .unwrap();
    let (_, b) = make_torrent(&dir.join("sub"), "b", &[vec![tracker.http_url()]]);
    std::fs::write(dir.join("notes.txt"), "not a torrent").unwrap();
    let url = tracker.http_url();
    cli.run(&[
        "announce",
        dir.join("a.torrent").to_str().unwrap(),
        "--only-tracker",
        &url,
    ])
    .expect(0);
    let flat = cli
        .run(&[
            "scrape",
            "--dir",
            dir.to_str().unwrap(),
            "--only-tracker",
            &url,
            "--format",
            "tsv",
        ])
        .expect(0);
    let lines: Vec<&str> = flat.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "info_hash\tname\ttracker\tstatus\tseeders\tleechers\tdownloaded\terror"
    );
    assert_eq!(
        lines.len(),
        2,
        "only a.torrent without --recursive: {}",
        flat.stdout
    );
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(fields[0], a);
    assert_eq!(fields[3], "ok");
    assert_eq!(fields[5], "1", "the announced leecher");
    assert!(
        flat.stderr.contains("torrents 1, trackers 1"),
        "summary on stderr: {}",
        flat.stderr
    );
    let deep = cli.run(&[
        "scrape",
        "--dir",
        dir.to_str().unwrap(),
        "--recursive",
        "--only-tracker",
        &url,
        "--format",
        "tsv",
    ]);
    let rows: Vec<&str> = deep.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", deep.stdout);
    assert!(rows.iter().any(|r| r.starts_with(&b)));
}

#[test]
fn progress_bar_shows_on_a_terminal_only() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let cli = Cli::new();
    let list = cli.dir.path().join("hashes.txt");
    std::fs::write(&list, hashes(3000).join("\n")).unwrap();
    let bin = env!("CARGO_BIN_EXE_trackerctl");
    let command = format!(
        "{bin} scrape --from-file {} --tracker {} --state {}",
        list.display(),
        tracker.http_url(),
        cli.state_path().display()
    );
    // `script` gives the command a pseudo-terminal; its output is what the terminal showed.
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("scraping"),
        "progress bar on a terminal: {shown:.2000}"
    );
    let piped = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        &tracker.http_url(),
        "--wait",
    ]);
    assert!(
        !piped.stderr.contains("scraping"),
        "no bar when stderr is not a terminal"
    );
}

/// `--dir` follows a symlinked `.torrent` (a seedbox's watch folder is often links).
#[cfg(unix)]
#[test]
fn dir_follows_symlinked_torrent_files() {
    let a = manifest_hash("v1_single_file.torrent");
    let tracker = Tracker::start("opentracker", &[&a]);
    let cli = Cli::new();
    let dir = cli.dir.path().join("links");
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(
        fixture("torrents/v1_single_file.torrent"),
        dir.join("a.torrent"),
    )
    .unwrap();
    let run = cli
        .run(&[
            "scrape",
            "--dir",
            dir.to_str().unwrap(),
            "--only-tracker",
            &tracker.http_url(),
            "--format",
            "tsv",
        ])
        .expect(0);
    assert!(run.stdout.contains(&a), "{}{}", run.stdout, run.stderr);
}

/// Seeders+leechers of each hash at `url`, from one batch scrape (NDJSON).
fn swarm_sizes(cli: &Cli, list: &std::path::Path, url: &str) -> Vec<(String, i64)> {
    let run = cli.run(&[
        "scrape",
        "--from-file",
        list.to_str().unwrap(),
        "--tracker",
        url,
        "--format",
        "ndjson",
    ]);
    run.stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "tracker")
        .map(|v| {
            let r = &v["response"];
            let n = r["complete"].as_i64().unwrap_or(0) + r["incomplete"].as_i64().unwrap_or(0);
            (v["info_hash"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

/// `announce --from-file` and `stop --from-file` against real trackers, NDJSON rows valid
/// against the schema: every torrent registered, then every one removed with the identity it
/// announced with (torrust-tracker keys peers by peer_id, so a wrong one would leave them).
#[test]
fn batch_announce_then_batch_stop_on_real_trackers() {
    let torrust = Tracker::start("torrust-tracker", &[]);
    let bt = Tracker::start("bittorrent-tracker", &[]);
    for url in [torrust.udp_url(), bt.http_url()] {
        let cli = Cli::new();
        let list = cli.dir.path().join("hashes.txt");
        let all = hashes(40);
        std::fs::write(&list, all.join("\n")).unwrap();
        let file = list.to_str().unwrap();
        let run = cli.run(&[
            "announce",
            "--from-file",
            file,
            "--tracker",
            &url,
            "--format",
            "ndjson",
            "--left",
            "0",
        ]);
        assert_eq!(run.code, 0, "{url}: {}{}", run.stdout, run.stderr);
        let lines: Vec<serde_json::Value> = run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for v in &lines {
            crate::json_schema::assert_valid_as(v, "ndjsonLine");
        }
        assert_eq!(lines.len(), 41, "40 rows and a summary");
        assert!(
            lines[..40]
                .iter()
                .all(|v| v["status"] == "ok" && v["event"] == "started")
        );
        assert_eq!(lines[40]["summary"]["answered"], 40);
        let sizes = swarm_sizes(&cli, &list, &url);
        assert_eq!(sizes.len(), 40);
        assert!(
            sizes.iter().all(|(_, n)| *n == 1),
            "{url}: one peer each: {sizes:?}"
        );

        let run = cli.run(&[
            "stop",
            "--from-file",
            file,
            "--tracker",
            &url,
            "--format",
            "tsv",
        ]);
        assert_eq!(run.code, 0, "{url}: {}{}", run.stdout, run.stderr);
        let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
        assert_eq!(rows.len(), 40, "{}", run.stdout);
        assert!(
            rows.iter().all(|r| r.split('\t').nth(3) == Some("ok")),
            "{}",
            run.stdout
        );
        let sizes = swarm_sizes(&cli, &list, &url);
        assert!(
            sizes.iter().all(|(_, n)| *n == 0),
            "{url}: all gone: {sizes:?}"
        );
    }
}

/// Two batches at once on one state file: nothing lost, and `stop --all` then finds every
/// torrent of both.
#[test]
fn two_concurrent_batches_share_one_state_file() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let url = tracker.udp_url();
    let cli = Cli::new();
    let all = hashes(120);
    let (first, second) = all.split_at(60);
    let lists: Vec<std::path::PathBuf> = [first, second]
        .iter()
        .enumerate()
        .map(|(n, part)| {
            let path = cli.dir.path().join(format!("part{n}.txt"));
            std::fs::write(&path, part.join("\n")).unwrap();
            path
        })
        .collect();
    let children: Vec<std::process::Child> = lists
        .iter()
        .map(|list| {
            cli.cmd()
                .args([
                    "announce",
                    "--from-file",
                    list.to_str().unwrap(),
                    "--tracker",
                    &url,
                ])
                .args(["--format", "tsv", "--jobs", "4"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cli.state_path()).unwrap()).unwrap();
    let recorded = state["torrents"].as_object().unwrap();
    for hash in &all {
        assert!(
            recorded.contains_key(hash),
            "{hash} lost from the state file"
        );
    }
    let run = cli.run(&["stop", "--all", "--format", "ndjson"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["summary"]["answered"], 120, "{}", run.stdout);
}

/// A batch killed half-way keeps what it recorded: the state file is whole and holds the
/// torrents announced up to its last write, and `stop --all` stops every one of them.
#[test]
fn a_killed_batch_keeps_what_it_recorded() {
    let tracker = Tracker::start("bittorrent-tracker", &[]);
    let url = tracker.http_url();
    let cli = Cli::new();
    let list = cli.dir.path().join("hashes.txt");
    std::fs::write(&list, hashes(5000).join("\n")).unwrap();
    let mut child = cli
        .cmd()
        .args([
            "announce",
            "--from-file",
            list.to_str().unwrap(),
            "--tracker",
            &url,
        ])
        .args(["--format", "tsv", "--jobs", "2", "--left", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let recorded = |path: &std::path::Path| -> usize {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v["torrents"].as_object().map(|t| t.len()))
            .unwrap_or(0)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while recorded(&cli.state_path()) == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    let kept = recorded(&cli.state_path());
    assert!(
        kept > 0 && kept < 5000,
        "{kept} torrents recorded before the kill"
    );
    let run = cli.run(&["stop", "--all", "--format", "ndjson"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary: serde_json::Value =
        serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(summary["summary"]["answered"], kept, "{}", run.stdout);
}
