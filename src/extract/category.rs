//! The kind of shop: from well-known chains first, then from words that
//! shops of a kind print (a pharmacy's "Apotheke", a restaurant's "table",
//! a petrol station's "litre").

use super::Scored;
use super::text_rules::normalise_merchant;

/// A well-known chain: how its name is printed (lower case, one or more
/// forms), how to show it, and its kind.
pub struct Brand {
    pub forms: &'static [&'static str],
    pub name: &'static str,
    pub category: &'static str,
}

macro_rules! brands {
    ($($category:literal: [$($name:literal = [$($form:literal),+]),+ $(,)?]),+ $(,)?) => {
        &[$($(Brand { forms: &[$($form),+], name: $name, category: $category }),+),+]
    };
}

pub static BRANDS: &[Brand] = brands! {
    "grocery": [
        "ALDI" = ["aldi", "aldi sud", "aldi nord", "aldi süd"],
        "Lidl" = ["lidl"],
        "REWE" = ["rewe"],
        "EDEKA" = ["edeka"],
        "Kaufland" = ["kaufland"],
        "Marktkauf" = ["marktkauf"],
        "real" = ["real,-", "real -", "real sb", "real gmbh", "real markt", "www.real.de", "real.de"],
        "Netto" = ["netto marken-discount", "netto marken discount"],
        "Penny" = ["penny"],
        "Norma" = ["norma"],
        "Globus" = ["globus"],
        "tegut" = ["tegut"],
        "Carrefour" = ["carrefour"],
        "Leclerc" = ["leclerc"],
        "Intermarché" = ["intermarche", "intermarché"],
        "Monoprix" = ["monoprix"],
        "Auchan" = ["auchan"],
        "Tesco" = ["tesco"],
        "Sainsbury's" = ["sainsbury"],
        "Walmart" = ["walmart", "wal mart"],
        "Kroger" = ["kroger"],
        "Safeway" = ["safeway"],
        "Trader Joe's" = ["trader joe"],
        "Costco" = ["costco"],
        "99 Speedmart" = ["99 speed mart", "99 speedmart"],
        "Giant" = ["giant hypermarket", "giant supermarket"],
        "Mydin" = ["mydin"],
        "Lotus's" = ["lotus's", "tesco lotus"],
        "Jaya Grocer" = ["jaya grocer"],
        "Spar" = ["spar"],
        "Albert Heijn" = ["albert heijn"],
    ],
    "drugstore": [
        "dm-drogerie markt" = ["dm drogerie", "dm-drogerie", "drogerie markt", "dm.de"],
        "Rossmann" = ["rossmann"],
        "Müller" = ["müller drogerie", "mueller.de"],
        "Budni" = ["budni"],
        "Watsons" = ["watsons"],
        "Guardian" = ["guardian health"],
    ],
    "pharmacy": [
        "CVS Pharmacy" = ["cvs pharmacy", "cvs/pharmacy"],
        "Walgreens" = ["walgreens"],
        "Boots" = ["boots pharmacy", "boots uk"],
    ],
    "electronics": [
        "MediaMarkt" = ["mediamarkt", "media markt", "media-markt"],
        "Saturn" = ["saturn"],
        "Conrad" = ["conrad electronic"],
        "Best Buy" = ["best buy"],
        "Currys" = ["currys"],
        "Apple Store" = ["apple store"],
        "Harvey Norman" = ["harvey norman"],
        "Senheng" = ["senheng"],
    ],
    "hardware": [
        "toom Baumarkt" = ["toom"],
        "OBI" = ["obi markt", "obi baumarkt", "obi.de"],
        "Hornbach" = ["hornbach"],
        "BAUHAUS" = ["bauhaus"],
        "hagebaumarkt" = ["hagebau"],
        "The Home Depot" = ["home depot"],
        "Lowe's" = ["lowe's", "lowes home"],
        "B&Q" = ["b&q"],
        "MR DIY" = ["mr diy", "mr. diy"],
        "Ace Hardware" = ["ace hardware"],
        "Leroy Merlin" = ["leroy merlin"],
    ],
    "fuel": [
        "Shell" = ["shell"],
        "Aral" = ["aral"],
        "Esso" = ["esso"],
        "TotalEnergies" = ["totalenergies"],
        "JET" = ["jet tankstelle"],
        "Petronas" = ["petronas"],
        "Caltex" = ["caltex"],
        "Petron" = ["petron"],
        "Chevron" = ["chevron"],
        "OMV" = ["omv"],
        "AVIA" = ["avia"],
        "Agip" = ["agip", "eni station"],
    ],
    "department store": [
        "GALERIA" = ["galeria", "kaufhof", "karstadt"],
        "Parkson" = ["parkson"],
        "AEON" = ["aeon co", "aeon big", "aeon retail"],
        "Macy's" = ["macy's", "macys"],
        "Marks & Spencer" = ["marks & spencer", "marks and spencer"],
        "John Lewis" = ["john lewis"],
        "Isetan" = ["isetan"],
        "Sogo" = ["sogo"],
        "Galeries Lafayette" = ["galeries lafayette"],
    ],
    "cinema": [
        "GSC" = ["golden screen"],
        "TGV Cinemas" = ["tgv cinemas"],
        "CinemaxX" = ["cinemaxx"],
        "UCI" = ["uci kinowelt"],
        "AMC" = ["amc theatres"],
        "Cineworld" = ["cineworld"],
        "Odeon" = ["odeon"],
    ],
    "restaurant": [
        "McDonald's" = ["mcdonald"],
        "KFC" = ["kfc"],
        "Burger King" = ["burger king"],
        "Starbucks" = ["starbucks"],
        "Subway" = ["subway"],
        "Pizza Hut" = ["pizza hut"],
        "Domino's" = ["domino's pizza", "dominos"],
        "Nando's" = ["nando's", "nandos"],
        "Tim Hortons" = ["tim hortons"],
    ],
};

/// Words that shops of one kind print, strongest first.
const KIND_WORDS: &[(&str, &[&str])] = &[
    (
        "pharmacy",
        &[
            "apotheke",
            "pharmacy",
            "pharmacie",
            "farmasi",
            "pharmacist",
            "rezept",
            "chemist",
        ],
    ),
    (
        "fuel",
        &[
            "tankstelle",
            "petrol",
            "diesel",
            "unleaded",
            "ron95",
            "ron 95",
            "ron97",
            "super e10",
            "super e5",
            "zapfsäule",
            "zapfsaule",
            "litre",
            "liter",
            "fuel",
            "gasoline",
            "station service",
            "carburant",
            "gazole",
        ],
    ),
    (
        "cinema",
        &[
            "cinema", "cinemas", "kino", "cinéma", "movie", "screen ", "popcorn", "ticket",
            "theatre",
        ],
    ),
    (
        "restaurant",
        &[
            "restaurant",
            "restoran",
            "ristorante",
            "cafe",
            "café",
            "coffee",
            "kopitiam",
            "bistro",
            "bakery",
            "bäckerei",
            "kitchen",
            "food",
            "dine in",
            "take away",
            "takeaway",
            "table",
            "pax",
            "server",
            "service charge",
            "waiter",
            "kellner",
            "tisch",
            "nasi",
            "mee ",
            "teh ",
            "kopi",
            "chicken",
            "burger",
            "pizza",
            "noodle",
            "rice",
        ],
    ),
    ("drugstore", &["drogerie", "drugstore", "drug store"]),
    (
        "electronics",
        &[
            "electronic",
            "elektronik",
            "computer",
            "mobile",
            "handphone",
            "phone",
            "laptop",
            "gadget",
            "printer",
            "cable",
            "kabel",
        ],
    ),
    (
        "hardware",
        &[
            "hardware",
            "baumarkt",
            "heimwerker",
            "bricolage",
            "tools",
            "perkakasan",
            "besi",
            "paint",
            "cat ",
            "screw",
            "schraube",
            "building material",
            "trading",
        ],
    ),
    (
        "department store",
        &["department store", "kaufhaus", "warenhaus", "grand magasin"],
    ),
    (
        "grocery",
        &[
            "supermarket",
            "supermarkt",
            "hypermarket",
            "minimarket",
            "mini market",
            "grocer",
            "grocery",
            "lebensmittel",
            "épicerie",
            "mart",
            "pasar",
            "runcit",
            "milk",
            "milch",
            "bread",
            "brot",
            "eggs",
            "butter",
            "vegetable",
            "gemüse",
            "obst",
            "banane",
            "kartoffel",
            "käse",
            "joghurt",
        ],
    ),
    (
        "other",
        &[
            "book",
            "buch",
            "bücher",
            "librairie",
            "stationery",
            "kedai buku",
        ],
    ),
];

/// The first brand whose name a line of `text` carries, if any: the brand,
/// the first row naming it and how many rows do.
pub fn brand_in(text: &str) -> Option<(&'static Brand, usize, usize)> {
    let lower = text.to_lowercase();
    // Each line's forms to compare, made once rather than once per brand.
    let lines: Vec<(&str, String, Vec<String>)> = lower
        .lines()
        .map(|line| {
            let normal = format!(" {} ", normalise_merchant(line));
            (line, normal, misread_words(line))
        })
        .collect();
    let names = |brand: &Brand, (line, normal, misread): &(&str, String, Vec<String>)| {
        brand.forms.iter().any(|form| {
            if form.chars().all(|c| c.is_alphanumeric() || c == ' ') {
                normal.contains(&format!(" {form} ")) || misread_as(form, misread)
            } else {
                line.contains(form)
            }
        })
    };
    for (row, line) in lines.iter().enumerate() {
        for brand in BRANDS {
            if names(brand, line) {
                let count = lines.iter().filter(|l| names(brand, l)).count();
                return Some((brand, row, count));
            }
        }
    }
    None
}

/// How long a chain's one-word name must be to be recognised with one
/// letter misread: shorter names are a letter away from common words
/// (`petron`, `petrol`).
const MISREAD_FROM: usize = 7;

/// A line's words with the characters OCR reads for letters in a printed
/// name put back (`R@SSMANN`, `KAUF1AND`).
fn misread_words(line: &str) -> Vec<String> {
    line.split(|c: char| c.is_whitespace() || ",;:/()".contains(c))
        .map(|word| {
            word.chars()
                .filter_map(|c| match c {
                    '@' | '0' => Some('o'),
                    '1' | '|' => Some('l'),
                    c if c.is_alphabetic() => Some(c),
                    _ => None,
                })
                .collect::<String>()
        })
        .filter(|w| w.chars().count() >= MISREAD_FROM - 1)
        .collect()
}

/// Whether a long one-word `form` is one of `words` with one letter
/// misread, lost or added.
fn misread_as(form: &str, words: &[String]) -> bool {
    form.chars().count() >= MISREAD_FROM
        && !form.contains(' ')
        && words.iter().any(|w| strsim::levenshtein(form, w) <= 1)
}

/// The category of a receipt from its merchant and its text, with a
/// confidence from 0 to 100.
pub fn categorise(merchant: Option<&str>, text: &str) -> Scored<&'static str> {
    if let Some(m) = merchant {
        if let Some((brand, _, _)) = brand_in(m) {
            return Scored::new(brand.category, 90);
        }
        let normal = format!(" {} ", m.to_lowercase());
        for (kind, words) in KIND_WORDS {
            if words.iter().take(6).any(|w| normal.contains(w)) {
                return Scored::new(kind, 80);
            }
        }
    }
    if let Some((brand, _, _)) = brand_in(text) {
        return Scored::new(brand.category, 70);
    }
    let lower = format!(
        " {} ",
        text.to_lowercase()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut best: Option<(&str, usize)> = None;
    for (kind, words) in KIND_WORDS {
        let hits = words.iter().filter(|w| lower.contains(*w)).count();
        if hits > 0 && best.is_none_or(|(_, n)| hits > n) {
            best = Some((kind, hits));
        }
    }
    match best {
        Some((kind, hits)) => Scored::new(kind, (40 + 10 * hits.min(4)) as u8),
        None => Scored::new("other", 30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_a_long_chain_name_with_a_letter_misread() {
        let name = |text: &str| brand_in(text).map(|(brand, _, _)| brand.name);
        assert_eq!(name("header\nR@SSMANN\n"), Some("Rossmann"));
        assert_eq!(name("KAUF1AND Filiale 1234"), Some("Kaufland"));
        assert_eq!(name("Marktkauff"), Some("Marktkauf"));
        assert_eq!(name("PETROL 12.50"), None);
        assert_eq!(name("ROSSMAN BROS"), Some("Rossmann"));
        assert_eq!(name("ROSEMARY"), None);
    }

    #[test]
    fn knows_chains() {
        assert_eq!(categorise(Some("ALDI SÜD"), "").value, "grocery");
        assert_eq!(categorise(Some("dm-drogerie markt"), "").value, "drugstore");
        assert_eq!(categorise(Some("Media Markt"), "").value, "electronics");
        assert_eq!(categorise(Some("toom Baumarkt GmbH"), "").value, "hardware");
        assert_eq!(categorise(Some("Shell Station"), "").value, "fuel");
    }

    #[test]
    fn reads_kind_words() {
        assert_eq!(categorise(Some("Linden-Apotheke"), "").value, "pharmacy");
        assert_eq!(
            categorise(Some("Kedai Makan"), "Table 5\nPax 2\nNasi Lemak 5.00").value,
            "restaurant"
        );
        assert_eq!(
            categorise(Some("X"), "Pump 3\nDiesel 40.12 litre").value,
            "fuel"
        );
        assert_eq!(
            categorise(Some("Nowhere Ltd"), "Widget 3.00").value,
            "other"
        );
    }

    #[test]
    fn every_category_is_known() {
        for brand in BRANDS {
            assert!(
                super::super::CATEGORIES.contains(&brand.category),
                "{}",
                brand.name
            );
        }
        for (kind, _) in KIND_WORDS {
            assert!(super::super::CATEGORIES.contains(kind), "{kind}");
        }
    }
}
