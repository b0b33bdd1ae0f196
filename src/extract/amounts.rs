//! Amounts in a line of receipt text: `9.00`, `RM9.00`, `24,23 €`,
//! `1.234,56`, `-0,25`, `0,25-`, with the stray spaces and letter-for-digit
//! slips of OCR (`9. 00`, `1O.5O`).

use std::sync::LazyLock;

use regex::Regex;

use crate::money::currency_from_token;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// In hundredths.
    pub minor: i64,
    /// Byte range in the line.
    pub start: usize,
    pub end: usize,
    /// A currency written next to it.
    pub currency: Option<String>,
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<pre>RM|€|EUR|\$|USD|£|GBP|CHF|S\$)?\ ?
        (?P<neg>-)?
        (?P<int>\d{1,3}(?:[.,']\d{3})+|\d{1,7})
        \ ?(?P<sep>[.,])\ ?
        (?P<frac>\d{2})
        (?P<after>\d)?
        (?P<trail>-)?
        \ ?(?P<post>€|EUR|RM|USD|\$|£|GBP|CHF)?",
    )
    .expect("valid")
});

/// Letters OCR often reads for digits, inside a token that is otherwise a
/// number with decimals.
fn fix_digits(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        let is_sep = |c: char| c == '.' || c == ',';
        let prev_ok = i >= 1
            && (chars[i - 1].is_ascii_digit()
                || (is_sep(chars[i - 1]) && i >= 2 && chars[i - 2].is_ascii_digit()));
        let next_ok = chars
            .get(i + 1)
            .is_none_or(|&n| n.is_ascii_digit() || is_sep(n) || !n.is_alphanumeric());
        let between_digits = prev_ok && next_ok;
        let fixed = match c {
            'O' | 'o' | 'D' | 'Q' if between_digits => '0',
            'l' | 'I' | '|' if between_digits => '1',
            _ => c,
        };
        // Keep byte offsets: these replacements are all one byte wide.
        if c.len_utf8() == fixed.len_utf8() {
            out.push(fixed);
        } else {
            out.push(c);
        }
    }
    out
}

/// Every amount with two decimals in `line`, left to right.
pub fn find_amounts(line: &str) -> Vec<Amount> {
    let line = fix_digits(line);
    let mut found = Vec::new();
    for c in AMOUNT.captures_iter(&line) {
        if c.name("after").is_some() {
            // 12.345 is not an amount of money with two decimals.
            continue;
        }
        let int = &c["int"];
        let sep = &c["sep"];
        // A grouped integer uses the other separator for thousands.
        if int.len() > 3 && int.contains(sep) {
            continue;
        }
        let whole = c.get(0).expect("match");
        let start = c
            .name("pre")
            .or(c.name("neg"))
            .or(c.name("int"))
            .expect("int always matches")
            .start();
        // Part of a longer number or a date (12.03.2020, 1234.56.78).
        let before = line[..start].chars().next_back();
        if before.is_some_and(|b| {
            b.is_ascii_digit() || ((b == '.' || b == '/') && c.name("pre").is_none())
        }) {
            continue;
        }
        // Followed by more of a number: 18.05.2020, 12.34/56.
        let frac_end = c.name("frac").expect("group").end();
        let mut rest = line[frac_end..].chars();
        if let (Some('.' | ',' | '/' | ':'), Some(d)) = (rest.next(), rest.next())
            && d.is_ascii_digit()
        {
            continue;
        }
        let digits: String = int.chars().filter(char::is_ascii_digit).collect();
        let Ok(units) = digits.parse::<i64>() else {
            continue;
        };
        let Ok(cents) = c["frac"].parse::<i64>() else {
            continue;
        };
        let negative = c.name("neg").is_some() || c.name("trail").is_some();
        let minor = (units * 100 + cents) * if negative { -1 } else { 1 };
        let currency = c
            .name("pre")
            .or(c.name("post"))
            .and_then(|t| match t.as_str() {
                "S$" => Some("SGD".to_string()),
                other => currency_from_token(other),
            });
        found.push(Amount {
            minor,
            start,
            end: whole.end(),
            currency,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn minors(line: &str) -> Vec<i64> {
        find_amounts(line).into_iter().map(|a| a.minor).collect()
    }

    #[test]
    fn reads_printed_amounts() {
        assert_eq!(minors("TOTAL 9.00"), vec![900]);
        assert_eq!(minors("TOTAL: RM9.00"), vec![900]);
        assert_eq!(minors("SUMME EUR 24,23"), vec![2423]);
        assert_eq!(minors("Total 1,234.56"), vec![123456]);
        assert_eq!(minors("Summe 1.234,56 €"), vec![123456]);
        assert_eq!(minors("Pfand -0,25"), vec![-25]);
        assert_eq!(minors("Rabatt 0,25-"), vec![-25]);
        assert_eq!(minors("2 x 1.50 3.00"), vec![150, 300]);
        assert_eq!(minors("TOTAL 9. 00"), vec![900]);
        assert_eq!(minors("TOTAL 1O.5O"), vec![1050]);
        assert_eq!(minors("Kalender 2026 8,50"), vec![850]);
    }

    #[test]
    fn skips_dates_times_and_long_numbers() {
        assert!(minors("18.05.2020 16:07").is_empty());
        assert!(minors("Tel 05251/1809732").is_empty());
        assert!(minors("12.345 kg").is_empty());
    }

    #[test]
    fn notes_the_currency() {
        let found = find_amounts("Total RM 12.50");
        assert_eq!(found[0].currency.as_deref(), Some("MYR"));
        let found = find_amounts("Summe 3,55 €");
        assert_eq!(found[0].currency.as_deref(), Some("EUR"));
        let found = find_amounts("Total        9.40 GBP");
        assert_eq!(found[0].currency.as_deref(), Some("GBP"));
    }

    proptest! {
        #[test]
        fn printed_amounts_read_back(units in 0i64..100_000, cents in 0i64..100, comma: bool) {
            let sep = if comma { ',' } else { '.' };
            let line = format!("TOTAL {units}{sep}{cents:02}");
            prop_assert_eq!(minors(&line), vec![units * 100 + cents]);
        }

        #[test]
        fn never_panics(text in ".{0,60}") {
            let _ = find_amounts(&text);
        }
    }
}
