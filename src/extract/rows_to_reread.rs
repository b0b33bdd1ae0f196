//! Which rows of a first reading are worth reading again on their own
//! (see `intake::LineRereads`): when the date is unsure, the rows that
//! have a date's or a time's shape but in which no date was read. A
//! receipt prints its date beside the time, and a row OCR garbled in the
//! page (`SStiabir 5:28 PE`) still shows the time's colon or the slashes.
//! A row read again replaces the page's only when a date is read in it
//! and none was before: nothing else on the receipt changes.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::dates::{DateOrder, find_dates};
use super::{REVIEW_BELOW, Settings, read_alone};
use crate::intake::{LineRereads, Reading};

/// At most this many rows of a reading are read again.
const MOST_ROWS: usize = 6;

/// A time (`5:29`), a half of the day (`PM`), or a slash between digits
/// (`24/1`). Not a dot: amounts have one.
static DATE_OR_TIME_SHAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\d{1,2}:\d{2}|\b[ap]\.?m\b|\d ?/ ?\d").expect("valid"));

/// The intake's row rereads, deciding with `settings` as extraction does.
pub fn line_rereads(settings: Settings) -> LineRereads {
    let latest = settings.today;
    LineRereads {
        rows: Arc::new(move |reading: &Reading| rows(reading, &settings)),
        better: Arc::new(move |old: &str, new: &str| {
            !has_date(old, latest) && has_date(new, latest)
        }),
    }
}

fn has_date(text: &str, latest: chrono::NaiveDate) -> bool {
    !find_dates(text, DateOrder::DayFirst, latest).is_empty()
}

fn rows(reading: &Reading, settings: &Settings) -> Vec<usize> {
    if read_alone(reading, settings)
        .purchase_date
        .is_some_and(|d| d.confidence >= REVIEW_BELOW)
    {
        return Vec::new();
    }
    reading
        .text
        .lines()
        .enumerate()
        .filter(|(_, row)| DATE_OR_TIME_SHAPE.is_match(row) && !has_date(row, settings.today))
        .map(|(i, _)| i)
        .take(MOST_ROWS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::drawn;
    use chrono::NaiveDate;

    fn settings() -> Settings {
        Settings {
            default_currency: "USD".into(),
            date_order: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        }
    }

    #[test]
    fn rows_with_a_time_but_no_date_are_read_again_when_the_date_is_unsure() {
        let lines = [
            "LALO'S MEXICAN",
            "Table 24/1 Guests 2",
            "SStiabir 5:28 PE",
            "1 Bottled Water 2.45",
            "TOTAL: 16.56",
        ];
        assert_eq!(rows(&drawn::grid(&lines, 80, 60), &settings()), [1, 2]);
        let mut dated = lines.to_vec();
        dated[2] = "8/24/2026 5:29 PM";
        assert!(rows(&drawn::grid(&dated, 80, 60), &settings()).is_empty());
    }

    #[test]
    fn a_row_read_again_is_better_only_when_it_gives_a_date() {
        let rereads = line_rereads(settings());
        assert!((rereads.better)("SStiabir 5:28 PE", "8/24/2017 5:29 PM"));
        assert!(!(rereads.better)("SStiabir 5:28 PE", "Sstiabir 5:29 PM"));
        assert!(!(rereads.better)("8/24/2017 5:28 PE", "8/24/2017 5:29 PM"));
    }
}
