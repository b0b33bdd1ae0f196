//! Which detectors run. Every detector is on unless the panelist turns it
//! off, so a missing section finds everything the panel knows how to find.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Kind;

/// One switch per kind of personal data, for the `[privacy]` section of
/// `config.toml`. A switched-off detector finds nothing, so what it would
/// have found is shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DetectorConfig {
    /// E-mail addresses.
    pub email: bool,
    /// Phone and fax numbers, international and national.
    pub phone: bool,
    /// Payment card numbers, whole (Luhn) or masked.
    pub card: bool,
    /// IBANs (mod 97).
    pub iban: bool,
    /// Person names after a label: cashier, customer, bill to, Kunde, caissier, …
    pub name: bool,
    /// Loyalty, member and customer numbers.
    pub loyalty: bool,
    /// The customer's postal address (after bill to, ship to, Lieferadresse, …).
    pub address: bool,
    /// Pharmacy and drugstore receipts, medicine and prescription lines.
    pub health: bool,
    /// Kinds shared whenever found, by the names of the switches above, such
    /// as ["phone"]; every other kind found is withheld. `submit --share` and
    /// `--withhold` change it for one receipt. Health data cannot be listed:
    /// it is shared only with `submit --consent-health`, receipt by receipt.
    pub share: Vec<Kind>,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        DetectorConfig {
            email: true,
            phone: true,
            card: true,
            iban: true,
            name: true,
            loyalty: true,
            address: true,
            health: true,
            share: Vec::new(),
        }
    }
}

impl DetectorConfig {
    /// Every detector off: a starting point for turning a few on.
    pub fn none() -> Self {
        DetectorConfig {
            email: false,
            phone: false,
            card: false,
            iban: false,
            name: false,
            loyalty: false,
            address: false,
            health: false,
            share: Vec::new(),
        }
    }

    /// Refuses a `share` list that names health data.
    pub fn validate(&self) -> Result<(), String> {
        if self.share.contains(&Kind::Health) {
            return Err(
                "privacy.share lists \"health\", but health data is shared only with \
                 --consent-health on the receipt it belongs to; remove it from the list"
                    .into(),
            );
        }
        Ok(())
    }

    pub fn enabled(&self, kind: Kind) -> bool {
        match kind {
            Kind::Email => self.email,
            Kind::Phone => self.phone,
            Kind::Card => self.card,
            Kind::Iban => self.iban,
            Kind::Name => self.name,
            Kind::Loyalty => self.loyalty,
            Kind::Address => self.address,
            Kind::Health => self.health,
        }
    }

    /// This configuration with one detector switched.
    pub fn with(mut self, kind: Kind, on: bool) -> Self {
        let switch = match kind {
            Kind::Email => &mut self.email,
            Kind::Phone => &mut self.phone,
            Kind::Card => &mut self.card,
            Kind::Iban => &mut self.iban,
            Kind::Name => &mut self.name,
            Kind::Loyalty => &mut self.loyalty,
            Kind::Address => &mut self.address,
            Kind::Health => &mut self.health,
        };
        *switch = on;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_on_by_default_and_a_missing_key_keeps_its_default() {
        let config: DetectorConfig = toml::from_str("phone = false\n").unwrap();
        assert_eq!(config, DetectorConfig::default().with(Kind::Phone, false));
        for kind in Kind::ALL {
            assert_eq!(config.enabled(kind), kind != Kind::Phone, "{kind:?}");
        }
    }

    #[test]
    fn an_unknown_key_is_refused() {
        let err = toml::from_str::<DetectorConfig>("phones = false\n").unwrap_err();
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn kinds_to_share_are_read_by_name_and_health_is_refused() {
        let config: DetectorConfig = toml::from_str("share = [\"phone\", \"name\"]\n").unwrap();
        assert_eq!(config.share, [Kind::Phone, Kind::Name]);
        assert!(config.validate().is_ok());
        let config: DetectorConfig = toml::from_str("share = [\"health\"]\n").unwrap();
        assert!(config.validate().unwrap_err().contains("--consent-health"));
        assert!(toml::from_str::<DetectorConfig>("share = [\"gps\"]\n").is_err());
    }

    #[test]
    fn round_trips_through_toml() {
        let config = DetectorConfig::none().with(Kind::Iban, true);
        let text = toml::to_string(&config).unwrap();
        assert_eq!(toml::from_str::<DetectorConfig>(&text).unwrap(), config);
    }
}
