//! The README's example outputs that do not depend on the day or on random
//! ids are checked against the binary. A fenced block right after a
//! `<!-- checked -->` comment is run command by command (`$ panel ARGS`) from
//! the repository's root, in one fresh panel home at the tests' clock
//! (`PANEL_NOW=2026-03-20T10:00:00Z`, `TZ=UTC`), and must show what panel
//! prints, standard output then standard error. `<!-- checked; home:
//! /some/path -->` shows the home's path as `/some/path`.
//! `UPDATE_DOCS=1 cargo test --test cli readme` rewrites the outputs.

use std::path::Path;

use crate::support::{Panel, Run};

const MARKER: &str = "<!-- checked";

/// One checked block: its lines in README.md, and the home path it shows.
struct Block {
    /// Index of the first line inside the fence.
    first: usize,
    /// Index of the closing fence.
    fence: usize,
    home: Option<String>,
}

/// One `$ panel ...` line and the output under it.
struct Step {
    /// Index of its command line in the block.
    line: usize,
    command: String,
    args: Vec<String>,
    output: String,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix(MARKER) else {
            continue;
        };
        let options = rest.trim_end().trim_end_matches("-->").trim();
        let home = options
            .strip_prefix("; home:")
            .map(|home| home.trim().to_string());
        assert!(
            home.is_some() || options.is_empty(),
            "README.md line {}: unknown option {options:?}",
            i + 1
        );
        assert_eq!(
            lines.get(i + 1).copied(),
            Some("```"),
            "README.md line {}: a checked block must follow its marker",
            i + 1
        );
        let fence = (i + 2..lines.len())
            .find(|&j| lines[j] == "```")
            .expect("the block is closed");
        blocks.push(Block {
            first: i + 2,
            fence,
            home,
        });
    }
    blocks
}

fn steps(lines: &[&str]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(command) = line.strip_prefix("$ ") {
            let args = words(command);
            assert_eq!(
                args[0], "panel",
                "only panel runs in a checked block: {line}"
            );
            steps.push(Step {
                line: i,
                command: command.to_string(),
                args: args[1..].to_vec(),
                output: String::new(),
            });
        } else {
            let step = steps
                .last_mut()
                .expect("a checked block starts with a command");
            step.output.push_str(line);
            step.output.push('\n');
        }
    }
    // A blank line parts one command's output from the next command.
    let last = steps.len().saturating_sub(1);
    for step in &mut steps[..last] {
        if step.output.ends_with("\n\n") {
            step.output.pop();
        }
    }
    steps
}

/// A command line split as the shell would split it, for the plain words
/// and double quotes a README example uses; anything the shell would
/// expand cannot be checked here.
fn words(command: &str) -> Vec<String> {
    assert!(
        !command.contains(['$', '`', '|', '>', '<', ';', '&', '\'', '*']),
        "{command:?} needs a shell; leave it out of a checked block"
    );
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            ' ' if !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                }
                started = false;
            }
            _ => {
                word.push(c);
                started = true;
            }
        }
    }
    assert!(!quoted, "unclosed quote in {command:?}");
    if started {
        words.push(word);
    }
    words
}

fn run(block: &Block, steps: &[Step]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let p = Panel::new();
    let home = p.home().to_str().unwrap().to_string();
    steps
        .iter()
        .map(|step| {
            let mut cmd = p.cmd(&step.args);
            cmd.current_dir(root);
            let r = Run::of(cmd);
            let printed = r.stdout + &r.stderr;
            match &block.home {
                Some(shown) => printed.replace(&home, shown),
                None => printed,
            }
        })
        .collect()
}

/// A block's commands with `printed` under each, as the README shows them.
fn shown(steps: &[Step], printed: &[String]) -> String {
    let shown: Vec<String> = steps
        .iter()
        .zip(printed)
        .map(|(step, printed)| format!("$ {}\n{printed}", step.command))
        .collect();
    shown.join("\n")
}

#[test]
fn readme_outputs_are_what_panel_prints() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let blocks = blocks(&lines);
    assert!(
        blocks
            .iter()
            .any(|b| lines[b.first..b.fence].contains(&"$ panel config show")),
        "the README's `panel config show` block is not checked"
    );
    let mut stale = Vec::new();
    let mut updated: Vec<String> = Vec::new();
    let mut copied = 0;
    for block in &blocks {
        let steps = steps(&lines[block.first..block.fence]);
        let printed = run(block, &steps);
        for (step, printed) in steps.iter().zip(&printed) {
            if &step.output != printed {
                stale.push(format!(
                    "README.md line {}: `{}` prints\n{printed}\nbut the README shows\n{}",
                    block.first + step.line + 1,
                    step.command,
                    step.output
                ));
            }
        }
        updated.extend(lines[copied..block.first].iter().map(|l| l.to_string()));
        updated.extend(shown(&steps, &printed).lines().map(str::to_string));
        copied = block.fence;
    }
    updated.extend(lines[copied..].iter().map(|l| l.to_string()));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, updated.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "{}\nrewrite them with `UPDATE_DOCS=1 cargo test --test cli readme` and review the diff",
        stale.join("\n")
    );
}

#[test]
fn a_command_line_splits_as_the_shell_splits_it() {
    assert_eq!(
        words("panel reward choose charity st jude"),
        ["panel", "reward", "choose", "charity", "st", "jude"]
    );
    assert_eq!(
        words(r#"panel survey add --title "Breakfast habits" --reward "" x"#),
        [
            "panel",
            "survey",
            "add",
            "--title",
            "Breakfast habits",
            "--reward",
            "",
            "x"
        ]
    );
}

#[test]
fn outputs_part_at_the_blank_line_before_the_next_command() {
    let steps = steps(&["$ panel a", "one", "", "two", "", "$ panel b", "three", ""]);
    assert_eq!(steps[0].args, ["a"]);
    assert_eq!(steps[0].output, "one\n\ntwo\n");
    assert_eq!(steps[1].output, "three\n\n");
}
