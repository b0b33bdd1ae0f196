//! The charities a reward may be donated to: the program's list, twelve
//! unless config.toml names others.

use serde::{Deserialize, Serialize};

/// One charity of the program's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// The twelve charities of the default program: (id, name, description).
const DEFAULT_CHARITIES: [(&str, &str, &str); 12] = [
    (
        "american-red-cross",
        "American Red Cross",
        "Disaster relief, blood donations and emergency help for families across the United States.",
    ),
    (
        "feeding-america",
        "Feeding America",
        "A nationwide network of food banks and pantries fighting hunger.",
    ),
    (
        "st-jude",
        "St. Jude Children's Research Hospital",
        "Treats and researches childhood cancer and other life-threatening diseases.",
    ),
    (
        "wwf",
        "World Wildlife Fund",
        "Conserves wild places and protects endangered species.",
    ),
    (
        "doctors-without-borders",
        "Doctors Without Borders USA",
        "Emergency medical care for people caught in conflict, epidemics and disasters.",
    ),
    (
        "habitat-for-humanity",
        "Habitat for Humanity",
        "Builds and repairs affordable homes together with families in need.",
    ),
    (
        "unicef-usa",
        "UNICEF USA",
        "Supports UNICEF's work for children's health, nutrition, education and safety worldwide.",
    ),
    (
        "save-the-children",
        "Save the Children",
        "Helps children stay healthy, learn and be safe, in the US and around the world.",
    ),
    (
        "american-cancer-society",
        "American Cancer Society",
        "Funds cancer research and supports patients and their caregivers.",
    ),
    (
        "boys-and-girls-clubs",
        "Boys & Girls Clubs of America",
        "Safe places, mentors and after-school programs for young people.",
    ),
    (
        "nature-conservancy",
        "The Nature Conservancy",
        "Protects the lands and waters on which all life depends.",
    ),
    (
        "direct-relief",
        "Direct Relief",
        "Delivers medicines and medical supplies to health workers after disasters and in poverty.",
    ),
];

pub fn default_charities() -> Vec<Charity> {
    DEFAULT_CHARITIES
        .iter()
        .map(|(id, name, description)| Charity {
            id: (*id).into(),
            name: (*name).into(),
            description: (*description).into(),
        })
        .collect()
}
