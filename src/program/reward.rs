//! What a month's receipts earn, and where the money goes.
//!
//! Two models: `monthly` pays one fixed reward once the quota of eligible
//! receipts is met; `per_receipt` pays an amount for each counted receipt up
//! to a monthly cap. In both, a month has a limit of receipts that count
//! toward its reward; receipts beyond it are kept as extra (and one of them
//! takes the place of a counted receipt deleted while the month is open).

use std::fmt;
use std::str::FromStr;

use anyhow::bail;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::program::{Charity, Program};

/// How receipts are paid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RewardModel {
    /// `reward_minor` once `quota` receipts are counted in a month.
    #[default]
    Monthly,
    /// `per_receipt_minor` for each counted receipt, up to
    /// `per_receipt_cap_minor` a month.
    PerReceipt,
}

impl RewardModel {
    pub fn as_str(self) -> &'static str {
        match self {
            RewardModel::Monthly => "monthly",
            RewardModel::PerReceipt => "per_receipt",
        }
    }

    pub fn parse(text: &str) -> Option<RewardModel> {
        match text {
            "monthly" => Some(RewardModel::Monthly),
            "per_receipt" => Some(RewardModel::PerReceipt),
            _ => None,
        }
    }
}

/// A reward model with the amounts the rules give it: everything needed to
/// work out what a month's receipts earn, apart from the rest of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RewardTerms {
    Monthly { quota: u32, reward_minor: i64 },
    PerReceipt { each_minor: i64, cap_minor: i64 },
}

impl RewardTerms {
    pub fn of(rules: &Program) -> RewardTerms {
        match rules.reward_model {
            RewardModel::Monthly => RewardTerms::Monthly {
                quota: rules.quota,
                reward_minor: rules.reward_minor,
            },
            RewardModel::PerReceipt => RewardTerms::PerReceipt {
                each_minor: rules.per_receipt_minor,
                cap_minor: rules.per_receipt_cap_minor,
            },
        }
    }

    pub fn model(self) -> RewardModel {
        match self {
            RewardTerms::Monthly { .. } => RewardModel::Monthly,
            RewardTerms::PerReceipt { .. } => RewardModel::PerReceipt,
        }
    }

    /// Receipts of a month that count toward its reward: the quota, or the
    /// receipts it takes to reach the cap (the last one may earn less than
    /// the full amount). Later receipts are extra.
    pub fn limit(self) -> u32 {
        match self {
            RewardTerms::Monthly { quota, .. } => quota,
            RewardTerms::PerReceipt {
                each_minor,
                cap_minor,
            } => {
                let each = each_minor.max(1);
                let receipts = (cap_minor.max(0) + each - 1) / each;
                u32::try_from(receipts).unwrap_or(u32::MAX)
            }
        }
    }

    /// What `counted` receipts earn in a month.
    pub fn reward(self, counted: u32) -> i64 {
        match self {
            RewardTerms::Monthly {
                quota,
                reward_minor,
            } => {
                if counted >= quota {
                    reward_minor
                } else {
                    0
                }
            }
            RewardTerms::PerReceipt {
                each_minor,
                cap_minor,
            } => (i64::from(counted).saturating_mul(each_minor)).min(cap_minor),
        }
    }

    /// The most a month's receipts can earn.
    pub fn max_reward(self) -> i64 {
        match self {
            RewardTerms::Monthly { reward_minor, .. } => reward_minor,
            RewardTerms::PerReceipt { cap_minor, .. } => cap_minor,
        }
    }
}

/// Where a month's reward goes: the store balance or one charity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Destination {
    #[default]
    Balance,
    Charity(String),
}

impl Destination {
    /// How people read it: "store balance", or the charity's name.
    pub fn describe(&self, charities: &[Charity]) -> String {
        match self {
            Destination::Balance => "store balance".into(),
            Destination::Charity(id) => match charities.iter().find(|c| &c.id == id) {
                Some(charity) => charity.name.clone(),
                None => format!("charity {id} (no longer listed)"),
            },
        }
    }
}

impl fmt::Display for Destination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Destination::Balance => f.write_str("balance"),
            Destination::Charity(id) => write!(f, "charity:{id}"),
        }
    }
}

impl FromStr for Destination {
    type Err = anyhow::Error;

    fn from_str(text: &str) -> anyhow::Result<Destination> {
        match text.split_once(':') {
            None if text == "balance" => Ok(Destination::Balance),
            Some(("charity", id)) if !id.is_empty() => Ok(Destination::Charity(id.to_string())),
            _ => bail!("{text:?} is not a destination; write \"balance\" or \"charity:ID\""),
        }
    }
}

impl Serialize for Destination {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Destination {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Destination, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Written as it is serialised: a string, "balance" or "charity:ID".
impl JsonSchema for Destination {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Destination".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Where a month's reward goes: \"balance\" or \"charity:ID\".",
            "type": "string",
            "pattern": "^(balance|charity:.+)$",
        })
    }
}

/// Where a month stands with its reward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewardState {
    /// The month is open and its receipts can still earn more.
    Pending,
    /// The month is open and its receipts earned all they can.
    Earned,
    /// The month ended with something to pay; it goes to its destination.
    Paid,
    /// The month ended with nothing to pay.
    None,
}

impl RewardState {
    pub fn of(open: bool, counted: u32, limit: u32, total_minor: i64) -> RewardState {
        match (open, counted >= limit, total_minor > 0) {
            (true, false, _) => RewardState::Pending,
            (true, true, _) => RewardState::Earned,
            (false, _, true) => RewardState::Paid,
            (false, _, false) => RewardState::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RewardState::Pending => "pending",
            RewardState::Earned => "earned",
            RewardState::Paid => "paid",
            RewardState::None => "none",
        }
    }
}

/// The one charity that `query` names: its exact id, or a prefix of its id
/// or of its name (any case, punctuation ignored). Otherwise a message
/// naming the problem and listing every charity.
pub fn find_charity<'a>(charities: &'a [Charity], query: &str) -> Result<&'a Charity, String> {
    let wanted = fold(query);
    if let Some(exact) = charities
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(query.trim()))
    {
        return Ok(exact);
    }
    let matches: Vec<&Charity> = if wanted.is_empty() {
        Vec::new()
    } else {
        charities
            .iter()
            .filter(|c| fold(&c.id).starts_with(&wanted) || fold(&c.name).starts_with(&wanted))
            .collect()
    };
    let listing = || {
        charities
            .iter()
            .map(|c| format!("  {:<24} {}", c.id, c.name))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match matches.as_slice() {
        [one] => Ok(one),
        [] if charities.is_empty() => Err(
            "the program lists no charities, so rewards can only go to the store balance \
             (`panel reward choose balance`)"
                .into(),
        ),
        [] => Err(format!(
            "no charity matches {query:?}; give the id or the start of the name of one of:\n{}",
            listing()
        )),
        several => Err(format!(
            "{query:?} matches {} charities ({}); give more of the name, or the id, of one of:\n{}",
            several.len(),
            several
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            listing()
        )),
    }
}

/// Lowercase letters and digits, with every run of anything else one space.
fn fold(text: &str) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.replace('\'', ""))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::default_charities;
    use proptest::prelude::*;

    const MONTHLY: RewardTerms = RewardTerms::Monthly {
        quota: 10,
        reward_minor: 1000,
    };
    /// 10 pence a receipt up to £5.
    const PENCE: RewardTerms = RewardTerms::PerReceipt {
        each_minor: 10,
        cap_minor: 500,
    };

    #[test]
    fn monthly_pays_at_the_quota_and_not_more_beyond() {
        assert_eq!(MONTHLY.limit(), 10);
        assert_eq!(MONTHLY.reward(0), 0);
        assert_eq!(MONTHLY.reward(9), 0);
        assert_eq!(MONTHLY.reward(10), 1000);
        assert_eq!(MONTHLY.reward(11), 1000);
        assert_eq!(MONTHLY.max_reward(), 1000);
    }

    #[test]
    fn per_receipt_pays_each_up_to_the_cap() {
        assert_eq!(PENCE.limit(), 50);
        assert_eq!(PENCE.reward(1), 10);
        assert_eq!(PENCE.reward(49), 490);
        assert_eq!(PENCE.reward(50), 500);
        assert_eq!(PENCE.reward(51), 500);
        // A cap that is not a multiple: the last counted receipt earns the rest.
        let odd = RewardTerms::PerReceipt {
            each_minor: 30,
            cap_minor: 100,
        };
        assert_eq!(odd.limit(), 4);
        assert_eq!(odd.reward(3), 90);
        assert_eq!(odd.reward(4), 100);
        assert_eq!(odd.reward(5), 100);
    }

    #[test]
    fn states_follow_the_month_and_the_limit() {
        assert_eq!(RewardState::of(true, 9, 10, 0), RewardState::Pending);
        assert_eq!(RewardState::of(true, 10, 10, 1000), RewardState::Earned);
        assert_eq!(RewardState::of(true, 3, 50, 30), RewardState::Pending);
        assert_eq!(RewardState::of(false, 10, 10, 1000), RewardState::Paid);
        assert_eq!(RewardState::of(false, 9, 10, 0), RewardState::None);
        // A survey alone makes an ended month pay.
        assert_eq!(RewardState::of(false, 0, 10, 250), RewardState::Paid);
    }

    #[test]
    fn destinations_read_and_print_back() {
        for text in ["balance", "charity:wwf", "charity:st-jude"] {
            assert_eq!(text.parse::<Destination>().unwrap().to_string(), text);
        }
        for bad in ["", "Balance", "charity:", "charity", "wwf", "bank:1"] {
            assert!(bad.parse::<Destination>().is_err(), "{bad}");
        }
        let charities = default_charities();
        assert_eq!(Destination::Balance.describe(&charities), "store balance");
        assert_eq!(
            Destination::Charity("wwf".into()).describe(&charities),
            "World Wildlife Fund"
        );
        assert!(
            Destination::Charity("gone".into())
                .describe(&charities)
                .contains("no longer listed")
        );
    }

    #[test]
    fn charities_are_found_by_id_or_name_prefix() {
        let all = default_charities();
        let id = |q: &str| find_charity(&all, q).map(|c| c.id.as_str());
        assert_eq!(id("wwf"), Ok("wwf"));
        assert_eq!(id("WWF"), Ok("wwf"));
        assert_eq!(id("feed"), Ok("feeding-america"));
        assert_eq!(id("st jude"), Ok("st-jude"));
        assert_eq!(id("St. Jude Children's"), Ok("st-jude"));
        assert_eq!(id("the nature"), Ok("nature-conservancy"));
        assert_eq!(id("boys & girls"), Ok("boys-and-girls-clubs"));
        assert_eq!(id("doctors-without"), Ok("doctors-without-borders"));
        let several = find_charity(&all, "american").unwrap_err();
        assert!(several.contains("matches 2 charities"), "{several}");
        assert!(several.contains("Direct Relief"), "lists all: {several}");
        let none = find_charity(&all, "oxfam").unwrap_err();
        assert!(none.contains("no charity matches \"oxfam\""), "{none}");
        assert_eq!(none.lines().count(), 13, "{none}");
        assert!(find_charity(&all, "  ").is_err());
        assert!(
            find_charity(&[], "wwf")
                .unwrap_err()
                .contains("no charities")
        );
    }

    fn any_terms() -> impl Strategy<Value = RewardTerms> {
        prop_oneof![
            (1u32..100, 0i64..100_000).prop_map(|(quota, reward_minor)| RewardTerms::Monthly {
                quota,
                reward_minor
            }),
            (1i64..1_000, 1i64..100_000)
                .prop_filter("the cap allows one receipt", |(each, cap)| cap >= each)
                .prop_map(|(each_minor, cap_minor)| RewardTerms::PerReceipt {
                    each_minor,
                    cap_minor
                }),
        ]
    }

    proptest! {
        #[test]
        fn more_receipts_never_earn_less(terms in any_terms(), n in 0u32..10_000) {
            prop_assert!(terms.reward(n) <= terms.reward(n + 1));
            prop_assert!(terms.reward(n) >= 0);
            prop_assert!(terms.reward(n) <= terms.max_reward());
        }

        #[test]
        fn the_limit_is_where_the_most_is_earned(terms in any_terms(), beyond in 0u32..1_000) {
            let limit = terms.limit();
            prop_assert!(limit >= 1);
            prop_assert_eq!(terms.reward(limit), terms.max_reward());
            prop_assert_eq!(terms.reward(limit + beyond), terms.max_reward());
            if terms.max_reward() > 0 {
                prop_assert!(terms.reward(limit - 1) < terms.max_reward());
            }
        }
    }
}
