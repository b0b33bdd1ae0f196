//! `config.toml`: the program's rules and the panelist's settings.
//!
//! Every key has a default, so a missing file is a valid configuration; an
//! unknown key is refused rather than silently ignored, because a misspelt
//! rule would otherwise quietly change what the panel pays for.

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::clock::Zone;
use crate::extract::{self, DateOrder};
use crate::intake;
use crate::money::currency_from_token;
use crate::privacy::DetectorConfig;
use crate::program::reward::Destination;
use crate::program::{Charity, Program, default_charities};

mod commented;
#[cfg(test)]
mod committed_files;
pub mod schema;

/// panel's configuration: config.toml, in the folder `panel config path`
/// names. Every key is optional: a missing key keeps its default, and an
/// unknown key is an error, so that a misspelt rule cannot quietly change
/// what counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The panel program's rules: what counts, what pays, what is refused.
    /// Change them only if your panel's terms differ from these.
    pub program: Program,
    /// Limits and defaults for the files `panel submit` reads.
    pub submit: Submit,
    /// How months and dates are read.
    pub locale: Locale,
    /// Which kinds of personal data are looked for. What is found is withheld
    /// unless you share it; a detector turned off finds nothing, so that kind
    /// is shared.
    pub privacy: DetectorConfig,
    /// The charities a reward may be donated to (`panel reward choose
    /// charity ID`). Listing any replaces the program's twelve;
    /// `charities = []` lists none, and rewards then go to the store balance
    /// only.
    pub charities: Vec<Charity>,
    /// How pictures are read: the Tesseract program, its languages and a
    /// time limit.
    pub ocr: Ocr,
}

/// How pictures are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Ocr {
    /// The Tesseract program that reads pictures: a name looked up in PATH,
    /// or a path.
    #[schemars(regex(pattern = r"\S"))]
    pub program: String,
    /// Tesseract languages joined by "+", such as "eng" or "deu+eng";
    /// `submit --lang` overrides them.
    #[schemars(regex(pattern = r"^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$"))]
    pub languages: String,
    /// The longest time, in seconds, that reading one picture may take.
    #[schemars(range(min = 1, max = 3600))]
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

/// The longest retention accepted: a hundred years.
const MAX_RETENTION_MONTHS: u32 = 1200;
/// The largest reward or survey amount in minor units (10,000,000.00 in a
/// currency of two decimals): far beyond any panel, far below overflow even
/// summed over a century of months.
const MAX_REWARD_MINOR: i64 = 1_000_000_000;
/// The largest file accepted: 1 GiB.
const MAX_FILE_BYTES: u64 = 1 << 30;
/// The largest picture accepted: 1,000 megapixels.
const MAX_PIXELS_LIMIT: u64 = 1_000_000_000;

impl Default for Config {
    fn default() -> Self {
        Config {
            program: Program::default(),
            submit: Submit::default(),
            locale: Locale::default(),
            privacy: DetectorConfig::default(),
            ocr: Ocr::default(),
            charities: default_charities(),
        }
    }
}

/// Limits and defaults for the files `panel submit` reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Submit {
    /// Files larger than this many bytes are refused without being read.
    #[schemars(range(min = 1, max = MAX_FILE_BYTES))]
    pub max_file_bytes: u64,
    /// Pictures with more pixels than this (width × height) are refused from
    /// their header, before they are decoded. It is also the most pixels of
    /// decoded pictures held at once.
    #[schemars(range(min = 1, max = MAX_PIXELS_LIMIT))]
    pub max_pixels: u64,
    /// The ISO 4217 currency of a total when the receipt prints none and its
    /// language implies none.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub default_currency: String,
}

/// How months and dates are read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Locale {
    /// The time zone panel months follow: an IANA name such as
    /// "Europe/Berlin", or "local" for the system's (TZ).
    #[schemars(regex(pattern = r"\S"))]
    pub time_zone: String,
    /// How a numeric date like 03/04/2026 is read when both readings are
    /// dates.
    pub date_order: DateOrderSetting,
}

/// How a numeric date like 03/04/2026 is read when both readings are dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrderSetting {
    /// From the receipt (dotted dates, a day over 12, its language and
    /// currency); when it gives no clue, month first for dollars and day
    /// first otherwise.
    Auto,
    /// 03/04/2026 is 3 April.
    DayFirst,
    /// 03/04/2026 is March 4.
    MonthFirst,
}

impl Default for Submit {
    fn default() -> Self {
        Submit {
            max_file_bytes: 25_000_000,
            max_pixels: 50_000_000,
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
    /// How files are read under this configuration, in OCR `languages`:
    /// limits and the Tesseract program. The decisions about extra passes
    /// are the caller's.
    pub fn read_options(&self, languages: String) -> intake::Options {
        intake::Options {
            max_bytes: self.submit.max_file_bytes,
            max_pixels: self.submit.max_pixels,
            // Decoded pictures held at once, whatever the number of cores:
            // one of the largest, or several phone photos (12 MP each).
            pixel_budget: self.submit.max_pixels,
            ocr: intake::OcrSettings {
                program: self.ocr.program.clone(),
                languages,
                timeout: std::time::Duration::from_secs(self.ocr.timeout_secs),
            },
            ..intake::Options::default()
        }
    }

    /// What extraction reads receipts with under this configuration, on
    /// the panelist's `today`.
    pub fn extract_settings(&self, today: NaiveDate) -> extract::Settings {
        extract::Settings {
            default_currency: self.submit.default_currency.clone(),
            date_order: self.date_order(),
            today,
        }
    }

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
        if self.locale.time_zone.trim().is_empty() {
            bail!(
                "locale.time_zone is empty; give an IANA time zone such as \"Europe/Berlin\", \
                 or \"local\" for the system's"
            );
        }
        Zone::parse(&self.locale.time_zone)?;
        for (key, code) in [
            ("program.reward_currency", &self.program.reward_currency),
            ("submit.default_currency", &self.submit.default_currency),
        ] {
            if code.len() != 3 || currency_from_token(code).as_deref() != Some(code.as_str()) {
                bail!(
                    "{key} = {code:?} is not a currency in ISO 4217; write a code in capitals \
                     such as \"USD\", \"EUR\" or \"GBP\""
                );
            }
        }
        let p = &self.program;
        in_range("program.quota", p.quota, 1, 10_000)?;
        in_range("program.reward_minor", p.reward_minor, 0, MAX_REWARD_MINOR)?;
        in_range(
            "program.per_receipt_minor",
            p.per_receipt_minor,
            1,
            MAX_REWARD_MINOR,
        )?;
        in_range(
            "program.per_receipt_cap_minor",
            p.per_receipt_cap_minor,
            1,
            MAX_REWARD_MINOR,
        )?;
        if p.per_receipt_cap_minor < p.per_receipt_minor {
            bail!(
                "program.per_receipt_cap_minor = {} is below program.per_receipt_minor = {}; \
                 the monthly cap must allow at least one receipt",
                p.per_receipt_cap_minor,
                p.per_receipt_minor
            );
        }
        if p.retention_months > MAX_RETENTION_MONTHS {
            bail!(
                "program.retention_months = {} is more than {MAX_RETENTION_MONTHS}; \
                 use 0 to keep receipts until you delete them",
                p.retention_months
            );
        }
        in_range("program.max_age_days", p.max_age_days, 1, 3660)?;
        in_range(
            "program.max_total_minor",
            p.max_total_minor,
            1,
            crate::money::MAX_EXACT_MINOR,
        )?;
        self.validate_charities()?;
        in_range(
            "submit.max_file_bytes",
            self.submit.max_file_bytes,
            1,
            MAX_FILE_BYTES,
        )?;
        in_range(
            "submit.max_pixels",
            self.submit.max_pixels,
            1,
            MAX_PIXELS_LIMIT,
        )?;
        in_range("ocr.timeout_secs", self.ocr.timeout_secs, 1, 3600)?;
        if self.ocr.program.trim().is_empty() {
            bail!("ocr.program is empty; give the Tesseract program, e.g. \"tesseract\"");
        }
        check_languages(&self.ocr.languages).context("ocr.languages")?;
        self.privacy.validate().map_err(anyhow::Error::msg)?;
        Ok(())
    }

    fn validate_charities(&self) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for charity in &self.charities {
            let id = &charity.id;
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                bail!(
                    "charity id {id:?} is not valid; use lowercase letters, digits and hyphens, \
                     e.g. \"feeding-america\""
                );
            }
            if charity.name.trim().is_empty() {
                bail!("charity {id:?} has no name; give it one with name = \"...\"");
            }
            if !seen.insert(id.as_str()) {
                bail!(
                    "charity id {id:?} is used by more than one [[charities]] entry; \
                     give each charity its own id"
                );
            }
        }
        if let Destination::Charity(id) = &self.program.default_destination
            && self.charity(id).is_none()
        {
            bail!(
                "program.default_destination = \"charity:{id}\" names no charity of [[charities]]; \
                 use \"balance\" or \"charity:ID\" with one of: {}",
                self.charity_ids().join(", ")
            );
        }
        Ok(())
    }

    /// The charity with exactly this id.
    pub fn charity(&self, id: &str) -> Option<&Charity> {
        self.charities.iter().find(|c| c.id == id)
    }

    fn charity_ids(&self) -> Vec<&str> {
        self.charities.iter().map(|c| c.id.as_str()).collect()
    }

    /// The order of day and month in numeric dates that a receipt leaves
    /// open; `None` ("auto"): read from the receipt, see
    /// [`crate::extract::locale`].
    pub fn date_order(&self) -> Option<DateOrder> {
        match self.locale.date_order {
            DateOrderSetting::DayFirst => Some(DateOrder::DayFirst),
            DateOrderSetting::MonthFirst => Some(DateOrder::MonthFirst),
            DateOrderSetting::Auto => None,
        }
    }

    pub fn zone(&self) -> Zone {
        Zone::parse(&self.locale.time_zone).expect("validated on load")
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

/// Refuses `value` of `key` outside `min..=max`, naming both.
fn in_range<T>(key: &str, value: T, min: T, max: T) -> Result<()>
where
    T: PartialOrd + std::fmt::Display + Copy,
{
    if value < min || value > max {
        bail!("{key} = {value} is out of range; allowed: {min} to {max}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::reward::RewardModel;

    /// The sample the README points to is a configuration panel accepts,
    /// and it is read, not replaced by the defaults of a missing file.
    #[test]
    fn the_example_config_loads_and_validates() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/config.toml");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.locale.time_zone, "Europe/Berlin");
        assert_eq!(config.submit.default_currency, "EUR");
        assert_ne!(config, Config::default());
    }

    #[test]
    fn an_older_config_without_the_reward_keys_still_loads() {
        let config: Config = toml::from_str("[program]\nquota = 5\nreward_minor = 500\n").unwrap();
        config.validate().unwrap();
        assert_eq!(config.program.reward_model, RewardModel::Monthly);
        assert_eq!(config.program.retention_months, 12);
        assert_eq!(config.program.default_destination, Destination::Balance);
        assert_eq!(config.charities.len(), 12);
    }

    #[test]
    fn the_default_program_lists_twelve_charities_with_unique_ids() {
        let config = Config::default();
        assert_eq!(config.charities.len(), 12);
        let ids: std::collections::BTreeSet<_> = config.charities.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), 12);
        config.validate().unwrap();
    }

    fn invalid(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        format!("{:#}", Config::load(&path).unwrap_err())
    }

    #[test]
    fn refuses_bad_charities_and_reward_rules() {
        let twice =
            "[[charities]]\nid = \"a\"\nname = \"A\"\n[[charities]]\nid = \"a\"\nname = \"B\"\n";
        let err = invalid(twice);
        assert!(
            err.contains("charity id \"a\" is used by more than one"),
            "{err}"
        );
        let err = invalid("[[charities]]\nid = \"Big Charity\"\nname = \"B\"\n");
        assert!(
            err.contains("lowercase letters, digits and hyphens"),
            "{err}"
        );
        let err = invalid("[[charities]]\nid = \"b\"\nname = \" \"\n");
        assert!(err.contains("has no name"), "{err}");
        let err = invalid("[program]\ndefault_destination = \"charity:nobody\"\n");
        assert!(err.contains("names no charity"), "{err}");
        let err = invalid("[program]\ndefault_destination = \"piggy bank\"\n");
        assert!(err.contains("piggy bank"), "{err}");
        let err = invalid("[program]\nreward_model = \"weekly\"\n");
        assert!(err.contains("weekly"), "{err}");
        let err = invalid("[program]\nper_receipt_minor = 50\nper_receipt_cap_minor = 20\n");
        assert!(err.contains("per_receipt_cap_minor = 20"), "{err}");
        let err = invalid("[program]\nretention_months = 5000\n");
        assert!(err.contains("retention_months"), "{err}");
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
