//! The program's rules as config.toml's `[program]` table gives them: what
//! counts, what pays, what is refused. The configuration reads and checks
//! them; the program's parts apply them.

use serde::{Deserialize, Serialize};

use super::reward::{Destination, RewardModel};

/// The panel program's rules: what counts, what pays, what is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Program {
    pub reward_model: RewardModel,
    pub quota: u32,
    pub reward_minor: i64,
    pub per_receipt_minor: i64,
    pub per_receipt_cap_minor: i64,
    pub reward_currency: String,
    pub default_destination: Destination,
    pub retention_months: u32,
    pub max_age_days: u32,
    /// The largest receipt total accepted, in minor units.
    pub max_total_minor: i64,
    pub owner_merchants: Vec<String>,
    pub excluded_kinds: Vec<String>,
}

impl Default for Program {
    fn default() -> Self {
        Program {
            reward_model: RewardModel::Monthly,
            quota: 10,
            reward_minor: 1000,
            per_receipt_minor: 10,
            per_receipt_cap_minor: 500,
            reward_currency: "USD".into(),
            default_destination: Destination::Balance,
            retention_months: 12,
            max_age_days: 30,
            max_total_minor: 10_000_000,
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
