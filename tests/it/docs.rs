//! Generated files are current, completions load in bash, man pages render.

use std::process::Command;

use crate::support::Cli;

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn checked_in_completions_and_man_pages_are_what_the_generator_makes_now() {
    for shell in trackerctl::docs::SHELLS {
        let file = root()
            .join("completions")
            .join(trackerctl::docs::completion_file(shell));
        let on_disk = std::fs::read(&file).unwrap_or_default();
        assert!(
            on_disk == trackerctl::docs::completion(shell),
            "{} is stale: run `cargo run --example gen`",
            file.display()
        );
    }
    let pages = trackerctl::docs::man_pages();
    assert!(pages.len() >= 5, "trackerctl.1 and one page per subcommand");
    for (name, page) in pages {
        let file = root().join("man").join(&name);
        assert!(
            std::fs::read(&file).unwrap_or_default() == page,
            "{} is stale: run `cargo run --example gen`",
            file.display()
        );
    }
}

#[test]
fn completions_subcommand_prints_the_same_script() {
    let run = Cli::new().run(&["completions", "bash"]).expect(0);
    assert_eq!(
        run.stdout.as_bytes(),
        trackerctl::docs::completion(clap_complete::Shell::Bash)
    );
}

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let script = root().join("completions/trackerctl.bash");
    let probe = format!(
        "source {}; complete -p trackerctl && COMP_WORDS=(trackerctl sc); COMP_CWORD=1; \
         _trackerctl trackerctl sc trackerctl; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display()
    );
    let out = Command::new("bash").arg("-c").arg(&probe).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("-F _trackerctl trackerctl"), "{stdout}");
    assert!(
        stdout.lines().any(|l| l == "scrape"),
        "completes 'sc' to scrape: {stdout}"
    );
}

#[test]
fn man_pages_render() {
    for page in [
        "trackerctl.1",
        "trackerctl-announce.1",
        "trackerctl-scrape.1",
    ] {
        let path = root().join("man").join(page);
        // groff is what `man` renders with; `man -l` needs a man-db install, groff is enough.
        let out = Command::new("groff")
            .args(["-man", "-Tutf8", "-P", "-cbou"])
            .arg(&path)
            .output()
            .expect("groff is installed");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            text.contains("NAME") && text.contains("trackerctl"),
            "{page} renders: {text:.500}"
        );
    }
}

#[test]
fn version_names_the_git_commit_when_built_from_a_checkout() {
    let run = Cli::new().run(&["--version"]).expect(0);
    assert!(
        run.stdout
            .starts_with(&format!("trackerctl {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        run.stdout
    );
    if root().join(".git").exists() {
        assert!(run.stdout.contains("(git "), "{}", run.stdout);
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let cli = Cli::new();
    let torrent = crate::support::fixture("torrents/v1_single_file.torrent");
    let args = ["tiers", torrent.to_str().unwrap(), "--no-state"];
    let plain = cli.run(&args).expect(0);
    assert!(!plain.stdout.contains('\x1b'), "no colour into a pipe");
    let mut always = args.to_vec();
    always.extend(["--color", "always"]);
    assert!(
        cli.run(&always).expect(0).stdout.contains("\x1b["),
        "--color always"
    );
    let forced = cli
        .cmd()
        .args(args)
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&forced.stdout).contains("\x1b["),
        "CLICOLOR_FORCE"
    );
    let no = cli
        .cmd()
        .args(args)
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&no.stdout).contains('\x1b'),
        "NO_COLOR wins"
    );
}
