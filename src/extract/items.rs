//! Line items: the lines above the total with a description and an amount
//! at their end, none above what is due (a misread amount).

use chrono::NaiveDate;

use super::amounts::find_amounts;
use super::dates::{DateOrder, find_dates};
use super::page::Page;
use super::words::*;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub description: String,
    pub quantity: u32,
    pub amount_minor: i64,
}

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

pub fn items(page: &Page, total_row: Option<usize>, due: Option<i64>) -> Vec<Item> {
    let Some(end) = total_row else {
        return Vec::new();
    };
    let mut items = Vec::new();
    for (line, lower) in page.lines[..end].iter().zip(&page.lowers) {
        let excluded = contains_any(lower, NOT_TOTAL)
            || (contains_any(lower, EXCLUDING) && !lower.contains("incl"));
        if contains_any(lower, TOTAL_WEAK)
            || contains_any(lower, NOT_ITEM)
            || excluded
            || contains_any(lower, PAID)
            || contains_any(lower, CHANGE)
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
