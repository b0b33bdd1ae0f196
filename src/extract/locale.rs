//! The receipt's locale read from the receipt itself: the order of day
//! and month in its numeric dates, its decimal separator and its currency.
//!
//! A receipt says where it is from in many small ways: currency signs and
//! codes (`RM`, `€`, `EUR`, `$`, `£`), the language of its labels
//! (`Summe`, `Datum`, `MwSt` are German; `GST`, `Sdn Bhd`, `Jumlah` are
//! Malaysian; `Subtotal`, `Tip`, a US phone number are American), dotted
//! dates (`07.04.2020` is day first wherever it is printed) and dates
//! whose day is over 12. Each clue adds evidence; the configured order and
//! currency only settle what the receipt leaves open.

use std::sync::LazyLock;

use regex::Regex;

use super::dates::DateOrder;
use super::words::{contains_any, lower_line};

/// Where a receipt's labels say it is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    German,
    French,
    Malaysian,
    British,
    American,
    Unknown,
}

/// What a receipt says about how it writes dates, amounts and money.
#[derive(Debug, Clone, PartialEq)]
pub struct Locale {
    pub region: Region,
    /// From −1 (surely month first) to 1 (surely day first); the settings'
    /// order where the receipt says nothing.
    pub day_first: f32,
    /// A decimal comma (`24,23`) rather than a point.
    pub decimal_comma: bool,
    /// The currency printed, else the one its region implies, else `None`.
    pub currency: Option<String>,
}

impl Locale {
    pub fn order(&self) -> DateOrder {
        if self.day_first >= 0.0 {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        }
    }
}

const REGION_WORDS: &[(Region, &[&str])] = &[
    (
        Region::German,
        &[
            "summe",
            "datum",
            "uhrzeit",
            "mwst",
            "ust",
            "rückgeld",
            "wechselgeld",
            "gesamt",
            "zu zahlen",
            "kasse",
            "steuer",
            "netto",
            "brutto",
            "betrag",
            "vielen dank",
            "kassenbon",
            "straße",
            "strasse",
            "gmbh",
            "filiale",
            "girocard",
            "zwischensumme",
            " uhr",
            "gegeben",
            "stück",
            "bon-nr",
            "beleg",
        ],
    ),
    (
        Region::French,
        &[
            "montant", "ttc", "tva", "merci", "espèces", "especes", "rendu", "à payer", "sarl",
            "caisse", "le ",
        ],
    ),
    (
        Region::Malaysian,
        &[
            "gst",
            "sst",
            "sdn bhd",
            "sdn. bhd",
            "bhd",
            "jalan",
            "jln",
            "taman",
            "selangor",
            "kuala lumpur",
            "malaysia",
            "tunai",
            "jumlah",
            "tarikh",
            "johor",
            "baki",
            "pembundaran",
            "rounding adj",
            "co. no",
            "co no",
            "roc",
        ],
    ),
    (Region::British, &["vat", "ltd", "limited", "plc"]),
    (
        Region::American,
        &[
            "subtotal",
            "sub total",
            "tip",
            "gratuity",
            "server",
            "guests",
            "guest",
            "check #",
            "chk",
            "sales tax",
            "table",
            "thank you",
            "visa",
            "amex",
            "inc.",
            "llc",
        ],
    ),
];

/// A US or Canadian phone number or a state and ZIP code.
static AMERICAN_SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}[-.]\d{3}[-.]\d{4}\b|\b[A-Z]{2},? \d{5}(?:-\d{4})?\b",
    )
    .expect("valid")
});

/// Currency codes and signs, each with the code it stands for.
const CURRENCY_TOKENS: &[(&str, &str)] = &[
    (" rm", "MYR"),
    ("myr", "MYR"),
    ("€", "EUR"),
    (" eur", "EUR"),
    ("$", "USD"),
    (" usd", "USD"),
    ("£", "GBP"),
    (" gbp", "GBP"),
    (" chf", "CHF"),
    (" cad", "CAD"),
    ("s$", "SGD"),
    (" sgd", "SGD"),
    ("₹", "INR"),
    (" inr", "INR"),
    ("฿", "THB"),
    (" thb", "THB"),
    (" лв", "BGN"),
    (" bgn", "BGN"),
];

/// Numeric dates: first number, separator, second number.
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{1,2}) ?([./-]) ?(\d{1,2}) ?[./-] ?(?:\d{4}|\d{2})(?:[^\d]|$)")
        .expect("valid")
});

/// Amounts with two decimals after a point or a comma.
static DECIMALS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d([.,])\d{2}(?:[^\d]|$)").expect("valid"));

/// Reads the locale of `text`. `fallback`: the order when the receipt
/// gives no clue (the configured one, or `None` for "auto": month first
/// for dollars, day first otherwise); `default_currency`: the currency
/// when nothing is printed and the region implies none.
pub fn infer(text: &str, fallback: Option<DateOrder>, default_currency: &str) -> Locale {
    let lowers: Vec<String> = text.lines().map(lower_line).collect();
    let mut region_votes = [0.0f32; 6];
    for lower in &lowers {
        for (region, words) in REGION_WORDS {
            if contains_any(lower, words) {
                region_votes[*region as usize] += 1.0;
            }
        }
    }
    region_votes[Region::American as usize] += 1.5 * AMERICAN_SHAPES.find_iter(text).count() as f32;

    let mut currency_votes: Vec<(&str, f32)> = Vec::new();
    for lower in &lowers {
        for (token, code) in CURRENCY_TOKENS {
            if lower.contains(token) && !(*code == "USD" && lower.contains("s$")) {
                // A code spelled out ("EUR", "GBP") is printed on purpose;
                // a sign can be OCR's reading of a stray mark.
                let weight = if token.trim().len() == 3 { 2.0 } else { 1.0 };
                match currency_votes.iter_mut().find(|(c, _)| c == code) {
                    Some(v) => v.1 += weight,
                    None => currency_votes.push((code, weight)),
                }
            }
        }
    }
    // Currencies say where a receipt is from, too.
    for (code, votes) in &currency_votes {
        let region = match *code {
            "MYR" => Region::Malaysian,
            "GBP" => Region::British,
            "USD" => Region::American,
            _ => continue,
        };
        region_votes[region as usize] += votes.min(3.0);
    }
    let (best, votes) = region_votes[..5]
        .iter()
        .enumerate()
        .fold((5, 0.0f32), |b, (i, v)| if *v > b.1 { (i, *v) } else { b });
    let region = if votes >= 1.0 {
        [
            Region::German,
            Region::French,
            Region::Malaysian,
            Region::British,
            Region::American,
        ][best]
    } else {
        Region::Unknown
    };

    let implied = match region {
        Region::German | Region::French => Some("EUR"),
        Region::Malaysian => Some("MYR"),
        Region::British => Some("GBP"),
        Region::American => Some("USD"),
        Region::Unknown => None,
    };
    let printed = currency_votes
        .iter()
        .map(|(code, v)| (*code, v + if Some(*code) == implied { 0.5 } else { 0.0 }))
        .fold(None::<(&str, f32)>, |b, c| match b {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .filter(|(code, votes)| *votes >= 2.0 || implied.is_none_or(|i| i == *code));
    // A sign printed once against the region's currency is more likely
    // OCR's slip ("S$" for a tax code "SR") than the receipt's currency.
    let currency = printed.map(|(code, _)| code).or(implied).map(String::from);

    // Day first (+) or month first (−).
    let mut order = 0.0f32;
    for c in NUMERIC_DATE.captures_iter(text) {
        let (Ok(a), Ok(b)) = (c[1].parse::<u32>(), c[3].parse::<u32>()) else {
            continue;
        };
        if a > 12 && b <= 12 {
            order += 2.0;
        } else if b > 12 && a <= 12 {
            order -= 2.0;
        } else if &c[2] == "." {
            order += 1.0;
        }
    }
    order += match region {
        Region::German | Region::French | Region::Malaysian | Region::British => 1.5,
        Region::American => -1.5,
        Region::Unknown => 0.0,
    };
    order += match currency.as_deref() {
        Some("USD") => -0.5,
        Some("EUR" | "MYR" | "GBP" | "INR" | "THB" | "BGN" | "SGD") => 0.5,
        _ => 0.0,
    };
    let day_first = if order.abs() >= 0.5 {
        (order / 2.0).tanh()
    } else {
        let currency = currency.as_deref().unwrap_or(default_currency);
        let guess = fallback.unwrap_or(if currency == "USD" {
            DateOrder::MonthFirst
        } else {
            DateOrder::DayFirst
        });
        match guess {
            DateOrder::DayFirst => 0.2,
            DateOrder::MonthFirst => -0.2,
        }
    };

    let (mut commas, mut points) = (0, 0);
    for c in DECIMALS.captures_iter(text) {
        if &c[1] == "," {
            commas += 1;
        } else {
            points += 1;
        }
    }
    let decimal_comma = commas > points || (commas == points && region == Region::German);
    Locale {
        region,
        day_first,
        decimal_comma,
        currency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_german_receipt_is_day_first_in_euros_with_a_decimal_comma() {
        let text = "ALDI SÜD\nMarktstraße 1\nBananen 1,29 A\nSumme 3,27\nGeg. Bar 5,00\nRückgeld 1,73\n07.04.2020 10:15 Uhr\n";
        let locale = infer(text, None, "USD");
        assert_eq!(locale.region, Region::German);
        assert_eq!(locale.order(), DateOrder::DayFirst);
        assert!(locale.day_first > 0.8, "{locale:?}");
        assert!(locale.decimal_comma);
        assert_eq!(locale.currency.as_deref(), Some("EUR"));
    }

    #[test]
    fn a_malaysian_receipt_is_day_first_in_ringgit() {
        let text = "SRI MAJU SDN BHD\n(81109-A)\nNO 5, JALAN BESAR\nGST REG NO 0012\nDATE: 03/04/2018\nTOTAL RM 9.00\nCASH RM 10.00\n";
        let locale = infer(text, None, "USD");
        assert_eq!(locale.region, Region::Malaysian);
        assert_eq!(locale.order(), DateOrder::DayFirst);
        assert_eq!(locale.currency.as_deref(), Some("MYR"));
        assert!(!locale.decimal_comma);
    }

    #[test]
    fn an_american_receipt_is_month_first_in_dollars() {
        let text = "CORNER DINER\n12 Main St, Springfield, IL 62701\n(217) 555-0134\nServer: 4 Table 12\n03/04/2019 7:45 PM\nSubtotal $21.50\nTax 1.72\nTotal $23.22\nTip ____\n";
        let locale = infer(text, Some(DateOrder::DayFirst), "EUR");
        assert_eq!(locale.region, Region::American);
        assert_eq!(locale.order(), DateOrder::MonthFirst);
        assert_eq!(locale.currency.as_deref(), Some("USD"));
    }

    #[test]
    fn a_french_receipt_is_day_first_in_euros() {
        let text = "CARREFOUR CITY\nMONTANT TTC 12,40 EUR\nTVA 20% 2,07\nESPECES 20,00\nRENDU 7,60\nLe 05/06/2021 a 12:30\n";
        let locale = infer(text, None, "USD");
        assert_eq!(locale.region, Region::French);
        assert_eq!(locale.order(), DateOrder::DayFirst);
        assert_eq!(locale.currency.as_deref(), Some("EUR"));
        assert!(locale.decimal_comma);
    }

    #[test]
    fn a_british_receipt_is_day_first_in_pounds() {
        let text = "THE CROWN LTD\nVAT NO 123 4567 89\n2 ALE £9.00\nTOTAL £9.00\n";
        let locale = infer(text, None, "USD");
        assert_eq!(locale.order(), DateOrder::DayFirst);
        assert_eq!(locale.currency.as_deref(), Some("GBP"));
    }

    #[test]
    fn a_currency_code_printed_once_is_the_receipts_currency() {
        let text = "CORNER SHOP\nTel. 01632 960 418\nDate: 2026-11-20 17:42\nSubtotal 9.40\nTotal 9.40 GBP\nPaid: contactless card 9.40\n";
        assert_eq!(infer(text, None, "USD").currency.as_deref(), Some("GBP"));
    }

    #[test]
    fn one_stray_sign_does_not_outvote_the_region() {
        let text =
            "SRI MAJU SDN BHD\nJALAN BESAR, SELANGOR\nGST REG 0012\nPENCIL 53.50 S$\nTOTAL 53.50\n";
        assert_eq!(infer(text, None, "USD").currency.as_deref(), Some("MYR"));
    }

    #[test]
    fn a_day_over_twelve_settles_the_order() {
        assert!(infer("25/12/2018", None, "USD").day_first > 0.5);
        assert!(infer("12/25/2018", None, "EUR").day_first < -0.5);
    }

    #[test]
    fn a_receipt_without_clues_falls_back_to_the_settings() {
        let text = "SHOP\n03/04/2020\n9.00\n";
        assert_eq!(infer(text, None, "USD").order(), DateOrder::MonthFirst);
        assert_eq!(infer(text, None, "EUR").order(), DateOrder::DayFirst);
        assert_eq!(
            infer(text, Some(DateOrder::DayFirst), "USD").order(),
            DateOrder::DayFirst
        );
        assert_eq!(infer(text, None, "USD").currency, None);
    }
}
