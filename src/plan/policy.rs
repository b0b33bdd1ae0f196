//! Which kinds of personal data leave with a receipt.
//!
//! Everything found is withheld unless the panelist chose otherwise: the
//! `share` list in config.toml, then `--share` and `--withhold` on the
//! receipt itself. Health data is never shared by a list: only
//! `--consent-health`, given for that one receipt, shares it.

use std::collections::BTreeSet;

use crate::device::DeviceInfo;
use crate::privacy::Kind;

/// What the panelist chose to share of one receipt, and with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharingChoices {
    shared: BTreeSet<Kind>,
    pub consent_health: bool,
    /// Keep the withheld values for the panelist's own preview on a
    /// terminal; never set when anything is stored.
    pub show_values: bool,
    /// The device data to send with the receipt: `Some` only while the
    /// panelist's device consent is on.
    pub device: Option<DeviceInfo>,
}

/// A choice that contradicts itself or asks for health data by the back door.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChoiceError {
    #[error("--share {0} and --withhold {0} both given; choose one")]
    Both(Kind),
    #[error(
        "health data is shared only with --consent-health on the receipt it belongs to; \
         drop {0}health and pass --consent-health"
    )]
    HealthByList(&'static str),
}

impl SharingChoices {
    pub fn new(
        config_share: &[Kind],
        share: &[Kind],
        withhold: &[Kind],
        consent_health: bool,
    ) -> Result<SharingChoices, ChoiceError> {
        if config_share.contains(&Kind::Health) {
            return Err(ChoiceError::HealthByList("privacy.share = "));
        }
        if share.contains(&Kind::Health) {
            return Err(ChoiceError::HealthByList("--share "));
        }
        if let Some(kind) = share.iter().find(|k| withhold.contains(k)) {
            return Err(ChoiceError::Both(*kind));
        }
        let shared = config_share
            .iter()
            .chain(share)
            .filter(|k| !withhold.contains(k))
            .copied()
            .collect();
        Ok(SharingChoices {
            shared,
            consent_health,
            show_values: false,
            device: None,
        })
    }

    pub fn shares(&self, kind: Kind) -> bool {
        match kind {
            Kind::Health => self.consent_health,
            _ => self.shared.contains(&kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_withheld_by_default() {
        let choices = SharingChoices::default();
        assert!(Kind::ALL.iter().all(|k| !choices.shares(*k)));
    }

    #[test]
    fn the_receipt_overrides_the_config() {
        let choices = SharingChoices::new(
            &[Kind::Phone, Kind::Name],
            &[Kind::Email],
            &[Kind::Name],
            false,
        )
        .unwrap();
        let shared: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| choices.shares(*k))
            .collect();
        assert_eq!(shared, [Kind::Email, Kind::Phone]);
    }

    #[test]
    fn health_needs_its_own_consent() {
        assert!(
            SharingChoices::new(&[], &[], &[], true)
                .unwrap()
                .shares(Kind::Health)
        );
        let err = SharingChoices::new(&[], &[Kind::Health], &[], false).unwrap_err();
        assert!(err.to_string().contains("--consent-health"), "{err}");
        assert!(SharingChoices::new(&[Kind::Health], &[], &[], false).is_err());
    }

    #[test]
    fn a_kind_both_shared_and_withheld_is_refused() {
        let err = SharingChoices::new(&[], &[Kind::Card], &[Kind::Card], false).unwrap_err();
        assert_eq!(err, ChoiceError::Both(Kind::Card));
    }
}
