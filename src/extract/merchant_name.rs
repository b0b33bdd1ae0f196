//! What a merchant's name is made of, and how a header line becomes one:
//! legal forms that end a company's name (`SDN BHD`, `GmbH`, `Ltd`),
//! registration numbers printed after it, names that run over two lines,
//! and the noise OCR adds around a logo. Also the name an e-mail's sender
//! gives.

use std::sync::LazyLock;

use regex::Regex;

use super::Scored;
use super::page::{Context, Line};
use super::words::{NOT_MERCHANT, contains_any};

/// Legal forms and words that end a business's registered name.
pub static LEGAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:^|[^a-z])(?:
            s[deou0][nr]\.?\s?[b8]h[dob0]\.? | [s5$]/[b8] | sb | bhd\.? | berhad | enterprises? | trading
            | gmbh | ohg | e\.\s?k\. | ltd\.? | limited | inc\.? | llc | plc | corp\.?
            | s\.?a\.?r\.?l\.? | s\.a\. | sas | co\.,?\s?ltd | pte | holdings | industries
            | marketing | services? | restaurant | restoran | apotheke | pharmacy | pharmacie
        )(?:$|[^a-z])",
    )
    .expect("valid")
});

/// The legal forms of a company (not the words of a trade).
pub static COMPANY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)(?:^|[^a-z])(?:
            s[deou0][nr]\.?\s?[b8]h[dob0]\.? | [s5$]/[b8] | sb | bhd\.? | berhad | gmbh | ltd\.?
            | limited | inc\.? | llc | plc | corp\.? | pte | enterprises?
        )(?:$|[^a-z])",
    )
    .expect("valid")
});

/// Registration numbers in brackets beside a name: `(1206674-T)`,
/// `(Co. No: 20154-T)`, or a bracket left open at the end.
static REGISTRATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\(\[\{][^\)\]\}]*\d[^\)\]\}]*[\)\]\}]?|[\(\[\{]\s*$").expect("valid")
});

/// A word that is a registration number alone: `273500-U`, `0012345`.
/// Not a number joined to a word (`s0-0711` is part of a name).
fn registration_word(word: &str) -> bool {
    let w = word.trim_end_matches([',', '.', ';', ':']);
    let digits = w.chars().take_while(char::is_ascii_digit).count();
    let rest: Vec<char> = w.chars().skip(digits).collect();
    digits >= 4
        && match rest[..] {
            [] => true,
            ['-'] => true,
            ['-', c] | [c] => c.is_ascii_alphabetic(),
            _ => false,
        }
}

pub fn without_registration(text: &str) -> String {
    REGISTRATION
        .replace_all(text, " ")
        .split_whitespace()
        .filter(|w| !registration_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line up to the registration number printed after a company's legal
/// form: `MYNEWS RETAIL SB(306295-X) FKA BISON STORES SB` is the name of
/// `MYNEWS RETAIL SB`.
fn registered_name(text: &str) -> String {
    let mut starts: Vec<usize> = REGISTRATION.find_iter(text).map(|m| m.start()).collect();
    let mut at = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        if registration_word(word.trim()) {
            starts.push(at);
        }
        at += word.len();
    }
    starts.sort_unstable();
    for start in starts {
        if start > 0 && COMPANY.is_match(&text[..start]) {
            return text[..start].to_string();
        }
    }
    text.to_string()
}

pub fn letters_ratio(text: &str) -> f32 {
    let total = text.chars().filter(|c| !c.is_whitespace()).count().max(1);
    text.chars().filter(|c| c.is_alphabetic()).count() as f32 / total as f32
}

/// A line printed as a brand: a few words in capitals, no digits, nothing
/// of an address, a contact or a document, and no branch after a dash.
pub fn brand_like(line: &Line) -> bool {
    let t = without_registration(&line.text);
    let t = t.trim_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let upper = t.chars().filter(|c| c.is_uppercase()).count();
    let words = t.split_whitespace().count().max(1);
    let lower = format!(" {} ", t.to_lowercase());
    letters >= 4
        && words <= 4
        && !t.contains(" - ")
        && upper * 10 >= letters * 8
        && letters as f32 / words as f32 >= 3.0
        && letters_ratio(t) >= 0.8
        && !t.chars().any(|c| c.is_ascii_digit())
        && line.conf >= 0.6
        && !contains_any(&lower, NOT_MERCHANT)
        && !contains_any(&lower, super::words::TOTAL_WEAK)
}

/// The name that line `i` starts, with what belongs to it on the lines
/// around: a legal form alone on the next line, the first half of a name
/// run over two lines, a brand printed over the company trading under it.
pub fn name_at(lines: &[Line], i: usize) -> String {
    let mut name = clean_name(&registered_name(&lines[i].text));
    // "Owned by: X Sdn Bhd": the name is after the label.
    if let Some((label, after)) = name.split_once(':')
        && LEGAL.is_match(after)
        && !LEGAL.is_match(label)
    {
        name = after.trim().to_string();
    }
    // A legal form alone on its line, or opening it, or a parenthesis
    // closed but not opened, continues the name begun on the line before.
    let mut first = i;
    for _ in 0..2 {
        let rest = LEGAL.replace_all(&name, " ");
        let opens = LEGAL.find(&name).is_some_and(|m| m.start() == 0);
        let unbalanced = name.find(')') < name.find('(').or(Some(usize::MAX)) && name.contains(')');
        if first == 0
            || !(rest.chars().filter(|c| c.is_alphabetic()).count() < 3 || opens || unbalanced)
        {
            break;
        }
        first -= 1;
        name = format!("{} {name}", clean_name(&lines[first].text));
    }
    // A legal form alone on the next line (or after a bracketed branch)
    // ends this one's name.
    if let Some(next) = lines.get(i + 1) {
        let next_name = clean_name(&next.text);
        let rest = LEGAL.replace_all(&next_name, " ");
        let only_legal = rest.chars().filter(|c| c.is_alphabetic()).count() < 3;
        let branch = next_name.starts_with('(') && LEGAL.is_match(&next_name);
        if LEGAL.is_match(&next_name) && (only_legal || branch) && !name.contains(&next_name) {
            name = format!("{name} {next_name}");
        }
    }
    // A brand printed just above or below the company that trades under it.
    let company_here = COMPANY.is_match(&name);
    if company_here && first == i && i > 0 && brand_like(&lines[i - 1]) {
        let above = clean_name(&lines[i - 1].text);
        if !name.contains(&above) {
            name = format!("{above} {name}");
        }
    } else if !company_here
        && let Some(next) = lines.get(i + 1)
        && COMPANY.is_match(&next.text)
        && brand_like(&lines[i])
    {
        let next_name = clean_name(&registered_name(&next.text));
        let rest = COMPANY.replace_all(&next_name, " ");
        if rest.chars().filter(|c| c.is_alphabetic()).count() >= 3
            && !contains_any(&format!(" {} ", next_name.to_lowercase()), NOT_MERCHANT)
            && !name.contains(&next_name)
        {
            name = format!("{name} {next_name}");
        }
    }
    cut_after_legal_form(&clean_name(&name))
}

/// OCR noise after a legal form ("SDN BHD Dis, - OK") is no part of the
/// name: the name ends with its last legal form when only a few letters
/// follow it.
fn cut_after_legal_form(name: &str) -> String {
    let Some(last) = LEGAL.find_iter(name).last() else {
        return name.to_string();
    };
    let end = if name[last.start()..last.end()]
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == '.')
    {
        last.end()
    } else {
        // Without its last character, which may be more than one byte.
        name[..last.end()]
            .char_indices()
            .last()
            .map_or(last.end(), |(i, _)| i)
    };
    let after = &name[end..];
    if after.chars().filter(|c| c.is_alphabetic()).count() <= 6 {
        clean_name(&name[..end])
    } else {
        name.to_string()
    }
}

pub fn clean_name(text: &str) -> String {
    let text = without_registration(text);
    let trimmed = text.trim_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '(');
    let mut words: Vec<&str> = trimmed.split_whitespace().collect();
    // In a name printed in capitals, words at its ends with small letters or
    // none at all are OCR noise from a logo or a stamp ("HOLIg RESTORAN").
    let letters: String = words
        .concat()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
    if letters.chars().count() >= 8 && capitals * 10 >= letters.chars().count() * 8 {
        let noise = |w: &&str| {
            w.chars().any(|c| c.is_lowercase()) || !w.chars().any(|c| c.is_alphanumeric())
        };
        while words.len() > 1 && words.first().is_some_and(noise) {
            words.remove(0);
        }
        while words.len() > 1 && words.last().is_some_and(noise) {
            words.pop();
        }
    }
    words.join(" ")
}

/// An e-mail sender's name, or its domain's main label.
pub fn sender_merchant(cx: &Context) -> Option<Scored<String>> {
    const NOISE: &[&str] = &[
        "receipts",
        "receipt",
        "orders",
        "order",
        "no-reply",
        "noreply",
        "team",
        "service",
        "customer",
        "info",
        "mail",
        "notifications",
        "your",
        "tickets",
        "billing",
        "support",
        "confirmation",
        "payments",
        "newsletter",
    ];
    if let Some(name) = &cx.sender_name {
        let kept: Vec<&str> = name
            .split_whitespace()
            .filter(|w| !NOISE.contains(&w.to_lowercase().as_str()))
            .collect();
        if !kept.is_empty() {
            return Some(Scored::new(kept.join(" "), 80));
        }
    }
    let domain = cx.sender_domain.as_ref()?;
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    // The label before the public suffix (two labels for co.uk and the like).
    let short_suffix = labels.len() >= 3 && labels[labels.len() - 2].len() <= 3;
    let label = labels[labels.len() - if short_suffix { 3 } else { 2 }];
    let mut chars = label.chars();
    let name: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    Some(Scored::new(name, 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_joined_to_a_name_is_part_of_it() {
        assert_eq!(clean_name("Shop s0-0711"), "Shop s0-0711");
        assert_eq!(clean_name("SRI MAJU SDN BHD 273500-U"), "SRI MAJU SDN BHD");
        assert_eq!(
            clean_name("SRI MAJU SDN BHD (Co. No: 20154-T)"),
            "SRI MAJU SDN BHD"
        );
    }

    #[test]
    fn a_registration_number_ends_the_company_name() {
        assert_eq!(
            registered_name("QUICK NEWS RETAIL SB(306295-X) FKA OLD STORES SB"),
            "QUICK NEWS RETAIL SB"
        );
        assert_eq!(
            registered_name("QUICK NEWS RETAIL SB 306295-X FKA OLD STORES SB"),
            "QUICK NEWS RETAIL SB "
        );
    }
}
