//! The amount due: every amount printed (and a few the printed ones add up
//! to) is a candidate, described by the labels around it, where and how
//! large it is printed, how often, and whether the receipt's arithmetic
//! agrees with it; the learned model weighs them.

use std::collections::BTreeMap;

use super::Scored;
use super::model;
use super::page::Page;
use super::sums;
use super::words::*;
use crate::money::Money;

/// The features of a total candidate, in the order of the model's weights.
pub const FEATURES: &[&str] = &[
    "strong_label",
    "weak_label",
    "label_above",
    "subtotal_label",
    "tax_label",
    "paid_label",
    "change_label",
    "other_sum_label",
    "item_line",
    "position",
    "repeated",
    "largest",
    "largest_within_paid",
    "subtotal_plus_tax",
    "paid_minus_change",
    "items_sum",
    "rounded",
    "currency_sign",
    "confidence",
    "height",
    "tallest",
    "table_row",
    "after_rounding",
    "in_tax_summary",
    "computed",
    "magnitude",
    "alone",
    "repaired",
    "last_strong",
    "exceeds_paid",
    "ends_like_labelled",
    "one_digit_off_repeated",
    "sums_lines_above",
];

/// A possible total and what speaks for it.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// In hundredths.
    pub minor: i64,
    pub currency: Option<String>,
    /// The last row it is printed on.
    pub row: usize,
    pub features: Vec<f32>,
}

/// What a line's words say it gives.
#[derive(Debug, Default, Clone, Copy)]
struct Labels {
    strong: bool,
    weak: bool,
    subtotal: bool,
    tax: bool,
    paid: bool,
    change: bool,
    other: bool,
    rounding: bool,
}

fn labels(lower: &str) -> Labels {
    let excluded = contains_any(lower, NOT_TOTAL)
        || (contains_any(lower, EXCLUDING) && !lower.contains("incl"));
    let subtotal = contains_any(lower, SUBTOTAL);
    let strong = contains_any(lower, TOTAL_STRONG) && !excluded;
    Labels {
        strong,
        weak: !strong && !excluded && (contains_any(lower, TOTAL_WEAK) || misread_total(lower)),
        subtotal,
        tax: contains_any(lower, TAX) && !subtotal && !lower.contains("incl"),
        paid: contains_any(lower, PAID),
        change: contains_any(lower, CHANGE),
        other: excluded && !subtotal,
        rounding: contains_any(lower, ROUNDING),
    }
}

/// One printing of an amount.
struct Seen {
    row: usize,
    features: [f32; FEATURES.len()],
}

fn index(name: &str) -> usize {
    FEATURES.iter().position(|f| *f == name).expect("a feature")
}

pub fn candidates(page: &Page) -> Vec<Candidate> {
    let n = page.lines.len();
    let labels: Vec<Labels> = page.lowers.iter().map(|l| labels(l)).collect();
    let mut seen: BTreeMap<i64, (Vec<Seen>, Option<String>)> = BTreeMap::new();
    let tallest = (0..n)
        .filter(|&i| !page.amounts[i].is_empty())
        .map(|i| page.lines[i].height)
        .fold(0.0f32, f32::max);
    let first_rounding = labels.iter().position(|l| l.rounding);
    let mut in_summary = false;
    // What the item lines above each row add up to.
    let mut items_above = vec![0i64; n + 1];
    let (mut subtotals, mut taxes, mut paid, mut change) = (vec![], vec![], vec![], vec![]);
    let mut roundings = Vec::new();
    // The last amount of each line above that holds one, nearest last.
    let mut line_amounts: Vec<i64> = Vec::new();
    for i in 0..n {
        let l = labels[i];
        let amounts = &page.amounts[i];
        let lower = &page.lowers[i];
        let letters = page.lines[i]
            .text
            .chars()
            .filter(|c| c.is_alphabetic())
            .count();
        let labelled = l.strong || l.weak || l.subtotal || l.tax || l.paid || l.change || l.other;
        let item_line = letters >= 3 && !labelled && !l.rounding && !amounts.is_empty();
        items_above[i + 1] = items_above[i]
            + if item_line {
                amounts.last().map_or(0, |a| a.minor.max(0))
            } else {
                0
            };
        let summary_here = in_summary;
        in_summary |= lower.contains("summary");
        let above_label =
            i > 0 && page.amounts[i - 1].is_empty() && (labels[i - 1].strong || labels[i - 1].weak);
        let alone = amount_alone(&page.lines[i].text);
        for (k, amount) in amounts.iter().enumerate() {
            let last = k + 1 == amounts.len();
            if last {
                let v = amount.minor.abs();
                if l.rounding && v < 10 {
                    roundings.push(v);
                }
                if l.subtotal {
                    subtotals.push(v);
                } else if l.tax && !lower.contains("summary") {
                    taxes.push(v);
                }
                if l.paid && !l.change {
                    paid.push(v);
                }
                if l.change {
                    change.push(v);
                }
            }
            if amount.minor <= 0 || amount.minor >= 100_000_000 {
                continue;
            }
            let mut f = [0.0f32; FEATURES.len()];
            let on = |b: bool| if b && last { 1.0 } else { 0.0 };
            f[index("strong_label")] = on(l.strong);
            f[index("weak_label")] = on(l.weak);
            f[index("label_above")] = if above_label && alone { 1.0 } else { 0.0 };
            f[index("subtotal_label")] = on(l.subtotal);
            f[index("tax_label")] = on(l.tax);
            f[index("paid_label")] = on(l.paid);
            f[index("change_label")] = on(l.change);
            f[index("other_sum_label")] = on(l.other || l.rounding);
            f[index("item_line")] = if item_line { 1.0 } else { 0.0 };
            f[index("position")] = page.position(i);
            f[index("currency_sign")] = if amount.currency.is_some() { 1.0 } else { 0.0 };
            f[index("confidence")] = page.lines[i].conf;
            f[index("height")] = page.lines[i].height.clamp(0.25, 4.0).log2();
            f[index("tallest")] = if tallest > 1.0 && page.lines[i].height >= 0.95 * tallest {
                1.0
            } else {
                0.0
            };
            f[index("table_row")] = if amounts.len() > 1 { 1.0 } else { 0.0 };
            f[index("after_rounding")] = if first_rounding.is_some_and(|r| r < i) {
                1.0
            } else {
                0.0
            };
            f[index("in_tax_summary")] = if summary_here { 1.0 } else { 0.0 };
            f[index("alone")] = if alone { 1.0 } else { 0.0 };
            f[index("items_sum")] =
                if items_above[i] == amount.minor && item_line_count(&items_above, i) >= 2 {
                    1.0
                } else {
                    0.0
                };
            f[index("sums_lines_above")] = if sums_lines_above(&line_amounts, amount.minor) {
                1.0
            } else {
                0.0
            };
            let entry = seen.entry(amount.minor).or_insert((Vec::new(), None));
            entry.0.push(Seen {
                row: i,
                features: f,
            });
            if entry.1.is_none() {
                entry.1 = amount.currency.clone();
            }
        }
        if let Some(a) = amounts.last()
            && a.minor > 0
        {
            line_amounts.push(a.minor);
        }
        // "NET TOTAL 174.9": OCR lost the last zero of the total.
        if amounts.is_empty()
            && l.strong
            && let Some(minor) = sums::one_decimal(&page.lines[i].text)
            && minor > 0
        {
            let mut f = [0.0f32; FEATURES.len()];
            f[index("strong_label")] = 1.0;
            f[index("repaired")] = 1.0;
            f[index("position")] = page.position(i);
            f[index("confidence")] = page.lines[i].conf;
            f[index("height")] = page.lines[i].height.clamp(0.25, 4.0).log2();
            seen.entry(minor)
                .or_insert((Vec::new(), None))
                .0
                .push(Seen {
                    row: i,
                    features: f,
                });
        }
    }
    // A subtotal and all its taxes add up to the total, printed or not.
    let all_taxes: i64 = taxes.iter().sum();
    let mut sums_of_parts: Vec<i64> = Vec::new();
    for &s in &subtotals {
        sums_of_parts.extend(taxes.iter().map(|t| s + t));
        sums_of_parts.push(s + all_taxes);
    }
    if first_rounding.is_some() {
        let rounded: Vec<i64> = sums_of_parts
            .iter()
            .map(|v| sums::nearest_five(*v))
            .collect();
        sums_of_parts.extend(rounded);
    }
    sums_of_parts.retain(|v| *v > 0);
    // Without a tax, a subtotal rounded to the coin the till rounds to is
    // the total as much as with one.
    if !taxes.is_empty() || first_rounding.is_some() {
        for &v in &sums_of_parts {
            seen.entry(v).or_insert_with(|| {
                let mut f = [0.0f32; FEATURES.len()];
                f[index("computed")] = 1.0;
                f[index("position")] = 1.0;
                let row = n.saturating_sub(1);
                (vec![Seen { row, features: f }], None)
            });
        }
    }
    let values: Vec<i64> = seen.keys().copied().collect();
    // Amounts printed more than once: one digit off one of them is more
    // likely OCR's slip than another amount.
    let repeated: Vec<i64> = seen
        .iter()
        .filter(|(_, (s, _))| s.len() > 1)
        .map(|(v, _)| *v)
        .collect();
    // The lowest amount with a total's label, outside a tax summary.
    let strong = index("strong_label");
    let last_strong = seen
        .iter()
        .flat_map(|(v, (s, _))| s.iter().map(move |s| (*v, s)))
        .filter(|(_, s)| s.features[strong] == 1.0 && s.features[index("in_tax_summary")] == 0.0)
        .max_by_key(|(_, s)| s.row)
        .map(|(v, _)| v);
    // Amounts on total lines: a total whose leading digits OCR lost ends
    // like one of them.
    let labelled: Vec<i64> = seen
        .iter()
        .filter(|(_, (s, _))| {
            s.iter()
                .any(|s| s.features[strong] == 1.0 || s.features[index("weak_label")] == 1.0)
        })
        .map(|(v, _)| *v)
        .collect();
    let printed: Vec<i64> = seen
        .iter()
        .filter(|(_, (s, _))| s.iter().any(|s| s.features[index("computed")] == 0.0))
        .map(|(v, _)| *v)
        .collect();
    let largest = printed.iter().copied().max().unwrap_or(0);
    let most_paid = paid.iter().copied().max();
    let within_paid = most_paid.and_then(|p| printed.iter().copied().filter(|v| *v <= p).max());
    // Tills round cash totals to a coin of five minor units: the rounded
    // amount is the multiple of five, not the one it was rounded from.
    let rounded = |v: i64| {
        first_rounding.is_some()
            && v % 5 == 0
            && values.iter().any(|&u| {
                u != v
                    && (sums::nearest_five(u) == v
                        || roundings
                            .iter()
                            .any(|r| *r > 0 && (u + r == v || u - r == v)))
            })
    };
    seen.into_iter()
        .map(|(minor, (seen, currency))| {
            let mut f = [0.0f32; FEATURES.len()];
            for s in &seen {
                for (a, b) in f.iter_mut().zip(s.features) {
                    *a = a.max(b);
                }
            }
            let count = seen
                .iter()
                .filter(|s| s.features[index("computed")] == 0.0)
                .count();
            f[index("repeated")] = ((count.max(1) as f32).ln() / 4f32.ln()).min(1.0);
            f[index("largest")] = if minor == largest { 1.0 } else { 0.0 };
            f[index("largest_within_paid")] = if within_paid == Some(minor) { 1.0 } else { 0.0 };
            f[index("subtotal_plus_tax")] = if !taxes.is_empty() && sums_of_parts.contains(&minor) {
                1.0
            } else {
                0.0
            };
            f[index("paid_minus_change")] = if paid
                .iter()
                .any(|p| change.iter().any(|c| *c > 0 && p - c == minor))
            {
                1.0
            } else {
                0.0
            };
            f[index("rounded")] = if rounded(minor) { 1.0 } else { 0.0 };
            f[index("last_strong")] = if last_strong == Some(minor) { 1.0 } else { 0.0 };
            f[index("exceeds_paid")] = if most_paid.is_some_and(|p| minor > p) {
                1.0
            } else {
                0.0
            };
            f[index("ends_like_labelled")] = if labelled.iter().any(|&m| {
                m >= 100 && m < minor && minor % 10i64.pow(m.to_string().len() as u32) == m
            }) {
                1.0
            } else {
                0.0
            };
            f[index("one_digit_off_repeated")] = if repeated
                .iter()
                .any(|&m| m != minor && one_digit_off(m, minor))
            {
                1.0
            } else {
                0.0
            };
            f[index("magnitude")] = ((1.0 + minor as f32 / 100.0).ln() / 1000f32.ln()).min(1.5);
            Candidate {
                minor,
                currency,
                row: seen.iter().map(|s| s.row).max().unwrap_or(0),
                features: f.to_vec(),
            }
        })
        .collect()
}

/// Whether `minor` is the sum of the amounts of the two to five lines
/// right above it: a subtotal and its taxes, tip or service charge, even
/// when OCR garbled their labels (`Subtotal 309.00`, `Total 24.72`,
/// `333.72`).
fn sums_lines_above(line_amounts: &[i64], minor: i64) -> bool {
    let mut sum = 0;
    for (k, v) in line_amounts.iter().rev().take(5).enumerate() {
        sum += v;
        if k >= 1 && sum == minor {
            return true;
        }
    }
    false
}

/// Whether two amounts differ in one digit only.
fn one_digit_off(a: i64, b: i64) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

fn item_line_count(items_above: &[i64], row: usize) -> usize {
    items_above[..=row]
        .windows(2)
        .filter(|w| w[1] != w[0])
        .count()
}

/// The most probable total with its confidence (0 to 100), and its row.
pub fn best(page: &Page) -> Option<(Scored<Money>, usize)> {
    let (candidate, p) = model::pick(
        &model::weights().total,
        candidates(page),
        |c| &c.features,
        |a, b| a.row.cmp(&b.row),
    )?;
    // The receipt's currency counts every sign and code it prints (and
    // its language): surer than one sign beside one amount, which OCR may
    // have misread ("S$" for "RM").
    let currency = page
        .locale
        .currency
        .clone()
        .or(candidate.currency)
        .unwrap_or_else(|| page.cx.default_currency.clone());
    let minor = rescale(candidate.minor, &currency);
    Some((
        Scored::new(Money { minor, currency }, super::pct(p)),
        candidate.row,
    ))
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

/// Amounts are read in hundredths; currencies with other minor units need
/// them converted.
fn rescale(hundredths: i64, currency: &str) -> i64 {
    match crate::money::minor_digits(currency) {
        0 => hundredths / 100,
        3 => hundredths * 10,
        _ => hundredths,
    }
}

#[cfg(test)]
mod tests {
    use super::super::page::{Context, typed_lines};
    use super::*;

    fn sums_above(text: &str) -> Vec<(i64, bool)> {
        let cx = Context::default();
        let lines = typed_lines(text);
        let page = Page::new(&lines, &cx);
        candidates(&page)
            .into_iter()
            .filter(|c| c.features[index("computed")] == 0.0)
            .map(|c| (c.minor, c.features[index("sums_lines_above")] == 1.0))
            .collect()
    }

    #[test]
    fn an_amount_that_adds_up_the_lines_above_is_marked() {
        // The tax line reads "Total" and the total's own label is lost.
        let text = "Subtotal 309.00\n08:19 Total 24.72\n333.72\nVisa 400.00\n";
        assert_eq!(
            sums_above(text),
            [(2472, false), (30900, false), (33372, true), (40000, false)]
        );
        // Up to five lines: a subtotal and four taxes.
        let text = "Net Total: $14.85\nSales $1.52\nTax $0.15\nFee $0.04\nTOTAL: $16.56\n";
        assert!(sums_above(text).contains(&(1656, true)));
        // One line above is no sum.
        assert!(
            sums_above("Subtotal 5.00\nTotal 5.00\n")
                .iter()
                .all(|(_, on)| !on)
        );
    }
}
