//! The date of purchase: every date printed is a candidate (a numeric
//! date whose day and month could be swapped is two), described by its
//! label, the time printed beside it, how it is written, whether the
//! receipt's locale reads it that way, how recent it is and how often it
//! is printed; the learned model weighs them.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Scored;
use super::dates::{DateOrder, FoundDate, find_dates};
use super::model;
use super::page::Page;
use super::words::{DATE_LABEL, NOT_PURCHASE_DATE, contains_any};

/// The features of a date candidate, in the order of the model's weights.
pub const FEATURES: &[&str] = &[
    "date_label",
    "not_purchase_label",
    "time_on_line",
    "unambiguous",
    "order_support",
    "settled_by_today",
    "named_month",
    "dotted",
    "year_first",
    "repeated",
    "position",
    "recent",
    "old",
    "confidence",
    "height",
];

#[derive(Debug, Clone)]
pub struct Candidate {
    pub date: NaiveDate,
    pub row: usize,
    pub features: Vec<f32>,
}

fn index(name: &str) -> usize {
    FEATURES.iter().position(|f| *f == name).expect("a feature")
}

fn has_time(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(2)).any(|i| {
        b[i] == b':'
            && b[i - 1].is_ascii_digit()
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
    })
}

pub fn candidates(page: &Page) -> Vec<Candidate> {
    let latest = page.latest();
    let today = page.cx.latest;
    let mut found: BTreeMap<NaiveDate, (Vec<[f32; FEATURES.len()]>, usize)> = BTreeMap::new();
    for (i, line) in page.lines.iter().enumerate() {
        let lower = &page.lowers[i];
        let days = find_dates(&line.text, DateOrder::DayFirst, latest);
        let months = find_dates(&line.text, DateOrder::MonthFirst, latest);
        let mut readings: Vec<(FoundDate, f32, bool)> = Vec::new();
        for d in &days {
            match months.iter().find(|m| m.start == d.start) {
                Some(m) if m.date != d.date => {
                    readings.push((*d, page.locale.day_first, false));
                    readings.push((*m, -page.locale.day_first, false));
                }
                _ => readings.push((*d, 0.0, !d.unambiguous)),
            }
        }
        for m in &months {
            if !days.iter().any(|d| d.start == m.start) {
                readings.push((*m, -page.locale.day_first, false));
            }
        }
        for (f, support, settled) in readings {
            let shape: String = line.text[f.start..].chars().take(10).collect();
            let head: String = shape.chars().take(3).collect();
            let mut x = [0.0f32; FEATURES.len()];
            let on = |b: bool| if b { 1.0 } else { 0.0 };
            x[index("date_label")] = on(contains_any(lower, DATE_LABEL));
            x[index("not_purchase_label")] = on(contains_any(lower, NOT_PURCHASE_DATE));
            x[index("time_on_line")] = on(has_time(&line.text));
            x[index("unambiguous")] = on(f.unambiguous);
            x[index("order_support")] = support;
            x[index("settled_by_today")] = on(settled);
            x[index("named_month")] = on(shape.chars().take(6).any(char::is_alphabetic));
            x[index("dotted")] = on(head.contains('.'));
            x[index("year_first")] = on(shape.chars().take(4).all(|c| c.is_ascii_digit()));
            x[index("position")] = page.position(i);
            if let Some(today) = today {
                let days = (today - f.date).num_days();
                x[index("recent")] = (-(days.max(0) as f32) / 365.0).exp();
                x[index("old")] = on(days > 5 * 365);
            }
            x[index("confidence")] = line.conf;
            x[index("height")] = line.height.clamp(0.25, 4.0).log2();
            let entry = found.entry(f.date).or_insert((Vec::new(), i));
            entry.0.push(x);
        }
    }
    found
        .into_iter()
        .map(|(date, (seen, row))| {
            let mut f = [f32::MIN; FEATURES.len()];
            for s in &seen {
                for (a, b) in f.iter_mut().zip(s) {
                    *a = a.max(*b);
                }
            }
            f[index("repeated")] = ((seen.len() as f32).ln() / 4f32.ln()).min(1.0);
            Candidate {
                date,
                row,
                features: f.to_vec(),
            }
        })
        .collect()
}

/// The most probable date of purchase and its confidence (0 to 100).
pub fn best(page: &Page) -> Option<Scored<NaiveDate>> {
    let best = model::pick(
        &model::weights().date,
        candidates(page),
        |c| &c.features,
        |a, b| b.row.cmp(&a.row),
    );
    match best {
        Some((c, p)) => Some(Scored::new(c.date, super::pct(p))),
        None => page.cx.sent.map(|d| Scored::new(d, 60)),
    }
}
