//! The label words receipts print, in the languages panelists' receipts
//! come in (English, Malay, German, French), and how a line is searched
//! for them. Extraction weighs what these words say; it never decides on a
//! single word alone.

/// Whether any of `words` starts a word of `lower` ("roc" is in "roc no",
/// not in "grocer"). `lower` is a lower-case line with a space at each end.
pub fn contains_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(lower, w))
}

pub fn has_word(lower: &str, word: &str) -> bool {
    found(lower, word, false)
}

/// Whether any of `words` is a whole word of `lower`, or its plural
/// ("bar" and "bars", not "baru"; "pub", not "public"). `lower` as for
/// [`contains_any`].
pub fn contains_any_whole(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| found(lower, w, true))
}

/// Whether `word` is in `lower` where a word starts (when it starts with a
/// letter or digit), and with `whole`, where one ends too, after an
/// optional plural `s`.
fn found(lower: &str, word: &str, whole: bool) -> bool {
    let not_in_word = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let needs_start = word.chars().next().is_some_and(char::is_alphanumeric);
    lower.match_indices(word).any(|(at, _)| {
        let starts = !needs_start || not_in_word(lower[..at].chars().next_back());
        let rest = &lower[at + word.len()..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        starts && (!whole || not_in_word(rest.chars().next()))
    })
}

/// A line in lower case, quotes OCR puts between words made spaces, with
/// a space at each end so that words can be matched at their start.
pub fn lower_line(text: &str) -> String {
    let lower = text
        .to_lowercase()
        .replace(['’', '‘', '`', '\'', '"', '“', '”', '„'], " ");
    format!(" {lower} ")
}

/// Labels of the amount due, strongest first.
pub const TOTAL_STRONG: &[&str] = &[
    "grand total",
    "total amount",
    "amount due",
    "amt due",
    "total due",
    "total payable",
    "nett total",
    "net total",
    "rounded total",
    "total rounded",
    "total incl",
    "total inclusive",
    "total (rm)",
    "total rm",
    "total sales",
    "total:",
    "zu zahlen",
    "zahlbetrag",
    "gesamtbetrag",
    "summe",
    "gesamt",
    "total ttc",
    "montant ttc",
    "net à payer",
    "net a payer",
    "à payer",
    "jumlah",
    "balance due",
    "amount payable",
    "total to pay",
    "net amt",
    "nett amt",
    "net amount",
    "amt paid incl",
    "balance",
    "payable",
    "total amt",
    "to pay",
];

pub const TOTAL_WEAK: &[&str] = &["total", "betrag", "montant", "amount", "totaal", "tot"];

/// Lines with a total word that give something else.
pub const NOT_TOTAL: &[&str] = &[
    "subtotal",
    "sub total",
    "sub-total",
    "zwischensumme",
    "sous-total",
    "sous total",
    "total qty",
    "total quantity",
    "total item",
    "total no",
    "qty",
    "total gst",
    "total tax",
    "gst summary",
    "tax summary",
    "gst amount",
    "tax amount",
    "discount",
    "saving",
    "rabatt",
    "points",
    "punkte",
    "total number",
    "pcs",
    "items",
    "tip",
    "gratuity",
    " sv ",
    " gv ",
    " ev ",
    " pv ",
    " bv ",
];

/// Words that make a total line one before tax, unless "incl" is there too.
pub const EXCLUDING: &[&str] = &["excl", "exclusive", "excluding", "before", "w/o", "ohne"];

pub const SUBTOTAL: &[&str] = &[
    "subtotal",
    "sub total",
    "sub-total",
    "zwischensumme",
    "sous-total",
    "sous total",
    "netto",
    "net sales",
];

/// Taxes and charges added to a subtotal.
pub const TAX: &[&str] = &[
    "gst",
    "tax",
    "sst",
    "vat",
    "service charge",
    "svc",
    "mwst",
    "ust",
    "tva",
    "steuer",
];

/// Lines giving what was handed over.
pub const PAID: &[&str] = &[
    "cash", "bar ", "bar:", "gegeben", "tendered", "paid", "payment", "visa", "master", "card",
    "karte", "ec-cash", "ec cash", "girocard", "espèces", "especes", "cb ", "credit", "debit",
    "kredit", "amex", "tunai",
];

/// Lines giving what was handed back.
pub const CHANGE: &[&str] = &[
    "change",
    "rückgeld",
    "ruckgeld",
    "wechselgeld",
    "zurück",
    "zuruck",
    "rendu",
    "baki",
    "kembali",
];

pub const ROUNDING: &[&str] = &["rounding", "round adj", "rundung", "pembundaran"];

/// Labels of the date of purchase.
pub const DATE_LABEL: &[&str] = &[
    "date", "datum", "tarikh", "dated", "issued", "le ", "fecha", "data", "dt",
];

/// Dates that are not the purchase's.
pub const NOT_PURCHASE_DATE: &[&str] = &[
    "expiry",
    "exp",
    "valid",
    "gültig",
    "due",
    "best before",
    "mhd",
    "until",
    "bis",
];

/// Words a shop's name often holds.
pub const KIND_OF_SHOP: &[&str] = &[
    "cafe",
    "café",
    "bakery",
    "mart",
    "store",
    "supermarket",
    "market",
    "markt",
    "hardware",
    "station",
    "kitchen",
    "shop",
    "boutique",
    "bistro",
    "hotel",
    "centre",
    "center",
    "electrical",
    "machinery",
    "stationery",
    "bookstore",
    "food",
    "drogerie",
    "baumarkt",
    "bäckerei",
    "pizza",
    "grill",
    "bar",
    "restaurant",
    "diner",
    "pub",
    "tavern",
    "steakhouse",
    "sushi",
    "burger",
];

/// Words of header lines that are no name: documents, contacts,
/// addresses, labels.
pub const NOT_MERCHANT: &[&str] = &[
    "tax invoice",
    "invoice",
    "receipt",
    "welcome",
    "thank",
    "cashier",
    "date",
    "time",
    "tel",
    "fax",
    "phone",
    "gst",
    "reg no",
    "reg. no",
    "co no",
    "co. no",
    "company no",
    "roc",
    "www",
    "http",
    "@",
    "jalan",
    "jln",
    "lorong",
    "taman",
    "street",
    "str.",
    "straße",
    "strasse",
    "road",
    "avenue",
    "blvd",
    "no.",
    "lot ",
    "kassenbon",
    "rechnung",
    "beleg",
    " bon ",
    "quittung",
    "ust",
    "steuer",
    "table",
    "order",
    "member",
    "customer",
    "simplified",
    "cash sale",
    "original",
    "copy",
    "kasse",
    "filiale",
    "telefon",
    "öffnungszeiten",
    "mwst",
    "page",
    "doc no",
    "bill",
    "terminal",
    "userid",
    "counter",
    "selangor",
    "kuala lumpur",
    "johor",
    "malaysia",
    "darul",
    "postcode",
    "brutto",
    "netto",
    "euro",
    "eur",
    "kg",
    "uhr",
    "summe",
    "zahlen",
    "points",
    "voucher",
    "redeem",
    "expiry",
    "server",
    "guest",
    "check",
    "suite",
    " ave",
    " st ",
    "blvd",
];

/// A word OCR made of "total": one letter off (`tota]`, `iotal`)
/// or one lost (`tota`, `otal`).
pub fn misread_total(lower: &str) -> bool {
    lower.split_whitespace().any(|word| {
        let word: Vec<char> = word.chars().collect();
        let total: Vec<char> = "total".chars().collect();
        match word.len() {
            5 => word.iter().zip(&total).filter(|(a, b)| a != b).count() == 1,
            4 => (0..5).any(|skip| {
                total
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, c)| c)
                    .eq(word.iter())
            }),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_at_their_start() {
        assert!(contains_any(" roc no 123 ", &["roc"]));
        assert!(!contains_any(" grocer ", &["roc"]));
        assert!(contains_any(" summe 3,27 ", TOTAL_STRONG));
    }

    #[test]
    fn reads_total_with_a_letter_off_or_lost() {
        for word in ["iotal", "tota]", "tota", "otal", "toal"] {
            assert!(misread_total(&format!(" {word} amt ")), "{word}");
        }
        for word in ["total", "tot", "totally", "metal", "data"] {
            assert!(!misread_total(&format!(" {word} ")), "{word}");
        }
    }
}
