//! Totals checked against the sums printed above them, and totals whose
//! last digit OCR lost.
//!
//! A total line is the most often damaged line of a receipt: it is printed
//! large or bold, stamped on, circled by hand. The lines above it survive
//! more often, and they add up: the subtotal plus the tax (and a service
//! charge) is the total. An amount printed below them that equals that sum
//! is the total even when its own label is unreadable.

use std::sync::LazyLock;

use regex::Regex;

/// What a receipt's lines say about the parts of its total.
#[derive(Debug, Default, Clone)]
pub struct Parts {
    /// Amounts before tax (subtotals, totals excluding tax) and their rows.
    pub before_tax: Vec<(i64, usize)>,
    /// Tax and service charge amounts.
    pub charges: Vec<i64>,
}

/// Words of a line giving a tax or a charge added to the subtotal.
const CHARGE: &[&str] = &["gst", "tax", "sst", "vat", "service charge", "svc", "mwst"];
/// Words of a line that gives the amount before tax.
const BEFORE_TAX: &[&str] = &[
    "subtotal",
    "sub total",
    "sub-total",
    "excl",
    "excluding",
    "exclusive",
];

impl Parts {
    /// Notes what line `row` (lower case) with amounts `amounts` adds.
    pub fn note(&mut self, lower: &str, row: usize, amounts: &[i64]) {
        let Some(&last) = amounts.last() else { return };
        if last <= 0 {
            return;
        }
        if BEFORE_TAX.iter().any(|w| lower.contains(w)) {
            self.before_tax.push((last, row));
        } else if CHARGE.iter().any(|w| lower.contains(w))
            && !lower.contains("incl")
            && !lower.contains("summary")
            && !lower.contains('%')
        {
            self.charges.push(last);
        } else if CHARGE.iter().any(|w| lower.contains(w))
            && lower.contains('%')
            && amounts.len() == 1
            && !lower.contains("incl")
        {
            // "GST 6% 4.13": the rate is no amount, the one amount is the tax.
            self.charges.push(last);
        }
    }

    /// Every subtotal plus all of its charges, printed or not.
    pub fn sums(&self) -> Vec<i64> {
        if self.charges.is_empty() {
            return Vec::new();
        }
        let all: i64 = self.charges.iter().sum();
        self.before_tax.iter().map(|(base, _)| base + all).collect()
    }

    /// Sums of a subtotal and its charges (one, or all of them) that are
    /// printed on a line after the subtotal: each is a total.
    pub fn totals(&self, printed: &[(i64, usize)], roundings: &[i64]) -> Vec<(i64, usize)> {
        let mut found = Vec::new();
        let all: i64 = self.charges.iter().sum();
        for &(base, row) in &self.before_tax {
            let mut sums: Vec<i64> = self.charges.iter().map(|c| base + c).collect();
            if self.charges.len() > 1 {
                sums.push(base + all);
            }
            let rounded: Vec<i64> = sums
                .iter()
                .flat_map(|s| {
                    roundings
                        .iter()
                        .flat_map(move |r| [s + r, s - r])
                        .chain(std::iter::once(*s))
                })
                .collect();
            for sum in rounded {
                if sum <= base {
                    continue;
                }
                if let Some(&(_, at)) = printed.iter().find(|(m, at)| *m == sum && *at > row)
                    && !found.iter().any(|(m, _)| *m == sum)
                {
                    found.push((sum, at));
                }
            }
        }
        found
    }
}

/// The nearest multiple of five hundredths: the smallest coin of
/// currencies that round cash totals (ringgit, Swiss franc).
pub fn nearest_five(minor: i64) -> i64 {
    (minor + 2).div_euclid(5) * 5
}

/// The units of an amount whose decimals OCR lost at the end of a line
/// (`TOTAL RM 4.`), in whole units.
pub fn units_only(line: &str) -> Option<i64> {
    static UNITS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[\s:=])(?:RM ?)?(\d{1,6})[.,]\s*$").expect("valid"));
    UNITS.captures(line)?[1].parse().ok()
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

/// Whether two amounts differ in one digit only: the same amount, one
/// digit misread.
pub fn one_digit_off(a: i64, b: i64) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    a.len() == b.len() && a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subtotal_and_its_tax_point_at_the_total() {
        let mut parts = Parts::default();
        parts.note(" sub total g rm 68. 87 ", 3, &[6887]);
        parts.note(" gst/tax 6% ; rm 4.13 ", 5, &[413]);
        parts.note(" service charge : rm 0. 00 ", 4, &[0]);
        let printed = [(6887, 3), (413, 5), (7300, 6), (7300, 7), (4_13, 12)];
        assert_eq!(parts.totals(&printed, &[]), vec![(7300, 6)]);
        // Not printed: no total from the sum alone.
        assert!(parts.totals(&[(6887, 3), (413, 5)], &[]).is_empty());
    }

    #[test]
    fn a_rounding_moves_the_sum() {
        let mut parts = Parts::default();
        parts.note(" sub total 60.50 ", 2, &[6050]);
        parts.note(" gst 6% 3.63 ", 3, &[363]);
        assert_eq!(
            parts.totals(&[(6415, 6), (6413, 5)], &[2]),
            vec![(6415, 6), (6413, 5)]
        );
    }

    #[test]
    fn a_tax_summary_row_is_no_charge() {
        let mut parts = Parts::default();
        parts.note(" gst summary amount tax ", 9, &[]);
        parts.note(" sr @ 6% 68.87 4.13 ", 10, &[6887, 413]);
        assert!(parts.charges.is_empty());
    }

    #[test]
    fn one_digit_misread() {
        assert!(one_digit_off(764000, 784000));
        assert!(one_digit_off(7530, 7830));
        assert!(!one_digit_off(7530, 7530));
        assert!(!one_digit_off(7530, 7810));
        assert!(!one_digit_off(1190, 11190));
    }

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
        assert_eq!(units_only("Total Sales Inclusiv 2 RM 4."), Some(4));
        assert_eq!(units_only("TOTAL 4.50"), None);
        assert_eq!(units_only("TOTAL ITEMS 4"), None);
    }
}
