//! Eligibility: which receipts the program accepts at all.

use chrono::NaiveDate;
use thiserror::Error;

use crate::extract::{Fields, normalise_category};
use crate::money::{MoneyError, check_total};
use crate::program::Program;
use crate::program::owner::{owner_domain, owner_shop};

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
    #[error(
        "not eligible: the e-mail comes from {domain}, a sender of {shop}, which belongs to the \
         panel's owner, whose receipts do not count"
    )]
    OwnerSender { domain: String, shop: String },
    #[error("not eligible: {0}")]
    BadTotal(MoneyError),
    #[error("not eligible: {0} purchases are excluded by the program")]
    ExcludedKind(String),
}

/// The rules need the merchant, the date and the total, so a receipt
/// missing any of them is refused with the flag that supplies it.
/// `sender_domain` is an e-mail receipt's sender's.
pub fn check(
    fields: &Fields,
    sender_domain: Option<&str>,
    rules: &Program,
    today: NaiveDate,
) -> Result<(), Ineligible> {
    let missing = |field, flag| Ineligible::Missing { field, flag };
    let merchant = fields
        .merchant
        .as_ref()
        .ok_or(missing("merchant", "--merchant NAME"))?;
    let date = fields
        .purchase_date
        .ok_or(missing("purchase date", "--date YYYY-MM-DD"))?;
    let total = fields
        .total
        .as_ref()
        .ok_or(missing("total", "--total AMOUNT"))?;
    check_total(total, rules.max_total_minor).map_err(Ineligible::BadTotal)?;
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
    if owner_shop(merchant, &rules.owner_merchants).is_some() {
        return Err(Ineligible::OwnerMerchant(merchant.clone()));
    }
    if let Some(domain) = sender_domain
        && let Some(shop) = owner_domain(domain, &rules.owner_merchants)
    {
        return Err(Ineligible::OwnerSender {
            domain: domain.to_string(),
            shop: shop.to_string(),
        });
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

    fn check_(fields: &Fields, rules: &Program, today: NaiveDate) -> Result<(), Ineligible> {
        check(fields, None, rules, today)
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn applies_every_rule() {
        let rules = Program::default();
        let today = day(31);
        assert_eq!(
            check_(&fields("Corner Shop", day(1), "grocery"), &rules, today),
            Ok(())
        );
        assert_eq!(
            check_(&fields("Corner Shop", day(31), "grocery"), &rules, day(31)),
            Ok(())
        );
        assert!(matches!(
            check_(&fields("Shop", day(31), "other"), &rules, day(30)),
            Err(Ineligible::Future(_))
        ));
        let old = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert!(matches!(
            check_(&fields("Shop", old, "other"), &rules, today),
            Err(Ineligible::TooOld { age: 31, .. })
        ));
        for owner in ["AMAZON", "whole foods  market", "Amazon 4-Star"] {
            assert!(
                matches!(
                    check_(&fields(owner, day(2), "other"), &rules, today),
                    Err(Ineligible::OwnerMerchant(_))
                ),
                "{owner}"
            );
        }
        assert_eq!(
            check_(
                &fields("Amazonia Cafe", day(2), "restaurant"),
                &rules,
                today
            ),
            Ok(())
        );
        assert!(matches!(
            check_(&fields("Lucky 7", day(2), "casino"), &rules, today),
            Err(Ineligible::ExcludedKind(_))
        ));
        let mut zero = fields("Shop", day(2), "other");
        zero.total.as_mut().unwrap().minor = 0;
        assert!(matches!(
            check_(&zero, &rules, today),
            Err(Ineligible::BadTotal(MoneyError::NotPositive(_)))
        ));
        assert!(matches!(
            check(
                &fields("Order Confirmation", day(2), "other"),
                Some("email.amazon.com"),
                &rules,
                today
            ),
            Err(Ineligible::OwnerSender { .. })
        ));
        let mut no_total = fields("Shop", day(2), "other");
        no_total.total = None;
        assert!(matches!(
            check_(&no_total, &rules, today),
            Err(Ineligible::Missing { field: "total", .. })
        ));
    }
}
