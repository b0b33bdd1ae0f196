//! The shop's name: each line near the top of the receipt is a candidate
//! (with what belongs to it on the lines around, see [`name_at`]), and so
//! is a well-known chain's name printed anywhere. Each is described by its
//! place, its size, its letters and capitals, the legal forms and shop
//! words it holds and the address, contact and document words it should
//! not, and whether a chain's name stands on a German receipt (where the
//! shop is nearly always a chain); the learned model weighs them.

use std::sync::LazyLock;

use regex::Regex;

use super::Scored;
use super::category::brand_in;
use super::dates::{DateOrder, find_dates};
use super::locale::Region;
use super::merchant_name::*;
use super::model;
use super::page::Page;
use super::words::{KIND_OF_SHOP, NOT_MERCHANT, TOTAL_WEAK, contains_any, contains_any_whole};

/// How many lines from the top may hold the name.
const HEADER: usize = 10;

/// The features of a merchant candidate, in the order of the model's
/// weights.
pub const FEATURES: &[&str] = &[
    "position",
    "first_line",
    "letters",
    "legal_form",
    "company_form",
    "kind_of_shop",
    "not_a_name_words",
    "digits",
    "amount_or_total",
    "fragment",
    "capitals",
    "no_capitals",
    "confidence",
    "height",
    "tallest",
    "brand_like",
    "known_brand",
    "brand_repeated",
    "date_on_line",
    "length",
    "many_words",
    "repeated",
    "brand_below_header",
    "above_address",
    "in_web_address",
    "address",
    "known_brand_german",
];

#[derive(Debug, Clone)]
pub struct Candidate {
    pub name: String,
    pub row: usize,
    pub features: Vec<f32>,
}

fn index(name: &str) -> usize {
    FEATURES.iter().position(|f| *f == name).expect("a feature")
}

/// A street with its number or a postal code with its town: the line a
/// shop's name is printed just above. European and Malaysian addresses put
/// the number after the street and the postal code before the town;
/// North American ones put the number first (`1500 Mission Dr.`) and the
/// state's two letters after the town (`Brooklyn, NY 11201`).
static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    const STATE: &str = "(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]\
                         |O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|ON|QC|BC|AB|MB|SK|NS|NB)";
    Regex::new(&format!(
        r"(?x)
        (?i:str\.|stra(?:ss|ß)e|weg|platz|allee|jalan|jln\.?|road|rd\.?|street|avenue|taman)\s*\d
        | (?:^|\D)\d{{5}}\s+\p{{Lu}}\p{{Ll}}+
        | ^\W*\d{{1,6}}\s+(?:\p{{L}}[\p{{L}}.']*\s+){{1,4}}
          (?i:st|street|ave|avenue|blvd|boulevard|dr|drive|rd|road|way|ln|lane|hwy|highway
             |pkwy|parkway|pl|place|ct|court|sq|square|pier|plaza|cir|circle|ter|terrace)\b
        | \p{{L}}{{3,}},?\s+{STATE}\.?\s+\d{{5}}\b
        | \p{{L}}{{3,}},\s*{STATE}\b",
    ))
    .expect("valid")
});

/// The name part of a web or mail address (`www.marktkauf-lehr.de`,
/// `info@shop.com`): shops print their own name in it.
static WEB: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:www\.|@)([a-z0-9-]{3,})\.").expect("valid"));

fn address_line(text: &str) -> bool {
    ADDRESS.is_match(text)
}

pub fn candidates(page: &Page) -> Vec<Candidate> {
    let lines = &page.lines;
    let top = lines.len().min(HEADER);
    let tallest = lines[..top].iter().map(|l| l.height).fold(0.0f32, f32::max);
    let text = page.text();
    let brand = brand_in(&text);
    // Nearly every German receipt is a chain's, and a chain's name found
    // on one is its shop far more surely than on a restaurant's check.
    let german = page.locale.region == Region::German;
    let normals: Vec<String> = lines
        .iter()
        .map(|l| super::normalise_merchant(&l.text))
        .collect();
    let on = |b: bool| if b { 1.0 } else { 0.0 };
    let domains: Vec<String> = WEB
        .captures_iter(&text.to_lowercase())
        .map(|c| c[1].to_string())
        .collect();
    let addresses: Vec<bool> = lines[..top].iter().map(|l| address_line(&l.text)).collect();
    let first_address = addresses.iter().position(|&a| a);
    let mut out = Vec::new();
    for (i, line) in lines[..top].iter().enumerate() {
        let t = without_registration(&line.text);
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        let lower = format!(" {} ", t.to_lowercase());
        let words = t.split_whitespace().count().max(1);
        let upper = t.chars().filter(|c| c.is_uppercase()).count() as f32 / letters as f32;
        let branded = brand.is_some_and(|(_, row, _)| row == i);
        let mut f = [0.0f32; FEATURES.len()];
        f[index("position")] = i as f32 / HEADER as f32;
        f[index("first_line")] = on(i == 0);
        f[index("letters")] = letters_ratio(&t);
        f[index("legal_form")] = on(LEGAL.is_match(&t));
        f[index("company_form")] = on(COMPANY.is_match(&t));
        f[index("kind_of_shop")] = on(contains_any_whole(&lower, KIND_OF_SHOP));
        f[index("not_a_name_words")] = on(contains_any(&lower, NOT_MERCHANT));
        f[index("digits")] = on(t.chars().filter(|c| c.is_ascii_digit()).count() > 3);
        f[index("amount_or_total")] =
            on(!page.amounts[i].is_empty() || contains_any(&lower, TOTAL_WEAK));
        f[index("fragment")] = on(letters < 4 || (letters as f32 / words as f32) < 2.5);
        f[index("capitals")] = upper;
        f[index("no_capitals")] = on(upper == 0.0);
        f[index("confidence")] = line.conf;
        f[index("height")] = line.height.clamp(0.25, 4.0).log2();
        f[index("tallest")] = on(tallest > 1.0 && line.height >= 0.95 * tallest);
        f[index("brand_like")] = on(brand_like(line));
        f[index("known_brand")] = on(branded);
        f[index("brand_repeated")] = on(branded && brand.is_some_and(|(_, _, n)| n >= 3));
        f[index("date_on_line")] =
            on(!find_dates(&line.text, DateOrder::DayFirst, page.latest()).is_empty());
        f[index("length")] = ((letters as f32).ln() / 30f32.ln()).min(1.5);
        f[index("many_words")] = on(words > 6);
        let repeats = normals.iter().filter(|n| **n == normals[i]).count();
        f[index("repeated")] = on(repeats > 1);
        f[index("in_web_address")] = on(t.split(|c: char| !c.is_alphanumeric()).any(|w| {
            w.chars().count() >= 4 && domains.iter().any(|d| d.contains(&w.to_lowercase()))
        }));
        f[index("above_address")] = on(first_address.is_some_and(|r| r > i && r <= i + 3));
        f[index("address")] = on(addresses[i]);
        f[index("known_brand_german")] = on(branded && german);
        let name = if branded {
            clean_name(&line.text)
        } else {
            name_at(lines, i)
        };
        if name.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            out.push(Candidate {
                name,
                row: i,
                features: f.to_vec(),
            });
        }
    }
    // A chain's name printed below the header (a logo OCR could not read
    // above it, a footer) stands for the header.
    if let Some((brand, row, count)) = brand
        && row >= top
    {
        let mut f = [0.0f32; FEATURES.len()];
        f[index("brand_below_header")] = 1.0;
        f[index("known_brand")] = 1.0;
        f[index("brand_repeated")] = on(count >= 3);
        f[index("known_brand_german")] = on(german);
        f[index("letters")] = 1.0;
        f[index("confidence")] = lines[row].conf;
        f[index("length")] = ((brand.name.len() as f32).ln() / 30f32.ln()).min(1.5);
        out.push(Candidate {
            name: brand.name.to_string(),
            row,
            features: f.to_vec(),
        });
    }
    out
}

/// The most probable name and its confidence (0 to 100).
pub fn best(page: &Page) -> Option<Scored<String>> {
    if let Some(name) = sender_merchant(page.cx) {
        return Some(name);
    }
    model::pick(
        &model::weights().merchant,
        candidates(page),
        |c| &c.features,
        |a, b| b.row.cmp(&a.row),
    )
    .map(|(c, p)| Scored::new(c.name, super::pct(p)))
}

#[cfg(test)]
mod tests {
    use super::address_line;

    #[test]
    fn addresses_are_told_from_names_in_either_order() {
        for line in [
            "No. 3, Jalan 3/4, Taman Sri",
            "Hauptstraße 5",
            "76135 Karlsruhe",
            "1500 Mission Dr. #102",
            "600 E Grand Ave",
            "Brooklyn, NY 11201",
            "CHICAGO, IL",
            "Toronto, ON M5V 2T6",
        ] {
            assert!(address_line(line), "{line}");
        }
        for line in [
            "HP Pho Ga",
            "The Place 2 Be",
            "RED & HOT II",
            "GOGIANT ENGINEERING (M) SDN BHD",
            "Panda Express #2614",
            "TOTAL 12.50",
        ] {
            assert!(!address_line(line), "{line}");
        }
    }
}
