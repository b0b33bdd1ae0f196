//! Reading the fields of a receipt from its lines of text, whether typed
//! (e-receipts) or read by OCR: each field's candidates are found and
//! weighed by its own module ([`super::merchant`], [`super::purchase_date`],
//! [`super::total`]), the items are read above the total, and the category
//! follows from the merchant and the text. Every field comes with a
//! confidence from 0 to 100: the model's probability that it is right.

use chrono::NaiveDate;

use super::category::categorise;
use super::items::{Item, items};
use super::page::{Context, Line, Page};
use super::{Scored, merchant, purchase_date, total};
use crate::money::Money;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Read {
    pub merchant: Option<Scored<String>>,
    pub purchase_date: Option<Scored<NaiveDate>>,
    pub total: Option<Scored<Money>>,
    pub items: Vec<Item>,
    pub category: Scored<String>,
}

pub fn read(lines: &[Line], cx: &Context) -> Read {
    let page = Page::new(lines, cx);
    let merchant = merchant::best(&page);
    let purchase_date = purchase_date::best(&page);
    let (total, total_row) = match total::best(&page) {
        Some((total, row)) => (Some(total), Some(row)),
        None => (None, None),
    };
    let due = total.as_ref().map(|t| t.value.minor);
    let items = items(&page, total_row, due);
    let category = categorise(merchant.as_ref().map(|m| m.value.as_str()), &page.text());
    Read {
        merchant,
        purchase_date,
        total,
        items,
        category: category.map(String::from),
    }
}

/// Every field's candidates and their features, for learning the weights.
pub struct Candidates {
    pub totals: Vec<total::Candidate>,
    pub dates: Vec<purchase_date::Candidate>,
    pub merchants: Vec<merchant::Candidate>,
}

pub fn candidates(lines: &[Line], cx: &Context) -> Candidates {
    let page = Page::new(lines, cx);
    Candidates {
        totals: total::candidates(&page),
        dates: purchase_date::candidates(&page),
        merchants: merchant::candidates(&page),
    }
}

#[cfg(test)]
mod tests {
    use super::super::page::typed_lines;
    use super::*;

    /// The default config: dollars, the order of day and month from the
    /// receipt.
    fn cx() -> Context {
        Context {
            default_currency: "USD".into(),
            order: None,
            latest: NaiveDate::from_ymd_opt(2026, 3, 20),
            ..Context::default()
        }
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn reads_a_malaysian_receipt() {
        let text = "SYARIKAT PERNIAGAAN GIN KEE\nSDN BHD\n(81109-A)\nNO 290, JALAN AIR PANAS\nTEL : 03-40210276\nTAX INVOICE\nDATE : 05/12/2018 10:02\n2 X 3.50 7.00 MILO\nBREAD 2.00\nSUB TOTAL 9.00\nGST 0.00\nTOTAL 9.00\nCASH 10.00\nCHANGE 1.00\n";
        let read = read(&typed_lines(text), &cx());
        let total = read.total.unwrap().value;
        assert_eq!((total.minor, total.currency.as_str()), (900, "MYR"));
        assert_eq!(read.purchase_date.unwrap().value, ymd(2018, 12, 5));
        assert_eq!(
            read.merchant.unwrap().value,
            "SYARIKAT PERNIAGAAN GIN KEE SDN BHD"
        );
    }

    #[test]
    fn reads_a_german_receipt_in_the_default_config() {
        let text = "ALDI SÜD\nMarktstraße 1\nBananen 1,29 A\nMilch 2 x 0,99 1,98 A\nSumme 3,27\nGeg. Bar 5,00\nRückgeld 1,73\n07.04.2020 10:15\n";
        let read = read(&typed_lines(text), &cx());
        let total = read.total.unwrap().value;
        assert_eq!((total.minor, total.currency.as_str()), (327, "EUR"));
        assert_eq!(read.purchase_date.unwrap().value, ymd(2020, 4, 7));
        assert_eq!(read.merchant.unwrap().value, "ALDI SÜD");
        assert_eq!(read.category.value, "grocery");
        assert_eq!(
            read.items,
            vec![
                Item {
                    description: "Bananen".into(),
                    quantity: 1,
                    amount_minor: 129
                },
                Item {
                    description: "Milch".into(),
                    quantity: 2,
                    amount_minor: 198
                },
            ]
        );
    }

    #[test]
    fn reads_an_american_receipt_in_the_default_config() {
        let text = "CORNER DINER\n12 Main St, Springfield, IL 62701\n(217) 555-0134\nServer: Ann Table 12\n03/04/2019 7:45 PM\nBurger 12.50\nFries 4.00\nSubtotal 16.50\nTax 1.32\nTotal 17.82\nVisa 17.82\n";
        let read = read(&typed_lines(text), &cx());
        let total = read.total.unwrap().value;
        assert_eq!((total.minor, total.currency.as_str()), (1782, "USD"));
        assert_eq!(read.purchase_date.unwrap().value, ymd(2019, 3, 4));
        assert_eq!(read.merchant.unwrap().value, "CORNER DINER");
    }

    #[test]
    fn a_merchant_is_read_whole() {
        let text = "Shop s0-0711\n12 Market Street, Testville\nDate: 2026-03-01 09:11\nBread 1.00\nMilk 2.00\nTotal 3.00 USD\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.merchant.unwrap().value, "Shop s0-0711");
        assert_eq!(read.total.unwrap().value.minor, 300);
        assert_eq!(read.purchase_date.unwrap().value, ymd(2026, 3, 1));
    }

    #[test]
    fn joins_a_brand_with_the_company_printed_next_to_it() {
        let merchant = |text: &str| read(&typed_lines(text), &cx()).merchant.unwrap().value;
        assert_eq!(
            merchant(
                "NOODLE HOUSE (CENTRAL)\nNOODLE HOUSE SDN BHD\n(945402-P)\nNO 5, JALAN BESAR\nTOTAL 9.00\n"
            ),
            "NOODLE HOUSE (CENTRAL) NOODLE HOUSE SDN BHD"
        );
        assert_eq!(
            merchant("NO 5 JALAN BESAR\nSRI MAJU SDN BHD\nTOTAL 9.00\n"),
            "SRI MAJU SDN BHD"
        );
    }

    #[test]
    fn the_sums_above_agree_with_the_total() {
        // The label of the total is damaged; subtotal and tax add up to it.
        let text = "SRI MAJU SDN BHD\nLAMP 68.87\nSub Total RM 68.87\nGST/TAX 6% RM 4.13\nTOR: RM 73.00\nCASH RM 100.00\nCHANGE RM 27.00\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().value.minor, 7300);
    }

    #[test]
    fn a_subtotal_rounded_to_the_coin_is_the_total_ocr_lost() {
        // No tax printed and the amount of the total unreadable.
        let text = "KEDAI MAJU\nBREAD 1 2.49 2.49\nMILK 1 2.20 2.20\nSub Total : RM 4.69\nRounding Adj : RM 0.01\nTotal Sales Inclusive GST RM 4.\nCash : RM 5.00\nChange : RM 0.30\n";
        let read = read(&typed_lines(text), &cx());
        assert_eq!(read.total.unwrap().value.minor, 470);
    }

    #[test]
    fn a_sender_names_the_merchant() {
        let mut cx = cx();
        cx.sender_domain = Some("mail.bakery-rose.co.uk".into());
        let read = read(&typed_lines("Your order\n\nTotal 3.50\n"), &cx);
        assert_eq!(read.merchant.unwrap().value, "Bakery-rose");
    }
}
