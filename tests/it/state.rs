//! The state file: --state, --no-state, and concurrent runs.

use crate::support::Cli;
use crate::support::fake_http::{FakeHttp, Reply};

const HASH: &str = "8df1068cecd44c6f7c1330c2e42e19616d811ee0";

#[test]
fn state_flag_and_no_state() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 10);
    let cli = Cli::new();
    let url = fake.url("/announce");
    let file = cli.dir.path().join("custom.json");
    cli.run(&[
        "announce",
        HASH,
        "--tracker",
        &url,
        "--state",
        file.to_str().unwrap(),
    ])
    .expect(0);
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let torrent = &saved["torrents"][HASH];
    let tracker = torrent["trackers"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(tracker["last_event"], "started");
    assert_eq!(tracker["port"], 6881);
    assert_eq!(tracker["url"], url);
    assert!(!cli.state_path().exists());
    cli.run(&["announce", HASH, "--tracker", &url, "--no-state"])
        .expect(0);
    assert!(!cli.state_path().exists(), "--no-state writes nothing");
    let lines = fake.request_lines();
    assert!(
        lines[1].contains("event=started"),
        "without state every announce is a first one"
    );
}

#[test]
fn concurrent_runs_lose_no_entry() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 40);
    let cli = Cli::new();
    let url = fake.url("/announce");
    let hashes: Vec<String> = (0..20u32).map(|i| format!("{:040x}", i + 1)).collect();
    let children: Vec<_> = hashes
        .iter()
        .map(|h| {
            cli.cmd()
                .args(["announce", h, "--tracker", &url, "--quiet"])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success());
    }
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cli.state_path()).unwrap()).unwrap();
    for h in &hashes {
        assert!(
            saved["torrents"][h]["trackers"]
                .as_object()
                .is_some_and(|t| t.len() == 1),
            "{h} lost"
        );
    }
}

#[test]
fn a_corrupt_state_file_is_kept_aside_and_reported() {
    let fake = FakeHttp::start(vec![Reply::ok(b"d8:intervali1800e5:peers0:e")], 4);
    let cli = Cli::new();
    std::fs::write(cli.state_path(), b"{\"version\": 1, \"torrents\": [").unwrap();
    let run = cli
        .run(&["announce", HASH, "--tracker", &fake.url("/announce")])
        .expect(0);
    assert!(run.stderr.contains("kept as"), "{}", run.stderr);
    let aside = std::fs::read_dir(cli.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.corrupt-")
        })
        .expect("the old file is kept");
    assert_eq!(
        std::fs::read(aside.path()).unwrap(),
        b"{\"version\": 1, \"torrents\": ["
    );
}
