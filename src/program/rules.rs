//! The program's rules as config.toml's `[program]` table gives them: what
//! counts, what pays, what is refused. The configuration reads and checks
//! them; the program's parts apply them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reward::{Destination, RewardModel};

/// The panel program's rules: what counts, what pays, what is refused.
/// Amounts are in minor units of `reward_currency` (1000 = 10.00).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Program {
    /// How receipts are paid.
    pub reward_model: RewardModel,
    /// monthly: eligible receipts a month that earn the reward; later ones
    /// are extra.
    #[schemars(range(min = 1, max = 10_000))]
    pub quota: u32,
    /// monthly: the reward, in minor units (1000 = 10.00).
    #[schemars(range(min = 0, max = 1_000_000_000))]
    pub reward_minor: i64,
    /// per_receipt: what each counted receipt earns, in minor units
    /// (10 = 0.10).
    #[schemars(range(min = 1, max = 1_000_000_000))]
    pub per_receipt_minor: i64,
    /// per_receipt: the most a month's receipts earn, in minor units; at
    /// least `per_receipt_minor`. Receipts past the cap are extra.
    #[schemars(range(min = 1, max = 1_000_000_000))]
    pub per_receipt_cap_minor: i64,
    /// The ISO 4217 currency of rewards and surveys.
    #[schemars(regex(pattern = r"^[A-Z]{3}$"))]
    pub reward_currency: String,
    /// Where a month's reward goes until the panelist chooses with `panel
    /// reward choose`: "balance" (the store balance) or "charity:ID", with
    /// the id of one of `[[charities]]`.
    pub default_destination: Destination,
    /// Receipts are purged, without residue, once their month is more than
    /// this many months before the current one; 0 keeps them until they are
    /// deleted.
    #[schemars(range(min = 0, max = 1200))]
    pub retention_months: u32,
    /// A purchase older than this many days when submitted is refused.
    #[schemars(range(min = 1, max = 3660))]
    pub max_age_days: u32,
    /// The largest receipt total accepted, in minor units
    /// (10000000 = 100000.00).
    #[schemars(range(min = 1, max = crate::money::MAX_EXACT_MINOR))]
    pub max_total_minor: i64,
    /// Shops owned by the panel's owner: their receipts are refused. Names
    /// match ignoring case, spacing, width and lookalike letters; a shortened
    /// name such as "Whole Foods" and an e-mail from the shop's domain count
    /// too.
    pub owner_merchants: Vec<String>,
    /// Kinds of purchase the program does not accept, matched against the
    /// receipt's category.
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
