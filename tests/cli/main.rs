//! End-to-end tests: the real `panel` binary, a cleared environment, a temp
//! home, a fixed clock (`PANEL_NOW`), `TZ=UTC` and fixed `COLUMNS`.

mod support;

mod audit;
mod bad_input;
mod commands;
mod concurrency;
mod consent;
mod crash;
mod hostile;
mod layering;
mod photos;
mod privacy;
mod reading;
mod readme;
mod residue;
mod rewards;
mod store_edges;
mod what_leaves;

use std::path::{Path, PathBuf};

/// Every `.rs` file under tests/cli is a module of this binary: a file that
/// no `mod` names is compiled by nothing, and its tests never run.
#[test]
fn no_test_file_is_left_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let main = std::fs::read_to_string(root.join("main.rs")).unwrap();
    let mut forgotten = Vec::new();
    left_out(&root, &main, &mut forgotten);
    assert!(
        forgotten.is_empty(),
        "no `mod` names these, so their tests never run: {forgotten:?}"
    );
}

/// The files and folders in `dir` that `declaring`, the source of `dir`'s
/// module, does not name with `mod`, and so on down.
fn left_out(dir: &Path, declaring: &str, forgotten: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.is_dir() {
            if stem == "snapshots" {
                continue;
            }
            if !declares(declaring, stem) {
                forgotten.push(path.clone());
            }
            let own = [dir.join(format!("{stem}.rs")), path.join("mod.rs")]
                .into_iter()
                .find(|file| file.is_file());
            match own {
                Some(file) => left_out(&path, &std::fs::read_to_string(file).unwrap(), forgotten),
                None => forgotten.push(path),
            }
        } else if path.extension().is_some_and(|e| e == "rs")
            && !matches!(stem, "main" | "mod")
            && !declares(declaring, stem)
        {
            forgotten.push(path);
        }
    }
}

fn declares(source: &str, module: &str) -> bool {
    let wanted = format!("mod {module};");
    source.lines().any(|line| {
        let line = line.trim();
        line.strip_prefix("pub ").unwrap_or(line) == wanted
    })
}
