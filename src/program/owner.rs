//! Does a receipt come from one of the owner's shops? The program does not
//! pay for those, so the check must not be passed by writing a name
//! another way: `Ａｍａｚｏｎ Ｆｒｅｓｈ` (fullwidth), `Аmazon` (a Cyrillic А),
//! `Whole Foods` (the name shortened) or an order e-mail from amazon.com.
//!
//! Names are compared after NFKC (fullwidth and compatibility forms become
//! plain ones), case folding, and the confusable skeleton of Unicode TR 39
//! (letters of other scripts that look like Latin ones become those), with
//! punctuation and spacing ignored. A name matches an owner's shop when one
//! is the other followed by more words (`Amazon Fresh #12`, `Whole Foods`
//! for Whole Foods Market); a different word (`Amazonia Cafe`) does not.

use unicode_normalization::UnicodeNormalization;
use unicode_security::confusable_detection::skeleton;

/// The words of `name` in the form names are compared in.
pub fn comparable_words(name: &str) -> Vec<String> {
    let nfkc: String = name.nfkc().collect();
    let folded = nfkc.to_lowercase();
    let skeleton: String = skeleton(&folded).collect::<String>().nfkc().collect();
    skeleton
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .map(String::from)
        .collect()
}

/// The owner's shop that `merchant` names, if any.
pub fn owner_shop<'a>(merchant: &str, owners: &'a [String]) -> Option<&'a str> {
    let name = comparable_words(merchant);
    if name.is_empty() {
        return None;
    }
    owners
        .iter()
        .find(|owner| {
            let owner = comparable_words(owner);
            !owner.is_empty()
                && (name.starts_with(&owner)
                    || (name.len() >= 2 && owner.starts_with(&name))
                    || name.concat() == owner.concat())
        })
        .map(String::as_str)
}

/// The owner's shop whose name an e-mail sender's domain carries: a label
/// of the domain that is the shop's name, or the start of it of at least six
/// letters (`amazon.co.uk`, `email.amazon.com`, `wholefoodsmarket.com`).
pub fn owner_domain<'a>(domain: &str, owners: &'a [String]) -> Option<&'a str> {
    let domain = domain.trim().trim_end_matches('.').to_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    // The last label is the top-level domain (com, uk, ...), never a name.
    let names: Vec<String> = labels[..labels.len().saturating_sub(1)]
        .iter()
        .map(|label| comparable_words(label).concat())
        .collect();
    owners
        .iter()
        .find(|owner| {
            let words = comparable_words(owner);
            (1..=words.len()).any(|n| {
                let start = words[..n].concat();
                start.chars().count() >= 6 && names.contains(&start)
            })
        })
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::Program;

    fn owners() -> Vec<String> {
        Program::default().owner_merchants
    }

    #[test]
    fn the_owners_shops_match_however_they_are_written() {
        let owners = owners();
        for name in [
            "AMAZON",
            "Amazon.com",
            "Amazon Fresh #1234",
            "Ａｍａｚｏｎ Ｆｒｅｓｈ",
            "Аmazon Go",    // Cyrillic А
            "Αmazon Books", // Greek Α
            "Whole Foods",
            "WHOLE FOODS MARKET",
            "whole  foods-market!",
            "Amazon 4-star",
            "Amazon 4 Star",
        ] {
            assert!(owner_shop(name, &owners).is_some(), "{name}");
        }
        for name in [
            "Amazonia Cafe",
            "Whole Earth Bakery",
            "Foods Market",
            "Wholesome Foods",
            "Corner Shop",
        ] {
            assert_eq!(owner_shop(name, &owners), None, "{name}");
        }
    }

    #[test]
    fn an_owners_sender_domain_matches() {
        let owners = owners();
        for domain in [
            "amazon.com",
            "email.amazon.co.uk",
            "AMAZON.DE",
            "wholefoodsmarket.com",
            "wholefoods.com",
        ] {
            assert!(owner_domain(domain, &owners).is_some(), "{domain}");
        }
        for domain in ["amazonia-cafe.com", "wholeearth.com", "shop.example.com"] {
            assert_eq!(owner_domain(domain, &owners), None, "{domain}");
        }
    }
}
