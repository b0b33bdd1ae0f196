//! `panel config show | path`, and configurations that are refused.

use super::*;

#[test]
fn config_show_prints_the_commented_defaults() {
    let p = Panel::new();
    let r = p.run(["config", "show"]).ok();
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn config_show_reads_back_as_a_configuration() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[program]\nquota = 3\n\n[locale]\ntime_zone = \"Europe/Berlin\"\n",
    )
    .unwrap();
    let shown = p.run(["config", "show"]).ok().stdout;
    assert!(shown.contains("quota = 3\n"), "{shown}");
    assert!(shown.contains("time_zone = \"Europe/Berlin\"\n"), "{shown}");
    std::fs::write(p.home().join("config.toml"), &shown).unwrap();
    assert_eq!(p.run(["config", "show"]).ok().stdout, shown);
    assert_eq!(status_month_json(&p, None)["quota"], 3);
    let json = p.run(["config", "show", "--json"]).ok().json();
    assert_eq!(json["program"]["quota"], 3);
    assert_eq!(json["locale"]["time_zone"], "Europe/Berlin");
}

#[test]
fn config_path_names_the_store_and_the_config_file() {
    let p = Panel::new();
    let r = p.run(["config", "path"]).ok();
    insta::assert_snapshot!(redact(&p, &r.stdout, &[]));
    let v = p.run(["config", "path", "--json"]).ok().json();
    let home = p.home();
    assert_eq!(v["data_dir"], home.to_str().unwrap());
    assert_eq!(v["database"], home.join("panel.db").to_str().unwrap());
    assert_eq!(v["config"], home.join("config.toml").to_str().unwrap());
}

#[test]
fn config_with_an_unknown_key_is_refused() {
    let p = Panel::new();
    std::fs::write(p.home().join("config.toml"), "[program]\nqouta = 3\n").unwrap();
    let r = p.run(["status"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let err = redact(&p, &r.stderr, &[]);
    assert!(
        err.contains("[HOME]/config.toml is not a valid panel configuration"),
        "{err}"
    );
    assert!(err.contains("qouta"), "{err}");
    assert!(
        err.contains("`panel config show` prints a valid one"),
        "{err}"
    );
}

#[test]
fn config_with_a_bad_time_zone_is_refused() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[locale]\ntime_zone = \"Mars/Olympus\"\n",
    )
    .unwrap();
    let r = p.run(["list"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(redact(&p, &r.stderr, &[]));
}

#[test]
fn config_with_a_currency_outside_iso_4217_is_refused() {
    let p = Panel::new();
    std::fs::write(
        p.home().join("config.toml"),
        "[program]\nreward_currency = \"XYZ\"\n",
    )
    .unwrap();
    let r = p.run(["status"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let err = redact(&p, &r.stderr, &[]);
    assert!(err.contains("[HOME]/config.toml has a bad value"), "{err}");
    assert!(
        err.contains("program.reward_currency = \"XYZ\" is not a currency in ISO 4217"),
        "{err}"
    );
    assert!(err.contains("such as \"USD\""), "{err}");
}

#[test]
fn config_path_still_answers_with_a_broken_config() {
    let p = Panel::new();
    std::fs::write(p.home().join("config.toml"), "this is [not toml").unwrap();
    assert_eq!(p.run(["config", "show"]).code, 1);
    let r = p.run(["config", "path"]).ok();
    assert!(r.stdout.contains("config.toml"), "{}", r.stdout);
    p.run(["config", "path", "--json"]).ok().json();
}
