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
/// number with decimals, and the slips OCR makes right after a ringgit sign.
/// Byte offsets are kept: every replacement is as wide as what it replaces.
fn fix_digits(line: &str) -> String {
    let line = fix_after_currency(line);
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
        // A section sign before a digit is a 5 whose stroke OCR mistook
        // ("§5.10"); it is two bytes wide, so a space keeps the offsets.
        if c == '§'
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !(i >= 1 && chars[i - 1].is_ascii_digit())
        {
            out.push_str(" 5");
            continue;
        }
        // Keep byte offsets: these replacements are all one byte wide.
        if c.len_utf8() == fixed.len_utf8() {
            out.push(fixed);
        } else {
            out.push(c);
        }
    }
    out
}

/// What OCR makes of `RM12.50` on thermal print: `RH12.50`, `RN12.50`,
/// `RMI2.50` (I for 1), `RMO.50` (O for 0), `RMB.33` (B for 8), `RM S0.00`
/// (S for 5), `RN. 3.00` with a speck after the sign, and `RM12 50` with the
/// point lost. Each slip is mended only right after the
/// sign and only where the result is an amount with two decimals.
fn fix_after_currency(line: &str) -> String {
    static SIGN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:^|[^A-Za-z])(R[MHNY])(\.? ?)([0-9OoDQIl|BS]{1,7})(?:([.,]) ?|( ))(\d{2})(?:$|[^\d])",
        )
        .expect("valid")
    });
    let mut out = line.to_string();
    for c in SIGN.captures_iter(line) {
        let int = c.get(3).expect("group");
        let digits = int.as_str().chars().filter(char::is_ascii_digit).count();
        if digits == 0 && (int.as_str().chars().count() > 1 || int.as_str() == "S") {
            // "RMOO 50" or "RMS 12" is too little to go on.
            continue;
        }
        let sign = c.get(1).expect("group");
        out.replace_range(sign.start()..sign.end(), "RM");
        let digits: String = int
            .as_str()
            .chars()
            .map(|ch| match ch {
                'O' | 'o' | 'D' | 'Q' => '0',
                'I' | 'l' | '|' => '1',
                'B' => '8',
                'S' => '5',
                d => d,
            })
            .collect();
        out.replace_range(int.start()..int.end(), &digits);
        if let Some(space) = c.get(5) {
            out.replace_range(space.start()..space.end(), ".");
        }
    }
    out
}

/// Every amount with two decimals in `line`, left to right.
pub fn find_amounts(line: &str) -> Vec<Amount> {
    let original = line;
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
        // A mended character wider than one byte: the amount's range covers
        // it whole in the line as printed.
        let mut start = start;
        while !original.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = whole.end();
        while !original.is_char_boundary(end) {
            end += 1;
        }
        found.push(Amount {
            minor,
            start,
            end,
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
    fn mends_ocr_slips_around_a_ringgit_sign() {
        assert_eq!(minors("PAID BY : CC*7186:RMI11.90"), vec![11190]);
        assert_eq!(minors("GST AMT : RMB.33"), vec![833]);
        assert_eq!(minors("ROUNDING RHO.02"), vec![2]);
        assert_eq!(minors("SUBTOTAL (QTY 4) RH41.43"), vec![4143]);
        assert_eq!(minors("SUBTOTAL (QTY 4) RM41 45"), vec![4145]);
        assert_eq!(minors("Total Sales(Incl GST 6%) RM 64 13"), vec![6413]);
        assert_eq!(minors("CHANGE CASH RN10,05"), vec![1005]);
        assert_eq!(minors("Changes RM S0. 00."), vec![5000]);
        assert_eq!(minors("Cash RN. 300.06,"), vec![30006]);
        let found = find_amounts("ROUNDING RHO.02");
        assert_eq!(found[0].currency.as_deref(), Some("MYR"));
        // Words that merely begin like the sign stay words.
        assert!(minors("RHONE 12").is_empty());
        assert!(minors("NORMAL RMS 12").is_empty());
    }

    #[test]
    fn reads_a_section_sign_before_digits_as_five() {
        assert_eq!(minors("TOTAL y, / >) P “a §5.10"), vec![5510]);
        let line = "§5.10 x";
        let found = find_amounts(line);
        assert_eq!(found[0].minor, 5510);
        assert!(line.is_char_boundary(found[0].start) && line.is_char_boundary(found[0].end));
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
            for a in find_amounts(&text) {
                prop_assert!(text.is_char_boundary(a.start) && text.is_char_boundary(a.end));
                prop_assert!(a.start <= a.end && a.end <= text.len());
            }
        }

        #[test]
        fn ringgit_amounts_survive_ocr_slips(
            units in 0i64..10_000,
            cents in 0i64..100,
            sign in prop::sample::select(vec!["RM", "RH", "RN", "RM "]),
            point in prop::sample::select(vec![".", ". ", " "]),
        ) {
            let printed = format!("{units}");
            // OCR reads some zeros as O and ones as I.
            let misread: String = printed
                .chars()
                .enumerate()
                .map(|(i, c)| match (i, c) {
                    (0, '1') => 'I',
                    (0, '0') => 'O',
                    _ => c,
                })
                .collect();
            let line = format!("TOTAL {sign}{misread}{point}{cents:02}");
            prop_assert_eq!(minors(&line), vec![units * 100 + cents]);
        }
    }
}
