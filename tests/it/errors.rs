//! Bad input through the real binary: exit 2 and one line naming the file and the fault.

use crate::support::{Cli, fixture};

#[test]
fn every_malformed_torrent_is_exit_2_with_a_one_line_message_naming_the_file() {
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("malformed/manifest.json")).unwrap())
            .unwrap();
    let cli = Cli::new();
    let mut checked = 0;
    for case in manifest["files"].as_array().unwrap() {
        if case["expected"] != "error" {
            continue;
        }
        let path = fixture(case["file"].as_str().unwrap());
        let path = path.to_str().unwrap();
        let run = cli.run(&["tiers", path]);
        assert_eq!(run.code, 2, "{path}: exit code, stderr: {}", run.stderr);
        let first = run.stderr.lines().next().unwrap_or("");
        assert!(
            first.starts_with("error: ") && first.contains(path),
            "{path}: message: {}",
            run.stderr
        );
        assert!(
            first.len() > path.len() + 12,
            "{path}: says what is wrong: {first}"
        );
        assert!(run.stdout.is_empty());
        checked += 1;
    }
    assert!(checked >= 35, "only {checked} error cases found");
}

#[test]
fn policy_cases_are_accepted_as_documented() {
    let cli = Cli::new();
    for file in ["dict_unsorted_keys.torrent", "path_traversal.torrent"] {
        let path = fixture(&format!("malformed/{file}"));
        let (json, _) = cli.json(&[
            "tiers",
            path.to_str().unwrap(),
            "--tracker",
            "http://127.0.0.1:1/announce",
        ]);
        assert!(
            json["torrents"][0]["info_hash"].as_str().unwrap().len() == 40,
            "{file}: {json}"
        );
    }
    for file in [
        "announce_not_string.torrent",
        "announce_list_not_list.torrent",
        "announce_list_tier_not_list.torrent",
    ] {
        let path = fixture(&format!("malformed/{file}"));
        let run = cli.run(&["announce", path.to_str().unwrap(), "--dry-run"]);
        // The bad field is ignored: either another field gives a tracker, or there is none.
        assert!(run.code == 0 || run.code == 2, "{file}: {}", run.stderr);
        if run.code == 2 {
            assert!(run.stderr.contains("no tracker"), "{file}: {}", run.stderr);
        }
    }
}

#[test]
fn libtorrent_rejected_torrents_never_panic() {
    let dir = fixture("libtorrent-test-torrents");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let cli = Cli::new();
    for (file, verdict) in manifest.as_object().unwrap() {
        let path = dir.join(file);
        let run = cli.run(&["tiers", path.to_str().unwrap(), "--json"]);
        match verdict["libtorrent_2_0_8"].as_str().unwrap() {
            "accepted" => assert_eq!(run.code, 0, "{file}: {}", run.stderr),
            _ => assert!(run.code == 0 || run.code == 2, "{file}: {}", run.stderr),
        }
    }
}

#[test]
fn usage_errors_are_exit_2() {
    let cli = Cli::new();
    let hash = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";
    let run = cli.run(&["announce", hash]).expect(2);
    assert!(run.stderr.contains("--tracker"), "{}", run.stderr);
    let run = cli.run(&["announce", "no-such-file.torrent"]).expect(2);
    assert!(
        run.stderr.contains("no-such-file.torrent"),
        "{}",
        run.stderr
    );
    let run = cli
        .run(&[
            "announce",
            "magnet:?xt=urn:btih:123",
            "--tracker",
            "http://127.0.0.1:1/a",
        ])
        .expect(2);
    assert!(run.stderr.contains("magnet"), "{}", run.stderr);
    let run = cli
        .run(&["announce", hash, "--tracker", "ftp://x/announce"])
        .expect(2);
    assert!(run.stderr.contains("scheme"), "{}", run.stderr);
    cli.run(&[
        "announce",
        hash,
        "--tracker",
        "http://127.0.0.1:1/a",
        "--peer-id",
        "short",
    ])
    .expect(2);
    cli.run(&[
        "announce",
        hash,
        "--tracker",
        "http://127.0.0.1:1/a",
        "--key",
        "xyz",
    ])
    .expect(2);
    cli.run(&["bogus"]).expect(2);
    cli.run(&["--help"]).expect(0);
}

#[test]
fn stdin_torrent_is_read_once() {
    let cli = Cli::new();
    let bytes = std::fs::read(fixture("torrents/v1_single_file.torrent")).unwrap();
    let mut child = cli
        .cmd()
        .args(["tiers", "-", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["torrents"][0]["info_hash"],
        crate::support::manifest_hash("v1_single_file.torrent")
    );
    cli.run(&["tiers", "-", "-"]).expect(2);
}
