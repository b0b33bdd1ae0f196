//! Money as integer minor units plus an ISO 4217 code.
//!
//! Amounts are never floats: a receipt total is parsed straight from its text
//! into minor units, so `1.234,56` and `1,234.56` both become 123456 without
//! rounding. Which separator is the decimal one is settled by the shape of the
//! number, not by a locale guess. Currency codes and their minor units are
//! ISO 4217's, as the `iso_currency` crate carries them.

use std::fmt;

use iso_currency::Currency;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("no amount in {0:?}; write it like 12.34, 12,34, 1,234.56 or 1.234,56")]
    NoAmount(String),
    #[error("{0:?} is not an amount; write it like 12.34, 12,34, 1,234.56 or 1.234,56")]
    Malformed(String),
    #[error(
        "{0:?} is not a currency in ISO 4217; write a code such as USD, EUR or GBP, \
         or a sign such as $, € or £"
    )]
    BadCurrency(String),
    #[error("{0:?} is too large an amount")]
    TooLarge(String),
    #[error("the total {0} is not positive; a receipt's total is an amount paid, above zero")]
    NotPositive(String),
    #[error(
        "the total {total} is above the largest accepted, {max} (program.max_total_minor = \
         {max_minor}); check the amount, or raise the limit in config.toml"
    )]
    AboveMaximum {
        total: String,
        max: String,
        max_minor: i64,
    },
    #[error("{amount:?} has {found} decimals but {currency} has {allowed}")]
    TooManyDecimals {
        amount: String,
        currency: String,
        found: usize,
        allowed: u32,
    },
}

/// Digits after the decimal point for a currency: its ISO 4217 minor unit.
/// Amounts are kept with 0, 2 or 3; the units of account without a minor
/// unit (gold, special drawing rights) and the two indexed units with four
/// are kept with two, as receipts print them.
pub fn minor_digits(currency: &str) -> u32 {
    match Currency::from_code(currency).and_then(Currency::exponent) {
        Some(0) => 0,
        Some(3) => 3,
        _ => 2,
    }
}

/// Maps a printed symbol or code to an ISO 4217 code; `None` for a token
/// that is neither a known sign nor a currency in ISO 4217.
pub fn currency_from_token(token: &str) -> Option<String> {
    let code = match token {
        "$" | "US$" => "USD",
        "€" => "EUR",
        "£" => "GBP",
        "¥" => "JPY",
        "RM" => "MYR",
        "CHF" | "Fr." => "CHF",
        _ => {
            let up = token.to_ascii_uppercase();
            return Currency::from_code(&up).map(|_| up);
        }
    };
    Some(code.to_string())
}

impl Money {
    /// Parses an amount with an optional currency code or symbol before or
    /// after it (`12,34 EUR`, `€12.34`, `RM9.00`); `default_currency` applies
    /// when none is written.
    pub fn parse(text: &str, default_currency: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        let number_start = trimmed
            .find(|c: char| c.is_ascii_digit() || c == '-')
            .ok_or_else(|| MoneyError::NoAmount(text.to_string()))?;
        let number_end = trimmed
            .rfind(|c: char| c.is_ascii_digit())
            .map(|i| i + 1)
            .unwrap_or(number_start);
        let prefix = trimmed[..number_start].trim();
        let suffix = trimmed[number_end..].trim();
        let currency_token = match (prefix.is_empty(), suffix.is_empty()) {
            (true, true) => None,
            (false, true) => Some(prefix),
            (true, false) => Some(suffix),
            (false, false) => return Err(MoneyError::Malformed(text.to_string())),
        };
        let currency = match currency_token {
            None => default_currency.to_string(),
            Some(tok) => {
                currency_from_token(tok).ok_or_else(|| MoneyError::BadCurrency(tok.to_string()))?
            }
        };
        let minor = parse_minor(
            &trimmed[number_start..number_end],
            minor_digits(&currency),
            &currency,
        )
        .map_err(|e| match e {
            MoneyError::Malformed(_) => MoneyError::Malformed(text.to_string()),
            other => other,
        })?;
        Ok(Money { minor, currency })
    }
}

impl Money {
    /// Parses an amount the panelist typed (`--total`): there a lone `.`
    /// is always the decimal point, so `1.999` is refused for having more
    /// decimals than the currency rather than read as 1999.
    pub fn parse_typed(text: &str, default_currency: &str) -> Result<Money, MoneyError> {
        let money = Money::parse(text, default_currency)?;
        let number: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            .collect();
        if !number.contains(',') && number.matches('.').count() == 1 {
            let decimals = number.len() - number.rfind('.').unwrap_or(0) - 1;
            let allowed = minor_digits(&money.currency);
            if decimals > allowed as usize {
                return Err(MoneyError::TooManyDecimals {
                    amount: text.trim().to_string(),
                    currency: money.currency,
                    found: decimals,
                    allowed,
                });
            }
        }
        Ok(money)
    }
}

/// The largest total an export can carry exactly: JSON numbers are exact
/// up to 2^53.
pub const MAX_EXACT_MINOR: i64 = (1 << 53) - 1;

/// A receipt's total must be above zero and at most `max_minor`.
pub fn check_total(total: &Money, max_minor: i64) -> Result<(), MoneyError> {
    if total.minor <= 0 {
        return Err(MoneyError::NotPositive(total.to_string()));
    }
    if total.minor > max_minor {
        return Err(MoneyError::AboveMaximum {
            total: total.to_string(),
            max: Money {
                minor: max_minor,
                currency: total.currency.clone(),
            }
            .to_string(),
            max_minor,
        });
    }
    Ok(())
}

/// Parses a bare number into minor units with `digits` decimals.
///
/// With both `.` and `,` present, the last one is the decimal separator and
/// the other groups thousands. With one kind only, it groups thousands when it
/// occurs more than once, or once before exactly three digits after at most
/// three (`1,234`); otherwise it is the decimal separator (`12,34`).
pub fn parse_minor(number: &str, digits: u32, currency: &str) -> Result<i64, MoneyError> {
    let malformed = || MoneyError::Malformed(number.to_string());
    let (negative, body) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number),
    };
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(malformed());
    }
    let (int_part, frac_part, group_sep) = split_decimal(body, digits);
    let groups: Vec<&str> = match group_sep {
        Some(sep) => int_part.split(sep).collect(),
        None => vec![int_part],
    };
    let grouping_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let clean = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !grouping_ok
        || !groups.iter().all(|g| clean(g))
        || !(frac_part.is_empty() || clean(frac_part))
    {
        return Err(malformed());
    }
    if body.ends_with(['.', ',']) {
        return Err(malformed());
    }
    if frac_part.len() > digits as usize {
        return Err(MoneyError::TooManyDecimals {
            amount: number.to_string(),
            currency: currency.to_string(),
            found: frac_part.len(),
            allowed: digits,
        });
    }
    let all = format!(
        "{}{:0<width$}",
        groups.concat(),
        frac_part,
        width = digits as usize
    );
    let value: i64 = all
        .parse()
        .map_err(|_| MoneyError::TooLarge(number.to_string()))?;
    Ok(if negative { -value } else { value })
}

/// Splits `body` into (integer part, fraction digits, thousands separator).
fn split_decimal(body: &str, digits: u32) -> (&str, &str, Option<char>) {
    let last = match body.rfind(['.', ',']) {
        None => return (body, "", None),
        Some(i) => i,
    };
    let sep = body.as_bytes()[last] as char;
    let other = if sep == '.' { ',' } else { '.' };
    if body.contains(other) {
        return (&body[..last], &body[last + 1..], Some(other));
    }
    let occurrences = body.matches(sep).count();
    let after = &body[last + 1..];
    let before = &body[..last];
    let groups_thousands =
        occurrences > 1 || (after.len() == 3 && before.len() <= 3 && digits != 3);
    if groups_thousands {
        (body, "", Some(sep))
    } else {
        (before, after, None)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            format_minor(self.minor, &self.currency),
            self.currency
        )
    }
}

/// `123456` minor units of USD → `1234.56`.
pub fn format_minor(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    let scale = 10u64.pow(digits);
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = digits as usize
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_total_keeps_to_the_currency_and_the_maximum() {
        assert!(matches!(
            Money::parse_typed("1.999", "USD"),
            Err(MoneyError::TooManyDecimals { found: 3, .. })
        ));
        assert_eq!(Money::parse_typed("1.99", "USD").unwrap().minor, 199);
        assert_eq!(Money::parse_typed("1.999", "KWD").unwrap().minor, 1999);
        assert_eq!(Money::parse_typed("1,999.00", "USD").unwrap().minor, 199900);
        let usd = |minor| Money {
            minor,
            currency: "USD".into(),
        };
        assert!(matches!(
            check_total(&usd(0), 100),
            Err(MoneyError::NotPositive(_))
        ));
        assert!(matches!(
            check_total(&usd(-5), 100),
            Err(MoneyError::NotPositive(_))
        ));
        assert!(check_total(&usd(100), 100).is_ok());
        let err = check_total(&usd(101), 100).unwrap_err().to_string();
        assert!(err.contains("program.max_total_minor = 100"), "{err}");
    }
    use proptest::prelude::*;

    fn usd(text: &str) -> Result<i64, MoneyError> {
        Money::parse(text, "USD").map(|m| m.minor)
    }

    #[test]
    fn accepts_every_written_form() {
        assert_eq!(usd("12.34"), Ok(1234));
        assert_eq!(usd("12,34"), Ok(1234));
        assert_eq!(usd("1,234.56"), Ok(123456));
        assert_eq!(usd("1.234,56"), Ok(123456));
        assert_eq!(usd("1,234"), Ok(123400));
        assert_eq!(usd("1.234.567,8"), Ok(123456780));
        assert_eq!(usd("12"), Ok(1200));
        assert_eq!(usd("0.5"), Ok(50));
    }

    #[test]
    fn reads_currency_codes_and_symbols() {
        let eur = Money::parse("12,34 EUR", "USD").unwrap();
        assert_eq!((eur.minor, eur.currency.as_str()), (1234, "EUR"));
        assert_eq!(Money::parse("€3,50", "USD").unwrap().currency, "EUR");
        assert_eq!(Money::parse("RM9.00", "USD").unwrap().currency, "MYR");
        assert_eq!(Money::parse("gbp 4", "USD").unwrap().currency, "GBP");
        assert_eq!(Money::parse("1500 JPY", "USD").unwrap().minor, 1500);
    }

    #[test]
    fn refuses_three_letters_that_are_no_currency() {
        for text in ["12 ABC", "XYZ 12", "abc 3,50"] {
            let err = Money::parse(text, "USD").unwrap_err();
            assert!(matches!(err, MoneyError::BadCurrency(_)), "{text}: {err:?}");
            let said = err.to_string();
            assert!(said.contains("ISO 4217") && said.contains("USD"), "{said}");
        }
        assert_eq!(currency_from_token("abc"), None);
        assert_eq!(currency_from_token("chf").as_deref(), Some("CHF"));
        assert_eq!(currency_from_token("kwd").as_deref(), Some("KWD"));
    }

    #[test]
    fn minor_units_are_iso_4217s() {
        for (code, digits) in [
            ("EUR", 2),
            ("JPY", 0),
            ("KRW", 0),
            ("UYI", 0),
            ("KWD", 3),
            ("TND", 3),
            ("CLF", 2),
            ("XAU", 2),
            ("ABC", 2),
        ] {
            assert_eq!(minor_digits(code), digits, "{code}");
        }
    }

    #[test]
    fn refuses_malformed_amounts() {
        assert!(matches!(usd("abc"), Err(MoneyError::NoAmount(_))));
        assert!(matches!(usd("1,2,3"), Err(MoneyError::Malformed(_))));
        assert!(matches!(usd("1.234.56"), Err(MoneyError::Malformed(_))));
        assert!(matches!(usd("12.345.6,7.8"), Err(MoneyError::Malformed(_))));
        assert!(matches!(usd("1.2.3"), Err(MoneyError::Malformed(_))));
        assert!(matches!(usd("12 XX"), Err(MoneyError::BadCurrency(_))));
        assert!(matches!(
            usd("99999999999999999999"),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("1.5 JPY", "USD"),
            Err(MoneyError::TooManyDecimals { .. })
        ));
    }

    #[test]
    fn formats_minor_units() {
        assert_eq!(format_minor(123456, "USD"), "1234.56");
        assert_eq!(format_minor(5, "EUR"), "0.05");
        assert_eq!(format_minor(-250, "USD"), "-2.50");
        assert_eq!(format_minor(1500, "JPY"), "1500");
    }

    proptest! {
        #[test]
        fn point_and_comma_forms_agree(units in 0i64..10_000_000, cents in 0i64..100) {
            let plain = format!("{units}.{cents:02}");
            let comma = format!("{units},{cents:02}");
            let expected = units * 100 + cents;
            prop_assert_eq!(usd(&plain), Ok(expected));
            prop_assert_eq!(usd(&comma), Ok(expected));
        }

        #[test]
        fn thousands_separated_forms_agree(units in 1_000i64..1_000_000_000, cents in 0i64..100) {
            let grouped = group_thousands(units, ',');
            let english = format!("{grouped}.{cents:02}");
            let german = format!("{}, {cents:02}", group_thousands(units, '.')).replace(", ", ",");
            let expected = units * 100 + cents;
            prop_assert_eq!(usd(&english), Ok(expected));
            prop_assert_eq!(usd(&german), Ok(expected));
        }

        #[test]
        fn format_then_parse_round_trips(minor in -1_000_000_000i64..1_000_000_000) {
            prop_assert_eq!(usd(&format_minor(minor, "USD")), Ok(minor));
        }
    }

    fn group_thousands(mut n: i64, sep: char) -> String {
        let mut parts = Vec::new();
        while n >= 1000 {
            parts.push(format!("{:03}", n % 1000));
            n /= 1000;
        }
        parts.push(n.to_string());
        parts.reverse();
        parts.join(&sep.to_string())
    }
}
