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

fn render(cmd: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut out)
        .expect("writing to a Vec cannot fail");
    out
}
