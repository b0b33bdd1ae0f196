//! Eligibility: which receipts the program accepts at all.

use chrono::NaiveDate;
use thiserror::Error;

use crate::config::Program;
use crate::extract::{Fields, normalise_category, normalise_merchant};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Ineligible {
    #[error("the {field} could not be read from the receipt; give it with {flag}")]
    Missing {
        field: &'static str,
        flag: &'static str,
    },
    #[error("not eligible: the purchase date {0} is in the future")]
    Future(NaiveDate),
    #[error(
        "not eligible: the purchase on {date} is {age} days old; receipts must be at most {max} days old"
    )]
    TooOld { date: NaiveDate, age: i64, max: u32 },
    #[error("not eligible: {0} belongs to the panel's owner, whose receipts do not count")]
    OwnerMerchant(String),
    #[error("not eligible: {0} purchases are excluded by the program")]
    ExcludedKind(String),
}

/// The rules need the merchant, the date and the total, so a receipt
/// missing any of them is refused with the flag that supplies it.
pub fn check(fields: &Fields, rules: &Program, today: NaiveDate) -> Result<(), Ineligible> {
    let missing = |field, flag| Ineligible::Missing { field, flag };
    let merchant = fields
        .merchant
        .as_ref()
        .ok_or(missing("merchant", "--merchant NAME"))?;
    let date = fields
        .purchase_date
        .ok_or(missing("purchase date", "--date YYYY-MM-DD"))?;
    if fields.total.is_none() {
        return Err(missing("total", "--total AMOUNT"));
    }
    if date > today {
        return Err(Ineligible::Future(date));
    }
    let age = (today - date).num_days();
    if age > i64::from(rules.max_age_days) {
        return Err(Ineligible::TooOld {
            date,
            age,
            max: rules.max_age_days,
        });
    }
    let normalised = normalise_merchant(merchant);
    if rules
        .owner_merchants
        .iter()
        .any(|owner| normalise_merchant(owner) == normalised)
    {
        return Err(Ineligible::OwnerMerchant(merchant.clone()));
    }
    if rules
        .excluded_kinds
        .iter()
        .any(|kind| normalise_category(kind) == fields.category)
    {
        return Err(Ineligible::ExcludedKind(fields.category.clone()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(merchant: &str, date: NaiveDate, category: &str) -> Fields {
        Fields {
            merchant: Some(merchant.into()),
            purchase_date: Some(date),
            total: Some(crate::money::Money {
                minor: 100,
                currency: "USD".into(),
            }),
            category: category.into(),
            default_currency: "USD".into(),
            ..Fields::default()
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn applies_every_rule() {
        let rules = Program::default();
        let today = day(31);
        assert_eq!(
            check(&fields("Corner Shop", day(1), "grocery"), &rules, today),
            Ok(())
        );
        assert_eq!(
            check(&fields("Corner Shop", day(31), "grocery"), &rules, day(31)),
            Ok(())
        );
        assert!(matches!(
            check(&fields("Shop", day(31), "other"), &rules, day(30)),
            Err(Ineligible::Future(_))
        ));
        let old = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert!(matches!(
            check(&fields("Shop", old, "other"), &rules, today),
            Err(Ineligible::TooOld { age: 31, .. })
        ));
        for owner in ["AMAZON", "whole foods  market", "Amazon 4-Star"] {
            assert!(
                matches!(
                    check(&fields(owner, day(2), "other"), &rules, today),
                    Err(Ineligible::OwnerMerchant(_))
                ),
                "{owner}"
            );
        }
        assert_eq!(
            check(
                &fields("Amazonia Cafe", day(2), "restaurant"),
                &rules,
                today
            ),
            Ok(())
        );
        assert!(matches!(
            check(&fields("Lucky 7", day(2), "casino"), &rules, today),
            Err(Ineligible::ExcludedKind(_))
        ));
        let mut no_total = fields("Shop", day(2), "other");
        no_total.total = None;
        assert!(matches!(
            check(&no_total, &rules, today),
            Err(Ineligible::Missing { field: "total", .. })
        ));
    }
}
