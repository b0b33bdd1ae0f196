//! The GDPR Art. 15 section of an export: what the panelist is entitled to
//! be told about the processing of their receipts.

use serde_json::{Value, json};

use crate::clock::rfc3339;
use crate::config::Config;
use crate::program::reward::RewardTerms;
use crate::store::consents::DeviceConsent;

/// What the store holds about consents, so that the section tells the
/// panelist what is true of their own panel.
#[derive(Debug, Clone)]
pub struct ConsentFacts {
    /// The device consent in effect.
    pub device: DeviceConsent,
    /// Whether device consent was ever given.
    pub device_ever_granted: bool,
    /// Health consents granted, one per receipt.
    pub health_granted: u64,
}

const DEVICE_DATA: &str = "operating system and version, device model where the machine names it, panel's version, locale";

fn device_category(facts: &ConsentFacts) -> String {
    match (
        &facts.device.granted,
        facts.device.since.map(rfc3339),
        facts.device_ever_granted,
    ) {
        (true, Some(since), _) => format!(
            "device data ({DEVICE_DATA}) with each receipt submitted while device consent is on; it is on since {since}"
        ),
        (_, _, true) => format!(
            "device data ({DEVICE_DATA}) only with the receipts submitted while device consent was on; it is off now"
        ),
        _ => "no device data: the panelist has not consented to share it".to_string(),
    }
}

fn health_category(facts: &ConsentFacts) -> String {
    match facts.health_granted {
        0 => "no health data: items of pharmacy receipts are not read into shared fields".into(),
        n => format!(
            "health data only on the {n} receipt(s) for which the panelist consented to share it, listed in `consents`"
        ),
    }
}

fn consent_text(facts: &ConsentFacts) -> String {
    let device = match (&facts.device.granted, facts.device.since.map(rfc3339)) {
        (true, Some(since)) => {
            format!("device data is shared with new receipts (consent given {since})")
        }
        (false, Some(since)) => format!("device data is not shared (consent withdrawn {since})"),
        _ => "device data is not shared (consent never given; it is off by default)".to_string(),
    };
    format!(
        "device data and health data are shared only with the panelist's consent, which can be withdrawn at any time; now {device}; every consent given or withdrawn is listed in `consents` with its time"
    )
}

fn retention(config: &Config) -> Value {
    match config.program.retention_months {
        0 => json!({
            "period_months": null,
            "rule": "receipts are kept until the panelist deletes them, and are then removed without residue; the ledger keeps only that something was shared and deleted"
        }),
        months => json!({
            "period_months": months,
            "rule": format!(
                "receipts are kept until the panelist deletes them, or at most until their month is more than {months} months before the current one, when they are purged without residue; the ledger keeps only that something was shared and deleted, and by which rule; each month's reward record (counts and amounts) is kept"
            )
        }),
    }
}

pub fn section(config: &Config, facts: &ConsentFacts) -> Value {
    json!({
        "article": "GDPR Art. 15 (right of access)",
        "controller": "the panel operator named in the panel's terms; this export is made by the panelist's own panel tool",
        "purposes": [
            "market research on purchases at shops other than the panel owner's",
            "paying the monthly reward as store balance or as a donation to the charity the panelist chose",
            "checking the program's rules: eligibility, duplicates, the monthly quota",
            "describing the devices panelists use (operating system, model, app version, locale), only with the panelist's consent"
        ],
        "categories_of_data": [
            "receipt fields: merchant, purchase date, total and currency, category, line items",
            "a re-encoded receipt image or text with the personal data found withheld, except kinds the panelist chose to share on a receipt (listed per receipt in `shared_by_choice`)",
            "counts and kinds of personal data withheld (never their values)",
            health_category(facts),
            device_category(facts),
            "the history of consents given and withdrawn: kind, the receipt's id for a health consent, and time",
            "reward choices and surveys"
        ],
        "consent": consent_text(facts),
        "recipients": ["the panel operator", "the charity chosen, for the donation amount only"],
        "retention": retention(config),
        "source": "the receipts the panelist submitted and, only with consent, the panelist's own device; nothing is collected from third parties",
        "rights": {
            "rectification": "correct any field when submitting (flags) or delete and resubmit the receipt",
            "erasure": "`panel delete ID` removes a receipt and its shared content, leaving no residue in the store",
            "restriction": "personal data found on a receipt is withheld; submit only the receipts you choose",
            "objection": "stop submitting, and delete the receipts already shared with `panel delete`",
            "withdraw_consent": "withdraw a consent at any time: `panel consent device off` stops device data for the receipts submitted after it; it does not undo what was shared before, and `panel delete ID` removes a receipt, with the device data that accompanied it, from the store",
            "portability": "`panel audit export --format json` gives every record in a machine-readable form",
            "complaint": "lodge a complaint with the data protection supervisory authority where you live or work"
        },
        "automated_decision_making": format!(
            "eligibility and the reward are decided by the program's rules alone: a receipt counts when it is eligible and among the first {} of the month; no profiling produces legal or similarly significant effects",
            RewardTerms::of(&config.program).limit()
        )
    })
}
