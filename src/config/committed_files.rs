//! The files made from the configuration's doc comments and committed:
//! `schema/config.schema.json`. It must say what the code says;
//! `UPDATE_DOCS=1 cargo test --lib config::` rewrites it from it.

use std::path::{Path, PathBuf};

use super::schema::schema;

const SCHEMA: &str = "schema/config.schema.json";

fn in_repository(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Fails unless the committed `path` holds `made`; with `UPDATE_DOCS` set,
/// writes `made` there instead.
fn check_current(path: &str, made: &str) {
    let file = in_repository(path);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&file, made).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    if committed != made {
        let line = committed
            .lines()
            .zip(made.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(made.lines().count()));
        panic!(
            "{path} is not current (line {}: {:?} should be {:?}); \
             rewrite it with `UPDATE_DOCS=1 cargo test --lib config::` and review the diff",
            line + 1,
            committed.lines().nth(line).unwrap_or_default(),
            made.lines().nth(line).unwrap_or_default(),
        );
    }
}

#[test]
fn the_committed_schema_is_current() {
    let made = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
    check_current(SCHEMA, &made);
}
