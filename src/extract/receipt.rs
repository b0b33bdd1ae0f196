//! Reading the fields of a receipt from its lines of text, whether typed
//! (e-receipts) or read by OCR (each line with the mean confidence of its
//! words). Every field comes with a confidence from 0 to 100.

use std::collections::HashMap;

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::amounts::{Amount, find_amounts};
use super::category::{brand_in, categorise};
use super::dates::{DateOrder, find_dates};
use super::sums;
use crate::money::Money;

/// A line of the receipt and how sure its reader was of it (0.0 to 1.0).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub conf: f32,
}

/// What the receipt's own text gives beside its lines.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub default_currency: String,
    pub order: DateOrder,
    /// No purchase is later than this.
    pub latest: Option<NaiveDate>,
    /// A merchant named outside the text (an e-mail's sender).
    pub sender_name: Option<String>,
    pub sender_domain: Option<String>,
    pub sent: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub description: String,
    pub quantity: u32,
    pub amount_minor: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    pub merchant: Option<(String, u8)>,
    pub purchase_date: Option<(NaiveDate, u8)>,
    pub total: Option<(Money, u8)>,
    pub items: Vec<Item>,
    pub category: (String, u8),
}

pub fn read(lines: &[Line], cx: &Context) -> Read {
    let lines: Vec<Line> = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .cloned()
        .collect();
    let merchant = merchant(&lines, cx);
    let purchase_date = purchase_date(&lines, cx);
    let (total, total_row) = total(&lines, cx);
    let due = total.as_ref().map(|(m, _)| m.minor);
    let items = items(&lines, total_row, due);
    let text: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let (category, conf) = categorise(merchant.as_ref().map(|(m, _)| m.as_str()), &text);
    Read {
        merchant,
        purchase_date,
        total,
        items,
        category: (category.to_string(), conf),
    }
}

/// Lines of plain text, each fully sure.
pub fn typed_lines(text: &str) -> Vec<Line> {
    text.lines()
        .map(|l| Line {
            text: l.trim().to_string(),
            conf: 1.0,
        })
        .collect()
}

fn pct(x: f32) -> u8 {
    (x.clamp(0.0, 1.0) * 100.0).round() as u8
}

// ---------------------------------------------------------------------------
// Merchant
// ---------------------------------------------------------------------------

/// Legal forms and words that end a business's registered name.
static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:^|[^a-z])(?:
            s[deou0][nr]\.?\s?[b8]h[dob0]\.? | [s5$]/[b8] | sb | bhd\.? | berhad | enterprises? | trading
            | gmbh | ohg | e\.\s?k\. | ltd\.? | limited | inc\.? | llc | plc | corp\.?
            | s\.?a\.?r\.?l\.? | s\.a\. | sas | co\.,?\s?ltd | pte | holdings | industries
            | marketing | services? | restaurant | restoran | apotheke | pharmacy | pharmacie
        )(?:$|[^a-z])",
    )
    .expect("valid")
});

/// The legal forms of a company (not the words of a trade): what ends the
/// name of the entity that runs a shop.
static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:^|[^a-z])(?:
            s[deou0][nr]\.?\s?[b8]h[dob0]\.? | [s5$]/[b8] | sb | bhd\.? | berhad | gmbh | ltd\.?
            | limited | inc\.? | llc | plc | corp\.? | pte | enterprises?
        )(?:$|[^a-z])",
    )
    .expect("valid")
});

/// A line printed as a brand: a few words in capitals, no digits, nothing
/// of an address, a contact or a document, and no branch after a dash
/// (`SUSHI MENTAI - MAHKOTA CHERAS` names a place, not the company).
fn brand_like(line: &Line) -> bool {
    let t = without_registration(&line.text);
    let t = t.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let upper = t.chars().filter(|c| c.is_uppercase()).count();
    let words = t.split_whitespace().count().max(1);
    let lower = format!(" {} ", t.to_lowercase());
    letters >= 4
        && words <= 4
        && !t.contains(" - ")
        && upper * 10 >= letters * 8
        && letters as f32 / words as f32 >= 3.0
        && letters_ratio(t) >= 0.8
        && !t.chars().any(|c| c.is_ascii_digit())
        && line.conf >= 0.6
        && !contains_any(&lower, NOT_MERCHANT)
        && !contains_any(&lower, TOTAL_WEAK)
}

/// A line up to the registration number printed after a company's legal
/// form: `MYNEWS RETAIL SB(306295-X) FKA BISON STORES SB` is the name of
/// `MYNEWS RETAIL SB`.
fn registered_name(text: &str) -> String {
    for m in REGISTRATION.find_iter(text) {
        if m.start() > 0 && COMPANY.is_match(&text[..m.start()]) {
            return text[..m.start()].to_string();
        }
    }
    text.to_string()
}

/// Words a shop's name often holds.
const KIND_OF_SHOP: &[&str] = &[
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
    "mini market",
    "drogerie",
    "baumarkt",
    "bäckerei",
    "pizza",
];

const NOT_MERCHANT: &[&str] = &[
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
];

/// Registration numbers printed beside a name: `(1206674-T)`, `273500-U`,
/// `(Co. No: 20154-T)`.
static REGISTRATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[\(\[\{][^\)\]\}]*\d[^\)\]\}]*[\)\]\}]?|\b\d{4,}-?[a-z]?\b|[\(\[\{]\s*$")
        .expect("valid")
});

fn without_registration(text: &str) -> String {
    REGISTRATION
        .replace_all(text, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shop's name: the line near the top that looks most like a
/// business's name, or a well-known chain's name found in the text.
fn merchant(lines: &[Line], cx: &Context) -> Option<(String, u8)> {
    if let Some(name) = sender_merchant(cx) {
        return Some(name);
    }
    let top = lines.len().min(12);
    let mut best: Option<(f32, usize)> = None;
    for (i, line) in lines[..top].iter().enumerate() {
        let score = merchant_score(&line.text, i, line.conf < 1.0) * (0.5 + 0.5 * line.conf);
        if score > 0.0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    let legal = best.is_some_and(|(_, i)| LEGAL.is_match(&lines[i].text));
    // A chain's name: in the header it is the name as printed; elsewhere (a
    // logo that OCR cannot read, a footer) it stands in for a weak header.
    let all: String = lines
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    // A name printed three times or more is the shop's trading name, above
    // the legal entity that runs it.
    if let Some((brand, row, count)) = brand_in(&all)
        && (!legal || count >= 3)
    {
        let line = &lines[row];
        if row < top {
            return Some((clean_name(&line.text), pct(0.55 + 0.4 * line.conf)));
        }
        if best.is_none_or(|(score, _)| score < 1.0) {
            return Some((brand.name.to_string(), pct(0.5 + 0.35 * line.conf)));
        }
    }
    let (score, i) = best?;
    let mut name = clean_name(&registered_name(&lines[i].text));
    // "Owned by: X Sdn Bhd": the name is after the label.
    if let Some((label, after)) = name.split_once(':')
        && LEGAL.is_match(after)
        && !LEGAL.is_match(label)
    {
        name = after.trim().to_string();
    }
    // A legal form alone on its line, or opening it, or a parenthesis
    // closed but not opened, continues the name begun on the line before.
    let mut first = i;
    for _ in 0..2 {
        let rest = LEGAL.replace_all(&name, " ");
        let opens = LEGAL.find(&name).is_some_and(|m| m.start() == 0);
        let unbalanced = name.find(')') < name.find('(').or(Some(usize::MAX)) && name.contains(')');
        if first == 0
            || !(rest.chars().filter(|c| c.is_alphabetic()).count() < 3 || opens || unbalanced)
        {
            break;
        }
        first -= 1;
        name = format!("{} {name}", clean_name(&lines[first].text));
    }
    // A legal form alone on the next line (or after a parenthesised branch)
    // ends this one's name.
    if let Some(next) = lines.get(i + 1) {
        let next_name = clean_name(&next.text);
        let rest = LEGAL.replace_all(&next_name, " ");
        let only_legal = rest.chars().filter(|c| c.is_alphabetic()).count() < 3;
        let branch = next_name.starts_with('(') && LEGAL.is_match(&next_name);
        if LEGAL.is_match(&next_name) && (only_legal || branch) && !name.contains(&next_name) {
            name = format!("{name} {next_name}");
        }
    }
    // A brand printed just above or below the company that trades under it
    // ("TOKYO KITCHEN (CITTA MALL)" over "TOKYO KITCHEN SDN BHD"): the name
    // is both.
    let company_here = COMPANY.is_match(&name);
    if company_here && first == i && i > 0 && brand_like(&lines[i - 1]) {
        let above = clean_name(&lines[i - 1].text);
        if !name.contains(&above) {
            name = format!("{above} {name}");
        }
    } else if !company_here
        && let Some(next) = lines.get(i + 1)
        && COMPANY.is_match(&next.text)
        && brand_like(&lines[i])
    {
        let next_name = clean_name(&registered_name(&next.text));
        let rest = COMPANY.replace_all(&next_name, " ");
        if rest.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !contains_any(&format!(" {} ", next_name.to_lowercase()), NOT_MERCHANT)
            && !name.contains(&next_name)
        {
            name = format!("{name} {next_name}");
        }
    }
    let name = cut_after_legal_form(&clean_name(&name));
    let strength = if legal { 1.0 } else { (score / 1.4).min(1.0) };
    let conf = (0.3 + 0.7 * strength) * (0.4 + 0.6 * lines[i].conf);
    Some((name, pct(conf.min(0.97))))
}

fn letters_ratio(text: &str) -> f32 {
    let total = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
    text.chars().filter(|c| c.is_alphabetic()).count() as f32 / total as f32
}

/// How much a line looks like a business's name, 0 when not at all.
/// `ocr`: the line was read by OCR, which adds noise of its own.
fn merchant_score(text: &str, row: usize, ocr: bool) -> f32 {
    let t = without_registration(text);
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 {
        return 0.0;
    }
    let lower = format!(" {} ", t.to_lowercase());
    let mut score = letters_ratio(&t);
    if LEGAL.is_match(&t) {
        score += 1.2;
    } else if contains_any(&lower, KIND_OF_SHOP) {
        score += 0.15;
    }
    if contains_any(&lower, NOT_MERCHANT) {
        score -= 0.9;
    }
    if t.chars().filter(|c| c.is_ascii_digit()).count() > 3 {
        score -= 0.5;
    }
    if !find_amounts(&t).is_empty() || contains_any(&lower, TOTAL_WEAK) {
        score -= 1.0;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let mean_word = letters as f32 / words.len().max(1) as f32;
    // OCR noise from logos and stamps: short fragments, or no capitals.
    if ocr && (mean_word < 2.5 || letters < 4) {
        score -= 0.6;
    }
    let upper = t.chars().filter(|c| c.is_uppercase()).count() as f32 / letters as f32;
    if ocr && upper == 0.0 {
        score -= 0.6;
    }
    score += 0.2 * upper;
    score -= 0.12 * row as f32;
    score.max(0.0)
}

/// OCR noise after a legal form ("SDN BHD Dis, - OK") is no part of the
/// name: the name ends with its last legal form when only a few letters
/// follow it.
fn cut_after_legal_form(name: &str) -> String {
    let Some(last) = LEGAL.find_iter(name).last() else {
        return name.to_string();
    };
    let end = if name[last.start()..last.end()]
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '.')
    {
        last.end()
    } else {
        // Without its last character, which may be more than one byte.
        name[..last.end()]
            .char_indices()
            .last()
            .map_or(last.end(), |(i, _)| i)
    };
    let after = &name[end..];
    if after.chars().filter(|c| c.is_alphabetic()).count() <= 6 {
        clean_name(&name[..end])
    } else {
        name.to_string()
    }
}

fn clean_name(text: &str) -> String {
    let text = without_registration(text);
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(');
    let mut words: Vec<&str> = trimmed.split_whitespace().collect();
    // In a name printed in capitals, words at its ends with small letters or
    // none at all are OCR noise from a logo or a stamp ("HOLIg RESTORAN").
    let letters: String = words
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
    if letters.chars().count() >= 8 && capitals * 10 >= letters.chars().count() * 8 {
        let noise = |w: &&str| {
            w.chars().any(|c| c.is_lowercase()) || !w.chars().any(|c| c.is_alphanumeric())
        };
        while words.len() > 1 && words.first().is_some_and(noise) {
            words.remove(0);
        }
        while words.len() > 1 && words.last().is_some_and(noise) {
            words.pop();
        }
    }
    words.join(" ")
}

/// An e-mail sender's name, or its domain's main label.
fn sender_merchant(cx: &Context) -> Option<(String, u8)> {
    const NOISE: &[&str] = &[
        "receipts",
        "receipt",
        "orders",
        "order",
        "no-reply",
        "noreply",
        "team",
        "service",
        "customer",
        "info",
        "mail",
        "notifications",
        "your",
        "tickets",
        "billing",
        "support",
        "confirmation",
        "payments",
        "newsletter",
    ];
    if let Some(name) = &cx.sender_name {
        let kept: Vec<&str> = name
            .split_whitespace()
            .filter(|w| !NOISE.contains(&w.to_lowercase().as_str()))
            .collect();
        if !kept.is_empty() {
            return Some((kept.join(" "), 80));
        }
    }
    let domain = cx.sender_domain.as_ref()?;
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    // The label before the public suffix (two labels for co.uk and the like).
    let short_suffix = labels.len() >= 3 && labels[labels.len() - 2].len() <= 3;
    let label = labels[labels.len() - if short_suffix { 3 } else { 2 }];
    let mut chars = label.chars();
    let name: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    Some((name, 60))
}

// ---------------------------------------------------------------------------
// Date
// ---------------------------------------------------------------------------

fn purchase_date(lines: &[Line], cx: &Context) -> Option<(NaiveDate, u8)> {
    let latest = cx
        .latest
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2999, 12, 31).expect("valid"));
    let mut votes: HashMap<NaiveDate, (f32, usize, bool)> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let lower = line.text.to_lowercase();
        let labelled = ["date", "datum", "tarikh", "le ", "dated", "issued"]
            .iter()
            .any(|w| lower.contains(w));
        let unwanted = [
            "expiry",
            "exp",
            "valid",
            "gültig",
            "due",
            "best before",
            "mhd",
        ]
        .iter()
        .any(|w| lower.contains(w));
        for found in find_dates(&line.text, cx.order, latest) {
            let mut weight = 1.0 + if labelled { 0.5 } else { 0.0 };
            if unwanted {
                weight *= 0.3;
            }
            if !found.unambiguous {
                weight *= 0.9;
            }
            weight *= 0.5 + 0.5 * line.conf;
            let entry = votes
                .entry(found.date)
                .or_insert((0.0, i, found.unambiguous));
            entry.0 += weight;
            entry.2 |= found.unambiguous;
        }
    }
    let best = votes
        .iter()
        .max_by(|a, b| {
            a.1.0
                .partial_cmp(&b.1.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.1.1.cmp(&a.1.1))
        })
        .map(|(d, v)| (*d, *v));
    match best {
        Some((date, (weight, _, unambiguous))) => {
            let total: f32 = votes.values().map(|v| v.0).sum();
            let share = weight / total.max(1e-6);
            let conf = 0.35 + 0.45 * share + if unambiguous { 0.15 } else { 0.0 };
            Some((date, pct(conf.min(0.98))))
        }
        None => cx.sent.map(|d| (d, 60)),
    }
}

// ---------------------------------------------------------------------------
// Total
// ---------------------------------------------------------------------------

/// Words of a line that gives the amount due, strongest first.
const TOTAL_STRONG: &[&str] = &[
    "grand total",
    "total amount",
    "amount due",
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
];
const TOTAL_WEAK: &[&str] = &["total", "betrag", "montant", "amount", "totaal", "tot"];
/// Lines with a total word that give something else.
const NOT_TOTAL: &[&str] = &[
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
    "gst(",
    "gst @",
    "discount",
    "saving",
    "rabatt",
    "mwst",
    "ust",
    "netto",
    "points",
    "punkte",
    "tva",
    "total number",
    "vat",
    "pcs",
    "items",
    // Loyalty point values (sales, group, point volume) printed as totals.
    " sv ",
    " gv ",
    " ev ",
    " pv ",
    " bv ",
];
/// Words that make a total line one before tax, unless "incl" is there too.
const EXCLUDING: &[&str] = &["excl", "exclusive", "excluding", "before", "w/o", "ohne"];

/// Whether a line with a total word gives some other sum.
fn not_total(lower: &str) -> bool {
    contains_any(lower, NOT_TOTAL) || (contains_any(lower, EXCLUDING) && !lower.contains("incl"))
}

/// Lines giving what was handed over or handed back.
const PAID: &[&str] = &[
    "cash", "bar ", "bar:", "gegeben", "tendered", "paid", "payment", "visa", "master", "card",
    "karte", "ec-cash", "ec cash", "girocard", "espèces", "especes", "cb ", "credit", "debit",
    "kredit",
];
const CHANGE: &[&str] = &[
    "change",
    "rückgeld",
    "ruckgeld",
    "zurück",
    "zuruck",
    "rendu",
    "baki",
    "kembali",
];

/// Whether any of `words` starts a word of `lower` ("roc" is in "roc no",
/// not in "grocer").
fn contains_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(lower, w))
}

fn has_word(lower: &str, word: &str) -> bool {
    let needs_boundary = word.chars().next().is_some_and(char::is_alphanumeric);
    lower.match_indices(word).any(|(at, _)| {
        !needs_boundary
            || lower[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Per amount: score, the last row that gave it, a currency printed with it.
type Evidence = HashMap<i64, (f32, usize, Option<String>)>;

fn add(evidence: &mut Evidence, minor: i64, score: f32, row: usize, currency: Option<String>) {
    if minor <= 0 {
        return;
    }
    let e = evidence.entry(minor).or_insert((0.0, row, None));
    e.0 += score;
    e.1 = e.1.max(row);
    if e.2.is_none() {
        e.2 = currency;
    }
}

/// Evidence from a total line: the strongest line counts, not how many
/// lines repeat an amount (tax tables repeat theirs).
fn keyword(evidence: &mut Evidence, minor: i64, score: f32, row: usize, currency: Option<String>) {
    if minor <= 0 {
        return;
    }
    let e = evidence.entry(minor).or_insert((0.0, row, None));
    if score > e.0 {
        e.0 = score;
        e.1 = row;
    }
    if e.2.is_none() {
        e.2 = currency;
    }
}

/// The amount due and the row it was read on.
fn total(lines: &[Line], cx: &Context) -> (Option<(Money, u8)>, Option<usize>) {
    let amounts: Vec<Vec<Amount>> = lines.iter().map(|l| find_amounts(&l.text)).collect();
    // OCR puts quotes between words ("Total’Sales"): they part words.
    let lowers: Vec<String> = lines
        .iter()
        .map(|l| {
            let lower = l
                .text
                .to_lowercase()
                .replace(['’', '‘', '`', '\'', '"', '“', '”', '„'], " ");
            format!(" {lower} ")
        })
        .collect();
    let mut parts = sums::Parts::default();
    // Evidence per amount value: (score, last row, currency).
    let mut evidence: Evidence = HashMap::new();
    let n = lines.len().max(1) as f32;
    let mut paid: Vec<i64> = Vec::new();
    let mut change: Vec<i64> = Vec::new();
    let mut rounded = false;
    let mut rounding_row: Option<usize> = None;
    // Total lines that kept only the units of their amount.
    let mut partial: Vec<(i64, f32, usize)> = Vec::new();
    let mut roundings: Vec<i64> = Vec::new();
    let mut in_summary = false;
    // Tax table rows whose net and tax add up to their gross, with rows.
    let mut grosses: Vec<(i64, usize)> = Vec::new();
    for (i, lower) in lowers.iter().enumerate() {
        let strong = contains_any(lower, TOTAL_STRONG);
        let weak = strong || contains_any(lower, TOTAL_WEAK) || misread_total(lower);
        let after_rounding = rounded;
        rounded |= lower.contains("rounding") || lower.contains("rundung");
        if rounded && rounding_row.is_none() {
            rounding_row = Some(i);
        }
        let excluded = not_total(lower);
        // Below a tax summary's header, a total row gives its columns' sums.
        let summary_row = in_summary && !strong;
        in_summary |= contains_any(lower, &["gst summary", "tax summary"]);
        // "Amt paid excl. GST" is the amount before tax, not a payment.
        let is_paid = contains_any(lower, PAID)
            && (lower.contains("incl") || !contains_any(lower, EXCLUDING));
        // German change is "Rückgeld", "Wechselgeld", often misread.
        let is_change = contains_any(lower, CHANGE)
            || lower
                .split_whitespace()
                .any(|w| w.len() > 6 && w.ends_with("geld") && !w.starts_with("bar"));
        // The amount is on the line, or OCR put it on the next one.
        let amount = amounts[i].last().cloned().or_else(|| {
            (weak && !excluded)
                .then(|| {
                    amounts
                        .get(i + 1)
                        .filter(|a| a.len() == 1 && amount_alone(&lines[i + 1].text))
                        .and_then(|a| a.last().cloned())
                })
                .flatten()
        });
        let values: Vec<i64> = amounts[i].iter().map(|a| a.minor).collect();
        parts.note(lower, i, &values);
        if let [.., net, tax, gross] = values[..]
            && tax > 0
            && tax < net
            && net + tax == gross
        {
            grosses.push((gross, i));
        }
        let Some(amount) = amount else {
            // "NET TOTAL 174.9": OCR lost the last zero.
            if strong && !excluded && !is_paid {
                let conf = 0.5 + 0.5 * lines[i].conf;
                if let Some(minor) = sums::one_decimal(&lines[i].text) {
                    keyword(&mut evidence, minor, 2.0 * conf, i, None);
                } else if let Some(units) = sums::units_only(&lines[i].text) {
                    // "TOTAL RM 4.": only the units survived.
                    partial.push((units, 2.0 * conf, i));
                }
            }
            continue;
        };
        if (lower.contains("rounding") || lower.contains("round adj")) && amount.minor.abs() < 10 {
            roundings.push(amount.minor.abs());
            continue;
        }
        let conf = 0.5 + 0.5 * lines[i].conf;
        let late = 0.5 + 0.5 * (i as f32 / n);
        if is_change {
            change.push(amount.minor.abs());
            // What was handed over is printed just above the change; its
            // label may be unreadable ("Cag RN. 300.00").
            if i > 0
                && let Some(above) = amounts[i - 1].last()
                && amounts[i - 1].len() == 1
                && !contains_any(&lowers[i - 1], TOTAL_WEAK)
                && !misread_total(&lowers[i - 1])
                && !contains_any(&lowers[i - 1], PAID)
                && above.minor > amount.minor.abs()
            {
                paid.push(above.minor);
            }
            continue;
        }
        if weak && !excluded && !summary_row && (strong || !is_paid) {
            let mut score = if strong { 3.0 } else { 2.0 };
            // Once a rounding is printed, the total after it is what is due.
            if after_rounding {
                score += 1.0;
            }
            // A table row (a tax summary) rather than the total line.
            if amounts[i].len() > 1 {
                score *= 0.5;
            }
            keyword(
                &mut evidence,
                amount.minor,
                score * conf * late,
                i,
                amount.currency.clone(),
            );
        } else if (weak || lower.contains("subtotal")) && lower.contains("sub") {
            // A subtotal after the rounding is the rounded total.
            let score = if after_rounding { 2.0 } else { 0.8 };
            add(
                &mut evidence,
                amount.minor,
                score * conf,
                i,
                amount.currency.clone(),
            );
        } else if is_paid {
            paid.push(amount.minor.abs());
            add(
                &mut evidence,
                amount.minor.abs(),
                0.6 * conf,
                i,
                amount.currency.clone(),
            );
        }
    }
    // A subtotal and its tax add up to an amount printed below them.
    let printed: Vec<(i64, usize)> = amounts
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.iter().map(move |a| (a.minor, i)))
        .collect();
    for (sum, row) in parts.totals(&printed, &roundings) {
        add(&mut evidence, sum, 1.5, row, None);
    }
    // A total line whose leading digits OCR lost ("TOT 1 2p Ki 3.35" for
    // 153.35): an amount the subtotal and tax add up to that ends in the
    // same digits takes its evidence.
    let computed: Vec<i64> = parts
        .sums()
        .into_iter()
        .flat_map(|s| [s, sums::nearest_five(s)])
        .collect();
    let truncated: Vec<(i64, f32, usize)> = evidence
        .iter()
        .filter(|(m, _)| **m >= 100)
        .map(|(m, e)| (*m, e.0, e.1))
        .collect();
    for c in computed.iter().copied() {
        for &(m, score, row) in &truncated {
            let digits = m.to_string().len() as u32;
            if m < c && c % 10i64.pow(digits) == m && rounding_row.is_none_or(|at| row > at) {
                add(&mut evidence, c, score, row, None);
            }
        }
    }
    // A rounding line: the total is rounded to five cents. A total read
    // above the rounding, rounded, is what is due; more so when it is
    // printed below (the rounding's own amount is often misread).
    if let Some(at) = rounding_row {
        let mut before: Vec<i64> = evidence
            .iter()
            .filter(|(_, e)| e.1 < at)
            .map(|(m, _)| *m)
            .collect();
        before.extend(
            parts
                .sums()
                .into_iter()
                .filter(|s| !evidence.contains_key(s)),
        );
        // The amount printed just above the rounding line is the total
        // before it, whatever its label reads as: a total below the
        // rounding that is that amount rounded is confirmed by it.
        if let Some(above) = (0..at).rev().find_map(|i| amounts[i].last())
            && !before.contains(&above.minor)
        {
            let r = sums::nearest_five(above.minor);
            if let Some(&(_, row, _)) = evidence.get(&r).filter(|e| e.1 > at)
                && r != above.minor
            {
                add(&mut evidence, r, 2.0, row, None);
            }
        }
        for t in before {
            let r = sums::nearest_five(t);
            if r == t {
                continue;
            }
            match printed.iter().find(|(m, row)| *m == r && *row > at) {
                Some(&(_, row)) => add(&mut evidence, r, 2.0, row, None),
                None if parts.sums().contains(&t) => add(&mut evidence, r, 1.5, at, None),
                None => {}
            }
        }
        // A subtotal without tax, rounded, when nothing else is.
        for &(base, row) in &parts.before_tax {
            let r = sums::nearest_five(base);
            if row < at && r != base && !evidence.contains_key(&r) {
                add(&mut evidence, r, 0.5, at, None);
            }
        }
    }
    // A total line that kept only its units points at the one amount with
    // those units that something else already points at.
    for (units, score, row) in partial {
        // Below a rounding line, the total is a multiple of five cents.
        let rounded = rounding_row.is_some_and(|at| row > at);
        let matching: Vec<i64> = evidence
            .keys()
            .copied()
            .filter(|m| m / 100 == units && (!rounded || m % 5 == 0))
            .collect();
        if let [m] = matching[..] {
            keyword(&mut evidence, m, score, row, None);
        }
    }
    // A total before rounding, rounded, is what was paid: the rounded
    // amount is the total due.
    let before: Vec<i64> = evidence.keys().copied().collect();
    for t in before {
        for r in roundings.iter().filter(|r| **r > 0) {
            for rounded in [t + r, t - r] {
                if paid.contains(&rounded) {
                    add(&mut evidence, rounded, 2.0, 0, None);
                }
            }
        }
    }
    // A tax table whose rows add up (net + tax = gross): its grosses
    // together are the total, however its total line was read.
    let mut checked: Vec<i64> = parts.sums();
    if !grosses.is_empty() {
        let gross: i64 = grosses.iter().map(|(g, _)| g).sum();
        let row = grosses.iter().map(|(_, r)| *r).max().unwrap_or(0);
        add(&mut evidence, gross, 1.5, row, None);
        checked.push(gross);
    }
    // A payment one digit off a total the sums above agree on (with the
    // change, if any) is that total misread: it confirms the total and
    // neither caps nor gives what was due. Not when the payment is printed
    // twice: the same misreading twice is unlikely.
    let mut misread: Vec<i64> = Vec::new();
    for &p in &paid {
        if printed.iter().filter(|(m, _)| *m == p).count() > 1 {
            continue;
        }
        for &t in &checked {
            let off = if change.is_empty() {
                sums::one_digit_off(p, t)
            } else {
                change.iter().any(|c| sums::one_digit_off(p, t + c))
            };
            if off {
                add(&mut evidence, t, 2.0, 0, None);
                misread.push(p);
            }
        }
    }
    paid.retain(|p| !misread.contains(p));
    // With change handed back, nothing due exceeds what was handed over: a
    // larger "total" is a misreading.
    if change.iter().any(|c| *c > 0)
        && let Some(&most) = paid.iter().max()
    {
        for (value, e) in evidence.iter_mut() {
            if *value > most {
                e.0 *= 0.3;
            }
        }
    }
    // What was handed over less the change is what was due.
    for p in &paid {
        for c in &change {
            if p > c {
                add(&mut evidence, p - c, 2.0, 0, None);
            }
        }
    }
    // The largest amount (not a payment above the others) is often the total.
    let mut all: Vec<(i64, usize)> = amounts
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.iter().map(move |a| (a.minor, i)))
        .filter(|(m, _)| *m > 0)
        .collect();
    all.sort_unstable();
    let largest_unpaid = all
        .iter()
        .rev()
        .find(|(m, i)| {
            !paid.contains(m) || evidence.contains_key(m) && !contains_any(&lowers[*i], PAID)
        })
        .map(|(m, _)| *m);
    // Only an amount that something else points to: without a total or a
    // payment line there is no total.
    if let Some(m) = largest_unpaid
        && evidence.contains_key(&m)
    {
        add(&mut evidence, m, 0.7, 0, None);
    }
    // Repeated amounts (the total printed twice, or equal to the payment).
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for (m, _) in &all {
        *counts.entry(*m).or_default() += 1;
    }
    for (m, count) in counts {
        if count > 1 && evidence.contains_key(&m) {
            add(&mut evidence, m, 0.4 * (count - 1).min(3) as f32, 0, None);
        }
    }
    let mut ranked: Vec<_> = evidence.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.0
            .partial_cmp(&a.1.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(b.1.1.cmp(&a.1.1))
    });
    let Some((minor, (score, row, currency))) = ranked.first().cloned() else {
        return (None, None);
    };
    let runner_up = ranked.get(1).map_or(0.0, |r| r.1.0);
    let margin = (score - runner_up) / score.max(1e-6);
    let row_conf = lines.get(row).map_or(0.5, |l| l.conf);
    let conf = (0.25 + 0.35 * (score / 4.0).min(1.0) + 0.25 * margin) * (0.6 + 0.4 * row_conf);
    let currency = currency
        .or_else(|| currency_in_text(&lowers))
        .unwrap_or_else(|| cx.default_currency.clone());
    let minor = rescale(minor, &currency);
    (
        Some((Money { minor, currency }, pct(conf.min(0.97)))),
        Some(row),
    )
}

/// A line that is an amount and little else: what a total label's amount
/// looks like when OCR put it on a row of its own (not "Cash RM 5.00").
fn amount_alone(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "rm" | "eur" | "usd" | "gbp" | "chf"
            )
        })
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3);
    words.count() == 0
}

/// A word OCR made of "total": one letter off (`tota]`, `iotal`)
/// or one lost (`tota`, `otal`).
fn misread_total(lower: &str) -> bool {
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

/// Amounts are read in hundredths; currencies with other minor units need
/// them converted.
fn rescale(hundredths: i64, currency: &str) -> i64 {
    match crate::money::minor_digits(currency) {
        0 => hundredths / 100,
        3 => hundredths * 10,
        _ => hundredths,
    }
}

/// A currency printed anywhere: a code or symbol most receipts carry once.
fn currency_in_text(lowers: &[String]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for lower in lowers {
        for (token, code) in [
            (" rm", "MYR"),
            ("rm ", "MYR"),
            ("€", "EUR"),
            (" eur", "EUR"),
            ("$", "USD"),
            (" usd", "USD"),
            ("£", "GBP"),
            (" gbp", "GBP"),
            (" chf", "CHF"),
        ] {
            if lower.contains(token) {
                *counts.entry(code).or_default() += 1;
            }
        }
    }
    // A symbol seen once may be OCR noise; a currency printed on a receipt
    // is usually printed more than once.
    counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c.to_string())
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

/// Words of lines that are no purchases: opening hours, contacts, tax.
const NOT_ITEM: &[&str] = &[
    "uhr",
    "öffnungszeiten",
    "opening",
    "hours",
    "tel",
    "fax",
    "gst",
    "tax",
    "service charge",
    "rounding",
    "cashier",
    "kasse",
    "bon",
    "invoice",
    "receipt",
];

/// Lines above the total with a description and an amount at their end;
/// none above what is due (a misread amount).
fn items(lines: &[Line], total_row: Option<usize>, due: Option<i64>) -> Vec<Item> {
    let Some(end) = total_row else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for line in &lines[..end] {
        let lower = format!(" {} ", line.text.to_lowercase());
        if contains_any(&lower, TOTAL_WEAK)
            || contains_any(&lower, NOT_ITEM)
            || not_total(&lower)
            || contains_any(&lower, PAID)
            || contains_any(&lower, CHANGE)
            || !find_dates(&line.text, DateOrder::DayFirst, NaiveDate::MAX).is_empty()
        {
            continue;
        }
        let amounts = find_amounts(&line.text);
        let Some(last) = amounts.last() else { continue };
        let head = &line.text[..amounts[0].start];
        let (quantity, description) = quantity_and_description(head);
        let letters = description.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 {
            continue;
        }
        // "2 x 1.50  3.00": the unit price and the line's amount.
        let quantity = if quantity == 1 && amounts.len() >= 2 {
            let unit = amounts[amounts.len() - 2].minor;
            if unit > 0
                && last.minor % unit == 0
                && last.minor / unit > 1
                && last.minor / unit < 100
            {
                (last.minor / unit) as u32
            } else {
                1
            }
        } else {
            quantity
        };
        if due.is_some_and(|due| last.minor > due) {
            continue;
        }
        items.push(Item {
            description,
            quantity,
            amount_minor: last.minor,
        });
    }
    items
}

fn quantity_and_description(head: &str) -> (u32, String) {
    let words: Vec<&str> = head.split_whitespace().collect();
    let mut quantity = 1;
    let mut kept = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let lower = w.to_lowercase();
        let number = lower
            .trim_end_matches(['x', '*'])
            .trim_start_matches(['x', '*']);
        let next_marks = words
            .get(i + 1)
            .is_some_and(|n| matches!(n.to_lowercase().as_str(), "x" | "*" | "@"));
        let marked =
            lower.ends_with('x') || lower.starts_with('x') || lower.ends_with('*') || next_marks;
        if (i == 0 || marked)
            && !number.is_empty()
            && number.len() <= 3
            && number.chars().all(|c| c.is_ascii_digit())
            && (marked || words.len() > 1)
            && let Ok(q) = number.parse::<u32>()
            && (1..100).contains(&q)
        {
            quantity = q;
            continue;
        }
        if lower == "x" || lower == "*" || lower == "@" {
            continue;
        }
        kept.push(*w);
    }
    let description = kept.join(" ");
    let description = description
        .trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '%')
        .to_string();
    (quantity, description)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx() -> Context {
        Context {
            default_currency: "MYR".into(),
            order: DateOrder::DayFirst,
            latest: NaiveDate::from_ymd_opt(2026, 3, 20),
            ..Context::default()
        }
    }

    #[test]
    fn reads_a_receipt() {
        let text = "SYARIKAT PERNIAGAAN GIN KEE\nSDN BHD\n(81109-A)\nNO 290, JALAN AIR PANAS\nTEL : 03-40210276\nTAX INVOICE\nDATE : 25/12/2018 10:02\n2 X 3.50 7.00 MILO\nBREAD 2.00\nSUB TOTAL 9.00\nGST 0.00\nTOTAL 9.00\nCASH 10.00\nCHANGE 1.00\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(
            read.total.unwrap().0,
            Money {
                minor: 900,
                currency: "MYR".into()
            }
        );
        assert_eq!(
            read.purchase_date.unwrap().0,
            NaiveDate::from_ymd_opt(2018, 12, 25).unwrap()
        );
        assert_eq!(
            read.merchant.unwrap().0,
            "SYARIKAT PERNIAGAAN GIN KEE SDN BHD"
        );
    }

    #[test]
    fn reads_a_german_receipt() {
        let text = "ALDI SÜD\nMarktstraße 1\nBananen 1,29 A\nMilch 2 x 0,99 1,98 A\nSumme 3,27\nGeg. Bar 5,00\nRückgeld 1,73\n02.03.20 10:15\n";
        let mut cx = cx();
        cx.default_currency = "EUR".into();
        let read = read(&typed_lines(text), &cx);
        assert_eq!(read.total.as_ref().unwrap().0.minor, 327);
        assert_eq!(read.total.as_ref().unwrap().0.currency, "EUR");
        assert_eq!(
            read.purchase_date.unwrap().0,
            NaiveDate::from_ymd_opt(2020, 3, 2).unwrap()
        );
        assert_eq!(read.merchant.unwrap().0, "ALDI SÜD");
        assert_eq!(read.category.0, "grocery");
        assert_eq!(
            read.items,
            vec![
                Item {
                    description: "Bananen".into(),
                    quantity: 1,
                    amount_minor: 129
                },
                Item {
                    description: "Milch".into(),
                    quantity: 2,
                    amount_minor: 198
                },
            ]
        );
    }

    #[test]
    fn joins_a_brand_with_the_company_printed_next_to_it() {
        let merchant = |text: &str| read(&typed_lines(text), &cx()).merchant.unwrap().0;
        assert_eq!(
            merchant(
                "NOODLE HOUSE (CENTRAL)\nNOODLE HOUSE SDN BHD\n(945402-P)\nNO 5, JALAN BESAR\nTOTAL 9.00\n"
            ),
            "NOODLE HOUSE (CENTRAL) NOODLE HOUSE SDN BHD"
        );
        assert_eq!(
            merchant("GREEN LEAF RESTAURANT\nGLR FOODS SDN BHD\n(1179227A)\nTOTAL 9.00\n"),
            "GREEN LEAF RESTAURANT GLR FOODS SDN BHD"
        );
        // An address, a branch or a promotion above the company is no brand.
        assert_eq!(
            merchant("NO 5 JALAN BESAR\nSRI MAJU SDN BHD\nTOTAL 9.00\n"),
            "SRI MAJU SDN BHD"
        );
        assert_eq!(
            merchant("NOODLE BAR - KEPONG BARU\nSRI MAJU SDN BHD\nTOTAL 9.00\n"),
            "SRI MAJU SDN BHD"
        );
        assert_eq!(
            merchant("REDEEM VOUCHER BEFORE EXPIRY\nSRI MAJU SDN BHD\nTOTAL 9.00\n"),
            "SRI MAJU SDN BHD"
        );
    }

    #[test]
    fn a_total_line_missing_its_leading_digits_is_the_rounded_sum() {
        let text = "SRI MAJU SDN BHD\nPENCILS 144.68\nSUB-TOTAL 144.68\nTOTAL TAX 8.68\nROUNDING 0.01\nTOT 1 2p Ki 3.35\nTHANK YOU\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 15335);
    }

    #[test]
    fn a_damaged_total_label_is_found_by_the_sum_above_it() {
        let text = "SRI MAJU SDN BHD\nLAMP 68.87\nSub Total RM 68.87\nGST/TAX 6% RM 4.13\nTOR: RM 73.00\nCA. g RM 73.00\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 7300);
    }

    #[test]
    fn a_total_that_kept_only_its_units_is_the_rounded_subtotal() {
        let text = "SRI MAJU SDN BHD\nCOKE 2.20\nTEA 2.49\nSub Total : RM 4.69\nRounding Adj : RM 0.91\nTotal Sales Inclusive : RM 4.\nCash : RM 5.00\nChange : RM 9.30\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 470);
    }

    /// Lines as OCR reads them: sure of each, but for the damaged ones.
    fn ocr(text: &str, damaged: &[&str]) -> Vec<Line> {
        text.lines()
            .map(|l| Line {
                text: l.to_string(),
                conf: if damaged.contains(&l) { 0.3 } else { 0.9 },
            })
            .collect()
    }

    #[test]
    fn a_total_below_the_rounding_is_confirmed_by_the_amount_above_it() {
        // The label above the rounding excludes its amount as a total; a
        // misread payment makes a wrong amount due.
        let text = "SRI MAJU SDN BHD\nLAMP 1 7.00 7.42\nTotal Amt incl GST @ 6% : 7.42\nRounding Adjustment: -0.02\nTota Aunt Prysble : 7.40\nPaid Amount: 16.05\nChange: 2.60\n";
        let read = read(&ocr(text, &["Tota Aunt Prysble : 7.40"]), &cx());
        assert_eq!(read.total.unwrap().0.minor, 740);
    }

    #[test]
    fn a_loyalty_point_value_is_no_total() {
        let text = "SRI MAJU SDN BHD\nCLEANER 28.70\nTOTAL QTY 1\nPAID BY CC*7186 RM28.70\nTotal SV 30.56\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 2870);
    }

    #[test]
    fn the_total_row_of_a_tax_summary_is_no_total() {
        let text = "SRI MAJU SDN BHD\nCLEANER 105.57\nPAID BY CC*7186 RM111.90\nGST Summary AMT(RM) TAX(RM)\nSR 6% 105.57 6.33\nTOTAL WE.S7 6.33\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 11190);
    }

    #[test]
    fn the_amount_paid_before_tax_is_no_payment() {
        let text = "SRI MAJU SDN BHD\nAmt Paid excl. GST RM 73.87\nPAID BY CC*7186 RM 75.30\nSR 6% 73.87 4.43\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 7530);
    }

    #[test]
    fn a_tax_row_that_adds_up_gives_the_total() {
        let text =
            "SRI MAJU SDN BHD\nROSE 2,305.80\nTotal RM Caw)\nSR 6 7,395.09 443.71 7,838.80\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 783880);
    }

    #[test]
    fn a_payment_one_digit_off_the_sums_is_misread() {
        let text = "SRI MAJU SDN BHD\nROSE 2,305.80\nTotal RM Caw)\nCASH (MYR) 7640.00\nChange 1.20\nSR 6 7,395.09 443.71 7,838.80\n";
        let got = read(&typed_lines(text), &cx());
        assert_eq!(got.total.unwrap().0.minor, 783880);
        let text = "SRI MAJU SDN BHD\nAmt Paid excl. GST RM 73.87\nGST AMT : RM4.43\nPAID BY CC*7186 RM75.30\n";
        let got = read(&typed_lines(text), &cx());
        assert_eq!(got.total.unwrap().0.minor, 7830);
    }

    #[test]
    fn a_payment_printed_twice_is_not_misread() {
        let text = "SRI MAJU SDN BHD\nMTD RC 111.90\nAmt Paid excl. GST RM 106.57\nGST AMT : RM8.33\nPAID BY CC*7186 RM111.90\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 11190);
    }

    #[test]
    fn the_amount_above_the_change_is_what_was_handed_over() {
        let text = "SRI MAJU SDN BHD\nALARM 250.00\nTotal Sales incl. GST RM 250.00\nTotal Sales RM 2501.00\nCag js RN 300.00\nChange RM 50.00\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().0.minor, 25000);
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

    #[test]
    fn a_registration_number_ends_the_company_name() {
        let text = "THANK YOU FOR SHOPPING\nQUICK NEWS RETAIL SB(306295-X) FKA OLD STORES SB\nTOTAL 6.00\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.merchant.unwrap().0, "QUICK NEWS RETAIL SB");
    }

    #[test]
    fn a_sender_names_the_merchant() {
        let mut cx = cx();
        cx.sender_domain = Some("mail.bakery-rose.co.uk".into());
        let read = read(&typed_lines("Your order\n\nTotal 3.50\n"), &cx);
        assert_eq!(read.merchant.unwrap().0, "Bakery-rose");
    }
}
