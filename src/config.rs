//! `config.toml`: the program's rules and the panelist's settings.
//!
//! Every key has a default, so a missing file is a valid configuration; an
//! unknown key is refused rather than silently ignored, because a misspelt
//! rule would otherwise quietly change what the panel pays for.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::clock::Zone;
use crate::extract::DateOrder;
use crate::money::currency_from_token;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub program: Program,
    pub submit: Submit,
    pub locale: Locale,
    pub ocr: Ocr,
}

/// How pictures are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ocr {
    pub program: String,
    pub languages: String,
    pub timeout_secs: u64,
}

impl Default for Ocr {
    fn default() -> Self {
        Ocr {
            program: "tesseract".into(),
            languages: "eng".into(),
            timeout_secs: 60,
        }
    }
}

/// The panel program's rules: what counts, what pays, what is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Program {
    pub quota: u32,
    pub reward_minor: i64,
    pub reward_currency: String,
    pub max_age_days: u32,
    pub owner_merchants: Vec<String>,
    pub excluded_kinds: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Submit {
    pub max_file_bytes: u64,
    pub default_currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Locale {
    pub time_zone: String,
    pub date_order: DateOrderSetting,
}

/// How a numeric date like 03/04/2026 is read when both readings are dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrderSetting {
    /// Month first when the default currency is USD, day first otherwise.
    Auto,
    DayFirst,
    MonthFirst,
}

impl Default for Program {
    fn default() -> Self {
        Program {
            quota: 10,
            reward_minor: 1000,
            reward_currency: "USD".into(),
            max_age_days: 30,
            owner_merchants: [
                "Amazon",
                "Amazon Fresh",
                "Amazon Go",
                "Amazon Books",
                "Amazon 4-star",
                "Whole Foods Market",
            ]
            .map(String::from)
            .to_vec(),
            excluded_kinds: ["casino", "firearms", "transit fare", "tuition", "rent"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl Default for Submit {
    fn default() -> Self {
        Submit {
            max_file_bytes: 25_000_000,
            default_currency: "USD".into(),
        }
    }
}

impl Default for Locale {
    fn default() -> Self {
        Locale {
            time_zone: "local".into(),
            date_order: DateOrderSetting::Auto,
        }
    }
}

impl Config {
    /// Reads `path`, or the defaults when it does not exist.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let config: Config = toml::from_str(&text).with_context(|| {
            format!(
                "{} is not a valid panel configuration; `panel config show` prints a valid one",
                path.display()
            )
        })?;
        config
            .validate()
            .with_context(|| format!("{} has a bad value", path.display()))?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        Zone::parse(&self.locale.time_zone)?;
        for (key, code) in [
            ("program.reward_currency", &self.program.reward_currency),
            ("submit.default_currency", &self.submit.default_currency),
        ] {
            if code.len() != 3 || currency_from_token(code).as_deref() != Some(code.as_str()) {
                bail!("{key} = {code:?} is not an ISO 4217 code such as \"USD\"");
            }
        }
        if self.program.quota == 0 {
            bail!("program.quota must be at least 1");
        }
        if self.program.reward_minor < 0 {
            bail!("program.reward_minor must not be negative");
        }
        if self.submit.max_file_bytes == 0 {
            bail!("submit.max_file_bytes must be at least 1");
        }
        if self.ocr.timeout_secs == 0 {
            bail!("ocr.timeout_secs must be at least 1");
        }
        check_languages(&self.ocr.languages).context("ocr.languages")?;
        Ok(())
    }

    /// The order of day and month in numeric dates.
    pub fn date_order(&self) -> DateOrder {
        match self.locale.date_order {
            DateOrderSetting::DayFirst => DateOrder::DayFirst,
            DateOrderSetting::MonthFirst => DateOrder::MonthFirst,
            DateOrderSetting::Auto if self.submit.default_currency == "USD" => {
                DateOrder::MonthFirst
            }
            DateOrderSetting::Auto => DateOrder::DayFirst,
        }
    }

    pub fn zone(&self) -> Zone {
        Zone::parse(&self.locale.time_zone).expect("validated on load")
    }

    /// The effective configuration as TOML with a comment on every key.
    pub fn to_commented_toml(&self) -> String {
        let mut out = String::new();
        let p = &self.program;
        out.push_str(
            "# panel configuration. Every key is optional; these are the values in effect.\n\n",
        );
        out.push_str("[program]\n");
        key(
            &mut out,
            "Eligible receipts a month that earn the reward.",
            "quota",
            &p.quota,
        );
        key(
            &mut out,
            "The monthly reward in minor units (1000 = 10.00).",
            "reward_minor",
            &p.reward_minor,
        );
        key(
            &mut out,
            "ISO 4217 currency of the reward.",
            "reward_currency",
            &p.reward_currency,
        );
        key(
            &mut out,
            "A purchase older than this many days when submitted is refused.",
            "max_age_days",
            &p.max_age_days,
        );
        key(
            &mut out,
            "Shops owned by the panel's owner: their receipts are refused (matched ignoring case and spacing).",
            "owner_merchants",
            &p.owner_merchants,
        );
        key(
            &mut out,
            "Kinds of purchase the program does not accept (matched against the category).",
            "excluded_kinds",
            &p.excluded_kinds,
        );
        out.push_str("\n[submit]\n");
        key(
            &mut out,
            "Files larger than this many bytes are refused without being read.",
            "max_file_bytes",
            &self.submit.max_file_bytes,
        );
        key(
            &mut out,
            "Currency of a total written without one.",
            "default_currency",
            &self.submit.default_currency,
        );
        out.push_str("\n[locale]\n");
        key(
            &mut out,
            "IANA time zone that panel months follow, or \"local\" for the system's.",
            "time_zone",
            &self.locale.time_zone,
        );
        key(
            &mut out,
            "Numeric dates like 03/04/2026: \"day-first\", \"month-first\", or \"auto\" (month first when default_currency is USD).",
            "date_order",
            &self.locale.date_order,
        );
        out.push_str("\n[ocr]\n");
        key(
            &mut out,
            "The Tesseract program that reads pictures.",
            "program",
            &self.ocr.program,
        );
        key(
            &mut out,
            "Tesseract languages, e.g. \"eng\" or \"deu+eng\" (submit --lang overrides).",
            "languages",
            &self.ocr.languages,
        );
        key(
            &mut out,
            "Longest time, in seconds, that reading one picture may take.",
            "timeout_secs",
            &self.ocr.timeout_secs,
        );
        out
    }
}

/// Tesseract's language list: names of letters, digits and underscores
/// joined by `+`.
pub fn check_languages(list: &str) -> Result<()> {
    let ok = !list.is_empty()
        && list
            .split('+')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if !ok {
        bail!("{list:?} is not a Tesseract language list such as \"eng\" or \"deu+eng\"");
    }
    Ok(())
}

fn key<T: Serialize>(out: &mut String, comment: &str, name: &str, value: &T) {
    let value = toml::Value::try_from(value).expect("config values serialise");
    let _ = writeln!(out, "# {comment}\n{name} = {value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commented_toml_reads_back_as_the_same_config() {
        let mut config = Config::default();
        config.program.quota = 7;
        config.program.owner_merchants = vec!["Shop \"Quoted\"".into()];
        config.submit.default_currency = "EUR".into();
        config.locale.time_zone = "Europe/Berlin".into();
        let text = config.to_commented_toml();
        let back: Config = toml::from_str(&text).unwrap();
        assert_eq!(back, config);
    }

    #[test]
    fn refuses_unknown_keys_and_bad_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[program]\nqouta = 3\n").unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(err.contains("qouta"), "{err}");
        std::fs::write(&path, "[locale]\ntime_zone = \"Nowhere/Land\"\n").unwrap();
        let err = format!("{:#}", Config::load(&path).unwrap_err());
        assert!(err.contains("Nowhere/Land"), "{err}");
    }

    #[test]
    fn missing_file_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Config::load(&dir.path().join("none.toml")).unwrap(),
            Config::default()
        );
    }
}
