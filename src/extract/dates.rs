//! Dates as receipts print them: `25/12/2018`, `11.02.18`, `2018-12-25`,
//! `04 JUN 2018`, `Jun 4, 2018`, `18.05.2020 16:07`, with OCR's stray spaces.
//!
//! A numeric date whose day and month could be swapped is settled by the
//! configured order, unless that reading is impossible or lies in the future
//! and the other does not.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Serialize};

/// Which comes first in a numeric date like `03/04/2026`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    #[default]
    DayFirst,
    MonthFirst,
}

/// A date found in a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    /// Byte offset in the line.
    pub start: usize,
    /// Day and month could not be swapped (or a month name was written).
    pub unambiguous: bool,
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("mär", 3),
    ("mrz", 3),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("dez", 12),
    ("janv", 1),
    ("févr", 2),
    ("fevr", 2),
    ("mars", 3),
    ("avr", 4),
    ("juin", 6),
    ("juil", 7),
    ("août", 8),
    ("aout", 8),
    ("déc", 12),
];

static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{1,2}) ?([./-]) ?(\d{1,2}) ?([./-]) ?(\d{4}|\d{2})(?:[^\d]|$)")
        .expect("valid")
});
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{4}) ?([./-]) ?(\d{1,2}) ?[./-] ?(\d{1,2})(?:[^\d]|$)")
        .expect("valid")
});
/// OCR slips: a lost separator (`2512/2018`, `30032018`).
static RUN_TOGETHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\d])(\d{2})(\d{2})[./-]?((?:19|20)\d{2})(?:[^\d]|$)").expect("valid")
});
static DAY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:^|[^\d])(\d{1,2})(?:st|nd|rd|th)?[ ./-]{0,2}([a-zäéû]{3,9})\.?[ ./,'’‘"°-]{0,3}(\d{4}|\d{2})(?:[^\d]|$)"#)
        .expect("valid")
});
/// The point-of-sale form `Oct06'16`, `Jan21'17` (glued to what precedes
/// it), read with OCR's letter-for-digit slips in the day (`Oct0B'14`,
/// `AugQ6"15`, `APRO4'16`).
static NAME_DAY_SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"((?i:[a-z]{3}))\.? ?([0-9OQDB]{1,2}) ?['’‘"°`]{1,3} ?(\d{2})(?:[^\d]|$)"#)
        .expect("valid")
});
static NAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|[^a-z])([a-zäéû]{3,9})\.? ?(\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})(?:[^\d]|$)",
    )
    .expect("valid")
});

fn month_named(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    let word = word.trim_end_matches('.');
    // Longest prefix first, so "juin" is June and not "jun" + "i".
    let mut best: Option<(usize, u32)> = None;
    for &(name, month) in MONTHS {
        if word.starts_with(name) && best.is_none_or(|(len, _)| name.len() > len) {
            best = Some((name.len(), month));
        }
    }
    // A month name is short: "december" yes, "decoration" no.
    const FULL: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "avril",
        "juillet",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let Some((len, month)) = best else {
        return misread_month(word);
    };
    let ok = word.chars().count() <= 4 && word.len() >= len
        || FULL
            .iter()
            .any(|f| *f == word || (f.starts_with(word) && word.len() >= 3));
    ok.then_some(month)
}

/// A three-letter month with one letter misread (`dun` for `jun`), as OCR
/// does; only for three-letter words.
fn misread_month(word: &str) -> Option<u32> {
    const SHORT: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let chars: Vec<char> = word.chars().collect();
    if chars.len() != 3 {
        return None;
    }
    let mut hits = SHORT
        .iter()
        .enumerate()
        .filter(|(_, m)| m.chars().zip(&chars).filter(|(a, b)| a != *b).count() == 1);
    let (month, _) = hits.next()?;
    // "jux" is one letter from both "jun" and "jul": no guess.
    hits.next().is_none().then_some(month as u32 + 1)
}

/// A numeric date that is no date as read but is one with one digit
/// changed the way OCR confuses digits (`2078` for `2018`, `92/02` for
/// `02/02`).
fn misread(
    first: &str,
    second: &str,
    year_text: &str,
    order: DateOrder,
    latest: NaiveDate,
) -> Option<NaiveDate> {
    const CONFUSED: &[(char, char)] = &[('7', '1'), ('9', '0'), ('4', '1'), ('8', '0'), ('0', '2')];
    let date = |a: &str, b: &str, y: &str| {
        let (a, b) = (a.parse::<u32>().ok()?, b.parse::<u32>().ok()?);
        let y = year(y)?;
        let (d, m) = match order {
            DateOrder::DayFirst => (a, b),
            DateOrder::MonthFirst => (b, a),
        };
        NaiveDate::from_ymd_opt(y, m, d).filter(|d| d.year() >= 2000 && *d <= latest)
    };
    let variants = |text: &str| -> Vec<String> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            for &(from, to) in CONFUSED {
                if c == from {
                    let mut v = text.to_string();
                    v.replace_range(i..i + 1, &to.to_string());
                    out.push(v);
                }
            }
        }
        out
    };
    variants(year_text)
        .iter()
        .find_map(|y| date(first, second, y))
        .or_else(|| {
            variants(first)
                .iter()
                .find_map(|a| date(a, second, year_text))
        })
        .or_else(|| {
            variants(second)
                .iter()
                .find_map(|b| date(first, b, year_text))
        })
}

fn year(text: &str) -> Option<i32> {
    let n: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + n),
        4 => Some(n),
        _ => None,
    }
}

/// Every date in `line`, in order. Where day and month could be swapped,
/// `order` decides unless its reading is later than `latest` and the other
/// is not. Years from 1990 to the year after `latest` are dates.
pub fn find_dates(line: &str, order: DateOrder, latest: NaiveDate) -> Vec<FoundDate> {
    let mut found = Vec::new();
    let plausible = |d: NaiveDate| d.year() >= 1990 && d.year() <= latest.year() + 1;
    let past = |d: &NaiveDate| *d <= latest;
    for c in ISO.captures_iter(line) {
        let (Some(y), Ok(m), Ok(d)) = (year(&c[1]), c[3].parse(), c[4].parse()) else {
            continue;
        };
        if c[1].len() == 4
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d))
        {
            found.push(FoundDate {
                date,
                start: c.get(1).expect("group").start(),
                unambiguous: true,
            });
        }
    }
    for c in NUMERIC.captures_iter(line) {
        if c[2] != c[4] && !(c[2] == *"/" || c[4] == *"/") {
            // 12.03-2020 is no date; 12/03-20 rarely either, but OCR may
            // read one slash as a dash, so allow a slash with anything.
            continue;
        }
        let (Ok(a), Ok(b), Some(y)) = (c[1].parse::<u32>(), c[3].parse::<u32>(), year(&c[5]))
        else {
            continue;
        };
        let day_first = NaiveDate::from_ymd_opt(y, b, a).filter(|d| plausible(*d));
        let month_first = NaiveDate::from_ymd_opt(y, a, b).filter(|d| plausible(*d));
        let (date, unambiguous) = match (day_first, month_first) {
            (Some(d), Some(m)) if d == m => (d, true),
            (Some(d), Some(m)) if past(&d) != past(&m) => (if past(&d) { d } else { m }, false),
            (Some(d), Some(m)) => (
                match order {
                    DateOrder::DayFirst => d,
                    DateOrder::MonthFirst => m,
                },
                false,
            ),
            (Some(d), None) => (d, true),
            (None, Some(m)) => (m, true),
            (None, None) => match misread(&c[1], &c[3], &c[5], order, latest) {
                Some(date) => (date, false),
                None => continue,
            },
        };
        found.push(FoundDate {
            date,
            start: c.get(1).expect("group").start(),
            unambiguous,
        });
    }
    // A named month leaves no doubt about which number is the day.
    let mut named = |start: usize, (d, m, y): (Option<u32>, Option<u32>, Option<i32>)| {
        let (Some(d), Some(m), Some(y)) = (d, m, y) else {
            return;
        };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d).filter(|d| plausible(*d)) {
            found.push(FoundDate {
                date,
                start,
                unambiguous: true,
            });
        }
    };
    for c in DAY_NAME.captures_iter(line) {
        let start = c.get(1).expect("group").start();
        named(start, (c[1].parse().ok(), month_named(&c[2]), year(&c[3])));
    }
    for c in NAME_DAY.captures_iter(line) {
        let start = c.get(1).expect("group").start();
        named(start, (c[2].parse().ok(), month_named(&c[1]), year(&c[3])));
    }
    for c in NAME_DAY_SHORT_YEAR.captures_iter(line) {
        let day: String = c[2]
            .chars()
            .map(|ch| match ch {
                'O' | 'Q' | 'D' => '0',
                'B' => '8',
                other => other,
            })
            .collect();
        let start = c.get(1).expect("group").start();
        named(start, (day.parse().ok(), month_named(&c[1]), year(&c[3])));
    }
    if found.is_empty() {
        for c in RUN_TOGETHER.captures_iter(line) {
            let (Ok(a), Ok(b), Some(y)) = (c[1].parse::<u32>(), c[2].parse::<u32>(), year(&c[3]))
            else {
                continue;
            };
            let date = match order {
                DateOrder::DayFirst => NaiveDate::from_ymd_opt(y, b, a),
                DateOrder::MonthFirst => NaiveDate::from_ymd_opt(y, a, b),
            };
            if let Some(date) = date.filter(|d| plausible(*d) && past(d)) {
                found.push(FoundDate {
                    date,
                    start: c.get(1).expect("group").start(),
                    unambiguous: false,
                });
            }
        }
    }
    found.sort_by_key(|f| f.start);
    found.dedup_by_key(|f| f.start);
    found
}

/// A date written alone, as in an annotation or a `--date` flag: the first
/// date in `text`, without a limit on how late it may be.
pub fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let latest = NaiveDate::from_ymd_opt(2999, 12, 31).expect("valid");
    find_dates(text, order, latest).first().map(|f| f.date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        ymd(2026, 3, 20)
    }

    fn first(line: &str, order: DateOrder) -> Option<NaiveDate> {
        find_dates(line, order, today()).first().map(|f| f.date)
    }

    #[test]
    fn reads_the_printed_forms() {
        let day = DateOrder::DayFirst;
        assert_eq!(
            first("Date: 25/12/2018 14:02", day),
            Some(ymd(2018, 12, 25))
        );
        assert_eq!(first("11.02.18", day), Some(ymd(2018, 2, 11)));
        assert_eq!(first("23-04-2017", day), Some(ymd(2017, 4, 23)));
        assert_eq!(first("2018-12-25", day), Some(ymd(2018, 12, 25)));
        assert_eq!(first("04 JUN 2018", day), Some(ymd(2018, 6, 4)));
        assert_eq!(first("4-Jun-18 10:02", day), Some(ymd(2018, 6, 4)));
        assert_eq!(first("Jun 4, 2018", day), Some(ymd(2018, 6, 4)));
        assert_eq!(
            first("18.05.2020 16:07 2171/3", day),
            Some(ymd(2020, 5, 18))
        );
        assert_eq!(first("Datum 02. 03. 2020", day), Some(ymd(2020, 3, 2)));
        assert_eq!(first("12 juin 2019", day), Some(ymd(2019, 6, 12)));
        assert_eq!(
            first("Chk 7862 Jan21'17 08:56", day),
            Some(ymd(2017, 1, 21))
        );
        assert_eq!(
            first("Station 1 16Feb'19 21:40", day),
            Some(ymd(2019, 2, 16))
        );
        assert_eq!(first("25AUG'17 8:03PM", day), Some(ymd(2017, 8, 25)));
        // OCR slips.
        assert_eq!(first("Date 2512/2018", day), Some(ymd(2018, 12, 25)));
        assert_eq!(first("30032018 CS-2032", day), Some(ymd(2018, 3, 30)));
        assert_eq!(first("14/dun/2017 08:34", day), Some(ymd(2017, 6, 14)));
        assert_eq!(first("Date: 22/03/2078", day), Some(ymd(2018, 3, 22)));
        assert_eq!(first("Date: 92/02/2018", day), Some(ymd(2018, 2, 2)));
        assert_eq!(first("Oct0B'14 12:10PM", day), Some(ymd(2014, 10, 8)));
        assert_eq!(first("APRO4'°16 6:09PM", day), Some(ymd(2016, 4, 4)));
    }

    #[test]
    fn settles_day_and_month_by_order_then_plausibility() {
        assert_eq!(
            first("03/04/2025", DateOrder::DayFirst),
            Some(ymd(2025, 4, 3))
        );
        assert_eq!(
            first("03/04/2025", DateOrder::MonthFirst),
            Some(ymd(2025, 3, 4))
        );
        // Only one reading is a date.
        assert_eq!(
            first("12/25/2018", DateOrder::DayFirst),
            Some(ymd(2018, 12, 25))
        );
        assert_eq!(
            first("25/12/2018", DateOrder::MonthFirst),
            Some(ymd(2018, 12, 25))
        );
        // 03/11/2026 day-first is 3 November, after "today": month-first wins.
        assert_eq!(
            first("03/11/2026", DateOrder::DayFirst),
            Some(ymd(2026, 3, 11))
        );
    }

    #[test]
    fn ignores_what_is_not_a_date() {
        assert_eq!(first("TOTAL 12.34", DateOrder::DayFirst), None);
        assert_eq!(first("Tel 03-7865 4321", DateOrder::DayFirst), None);
        assert_eq!(first("decoration 12 2019", DateOrder::DayFirst), None);
        assert_eq!(first("99/99/2019", DateOrder::DayFirst), None);
    }

    proptest! {
        #[test]
        fn written_dates_read_back(days in 0i64..9000, sep in prop::sample::select(vec!['/', '.', '-'])) {
            let date = ymd(2001, 1, 1) + chrono::Duration::days(days);
            let latest = ymd(2030, 1, 1);
            let day_first = format!("{:02}{sep}{:02}{sep}{}", date.day(), date.month(), date.year());
            let month_first = format!("{:02}{sep}{:02}{sep}{}", date.month(), date.day(), date.year());
            let iso = date.format("%Y-%m-%d").to_string();
            let named = date.format("%d %b %Y").to_string();
            prop_assert_eq!(find_dates(&day_first, DateOrder::DayFirst, latest)[0].date, date);
            prop_assert_eq!(find_dates(&month_first, DateOrder::MonthFirst, latest)[0].date, date);
            prop_assert_eq!(find_dates(&iso, DateOrder::MonthFirst, latest)[0].date, date);
            prop_assert_eq!(find_dates(&format!("Date: {named} 10:15"), DateOrder::DayFirst, latest)[0].date, date);
        }

        #[test]
        fn never_panics(text in ".{0,60}") {
            let _ = find_dates(&text, DateOrder::DayFirst, ymd(2030, 1, 1));
        }
    }
}
