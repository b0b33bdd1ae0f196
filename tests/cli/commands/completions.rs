//! Completions and the man page, which need no home.

use super::*;

const COMPLETIONS: &[(&str, &str)] = &[
    ("bash", "panel.bash"),
    ("zsh", "_panel"),
    ("fish", "panel.fish"),
    ("elvish", "panel.elv"),
    ("powershell", "_panel.ps1"),
];

fn completions_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/completions"))
}

#[test]
fn completion_files_are_up_to_date() {
    let p = Panel::new();
    let mut stale = Vec::new();
    for (shell, file) in COMPLETIONS {
        let r = p.run(["completions", shell]).ok();
        assert!(
            r.stdout.contains("submit"),
            "{shell} completions lack `submit`"
        );
        let path = completions_dir().join(file);
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        if stored != r.stdout {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale shell completions: {}; regenerate them with `completions/update.sh`",
        stale.join(", ")
    );
}

#[test]
fn completions_need_no_home_or_store() {
    let p = Panel::new();
    let mut cmd = p.cmd(["completions", "bash"]);
    cmd.env("PANEL_HOME", "relative").current_dir(p.files_dir());
    let r = Run::of(cmd).ok();
    assert!(r.stdout.contains("_panel"), "{}", r.stdout);
    assert!(!p.home().join("panel.db").exists());
}

#[test]
fn completions_refuse_an_unknown_shell() {
    let p = Panel::new();
    assert_eq!(p.run(["completions", "tcsh"]).code, 2);
}

#[test]
fn man_prints_a_roff_page() {
    let p = Panel::new();
    let r = p.run(["man"]).ok();
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq"),
        "{}",
        &r.stdout[..80.min(r.stdout.len())]
    );
    assert!(r.stdout.contains(".TH panel 1"), "no .TH header");
    assert!(r.stdout.contains("submit"), "no submit");
    assert!(!p.home().join("panel.db").exists());
}
