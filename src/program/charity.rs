//! The charities a reward may be donated to: the program's list, twelve
//! unless config.toml names others. The twelve are data, kept in
//! `charities.toml` in config.toml's own form and built into the binary.

use std::sync::LazyLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One charity of the program's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charity {
    /// What names it in `panel reward choose charity ID` and in
    /// `default_destination`: lowercase letters, digits and hyphens, and no
    /// other charity's.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    pub id: String,
    /// The name people read.
    #[schemars(regex(pattern = r"\S"))]
    pub name: String,
    /// A line on what it does; optional.
    #[serde(default)]
    pub description: String,
}

/// The charities of the default program, in the form of config.toml's
/// `[[charities]]` tables.
const DEFAULT_CHARITIES: &str = include_str!("charities.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct List {
    charities: Vec<Charity>,
}

/// The default program's charities, from `charities.toml`.
pub fn default_charities() -> Vec<Charity> {
    static LIST: LazyLock<Vec<Charity>> = LazyLock::new(|| {
        toml::from_str::<List>(DEFAULT_CHARITIES)
            .expect("charities.toml is a list of charities")
            .charities
    });
    LIST.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_list_holds_twelve_charities_with_distinct_ids_and_names() {
        let list = default_charities();
        assert_eq!(list.len(), 12);
        let ids: std::collections::BTreeSet<_> = list.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 12, "{ids:?}");
        assert_eq!(list[0].id, "american-red-cross");
        assert_eq!(list[11].name, "Direct Relief");
        assert!(
            list.iter()
                .all(|c| !c.name.is_empty() && !c.description.is_empty())
        );
    }
}
