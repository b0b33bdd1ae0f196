//! The GDPR Art. 15 section of an export: what the panelist is entitled to
//! be told about the processing of their receipts.

use serde_json::{Value, json};

use crate::config::Config;
use crate::program::reward::Scheme;

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

pub fn section(config: &Config) -> Value {
    json!({
        "article": "GDPR Art. 15 (right of access)",
        "controller": "the panel operator named in the panel's terms; this export is made by the panelist's own panel tool",
        "purposes": [
            "market research on purchases at shops other than the panel owner's",
            "paying the monthly reward as store balance or as a donation to the charity the panelist chose",
            "checking the program's rules: eligibility, duplicates, the monthly quota"
        ],
        "categories_of_data": [
            "receipt fields: merchant, purchase date, total and currency, category, line items",
            "a re-encoded receipt image or text with the personal data found withheld",
            "counts and kinds of personal data withheld (never their values)",
            "no health data: items of pharmacy receipts are not read into shared fields",
            "reward choices and surveys"
        ],
        "recipients": ["the panel operator", "the charity chosen, for the donation amount only"],
        "retention": retention(config),
        "source": "the receipts the panelist submitted; nothing is collected from third parties",
        "rights": {
            "rectification": "correct any field when submitting (flags) or delete and resubmit the receipt",
            "erasure": "`panel delete ID` removes a receipt and its shared content, leaving no residue in the store",
            "restriction": "personal data found on a receipt is withheld; submit only the receipts you choose",
            "objection": "stop submitting, and delete the receipts already shared with `panel delete`",
            "portability": "`panel audit export --format json` gives every record in a machine-readable form",
            "complaint": "lodge a complaint with the data protection supervisory authority where you live or work"
        },
        "automated_decision_making": format!(
            "eligibility and the reward are decided by the program's rules alone: a receipt counts when it is eligible and among the first {} of the month; no profiling produces legal or similarly significant effects",
            Scheme::of(&config.program).limit()
        )
    })
}
