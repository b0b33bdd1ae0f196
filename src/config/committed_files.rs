//! The files made from the configuration's doc comments and committed:
//! `schema/config.schema.json` and `examples/config.toml`. They must say
//! what the code says; `UPDATE_DOCS=1 cargo test --lib config::` rewrites
//! them from it.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::Config;
use super::schema::{keys, schema};

const SCHEMA: &str = "schema/config.schema.json";
const EXAMPLE: &str = "examples/config.toml";

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

/// The committed schema; while it is being rewritten, the one written.
fn committed_schema() -> Value {
    if std::env::var_os("UPDATE_DOCS").is_some() {
        return schema();
    }
    serde_json::from_str(&std::fs::read_to_string(in_repository(SCHEMA)).unwrap()).unwrap()
}

fn example() -> (String, Value) {
    let text = std::fs::read_to_string(in_repository(EXAMPLE)).unwrap();
    let value = toml::from_str(&text).unwrap();
    (text, value)
}

#[test]
fn the_committed_schema_is_current() {
    let made = serde_json::to_string_pretty(&schema()).unwrap() + "\n";
    check_current(SCHEMA, &made);
}

/// The sample is exactly what `panel config show` prints when it is the
/// configuration: its comments are the schema's descriptions.
#[test]
fn the_example_is_what_config_show_prints_for_it() {
    let config = Config::load(&in_repository(EXAMPLE)).unwrap();
    check_current(EXAMPLE, &config.to_commented_toml());
}

#[test]
fn the_example_validates_against_the_committed_schema_and_a_wrong_one_does_not() {
    let validator = jsonschema::validator_for(&committed_schema()).expect("the schema compiles");
    let (text, value) = example();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{EXAMPLE}: {errors:#?}");

    for (wrong, change) in [
        ("a misspelt key", ("quota = ", "qouta = ")),
        ("a quota out of range", ("quota = 10\n", "quota = 0\n")),
        (
            "a currency that is no code",
            ("reward_currency = \"EUR\"", "reward_currency = \"euro\""),
        ),
        (
            "an unknown date order",
            ("date_order = \"day-first\"", "date_order = \"dmy\""),
        ),
        (
            "a destination of neither kind",
            (
                "default_destination = \"balance\"",
                "default_destination = \"bank\"",
            ),
        ),
    ] {
        assert!(text.contains(change.0), "{EXAMPLE} has no {:?}", change.0);
        let value: Value = toml::from_str(&text.replacen(change.0, change.1, 1)).unwrap();
        assert!(!validator.is_valid(&value), "{wrong} passed the schema");
    }
}

#[test]
fn the_example_sets_every_key_the_schema_has() {
    fn walk(value: &Value, prefix: &str, found: &mut std::collections::BTreeSet<String>) {
        for (key, value) in value.as_object().into_iter().flatten() {
            let path = format!("{prefix}{key}");
            match value {
                Value::Object(_) => walk(value, &format!("{path}."), found),
                Value::Array(items) if items.iter().any(Value::is_object) => {
                    for item in items {
                        walk(item, &format!("{path}[]."), found);
                    }
                }
                _ => {
                    found.insert(path);
                }
            }
        }
    }
    let mut set = std::collections::BTreeSet::new();
    walk(&example().1, "", &mut set);
    let schema_keys = keys(&committed_schema());
    let missing: Vec<_> = schema_keys.difference(&set).collect();
    assert!(missing.is_empty(), "{EXAMPLE} does not set {missing:?}");
    assert!(schema_keys.len() > 30, "{schema_keys:?}");
}
