//! Small pieces of a receipt's arithmetic: cash totals rounded to five
//! hundredths, and a total whose last digit OCR lost.

use std::sync::LazyLock;

use regex::Regex;

/// The nearest multiple of five hundredths: the smallest coin of
/// currencies that round cash totals (ringgit, Swiss franc).
pub fn nearest_five(minor: i64) -> i64 {
    (minor + 2).div_euclid(5) * 5
}

/// An amount with one decimal at the end of a line (`NET TOTAL 174.9`):
/// OCR lost the last zero of the total. In hundredths.
pub fn one_decimal(line: &str) -> Option<i64> {
    static ONE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[\s:=])(?:RM ?)?(\d{1,6})[.,](\d)\s*$").expect("valid"));
    let c = ONE.captures(line)?;
    let units: i64 = c[1].parse().ok()?;
    let tenths: i64 = c[2].parse().ok()?;
    Some(units * 100 + tenths * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_to_five_hundredths() {
        assert_eq!(nearest_five(742), 740);
        assert_eq!(nearest_five(15336), 15335);
        assert_eq!(nearest_five(2683), 2685);
        assert_eq!(nearest_five(2680), 2680);
        for m in 0..1000 {
            let r = nearest_five(m);
            assert!(r % 5 == 0 && (r - m).abs() <= 2, "{m} -> {r}");
        }
    }

    #[test]
    fn reads_a_lost_last_zero() {
        assert_eq!(one_decimal("NET TOTAL 174.9"), Some(17490));
        assert_eq!(one_decimal("TOTAL: RM 5,5"), Some(550));
        assert_eq!(one_decimal("TOTAL 174.90"), None);
        assert_eq!(one_decimal("TOTAL 1.2.3"), None);
    }
}
