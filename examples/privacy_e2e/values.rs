//! What a reader would recognise of a labelled line, and whether a reading
//! of a picture still shows it.
//!
//! A label names a ground-truth line (`box/NNN.csv`) and a kind; the line
//! often holds more than the value (`CASHIER: HOCK`, `TEL: 03-... FAX: ...`).
//! Each kind keeps the part a reader would take for the value: the digits of
//! every phone number, a card's last four digits, an e-mail address, a
//! member number, a name's words after its label. Matching is tolerant of
//! OCR: letters and digits only, upper case, so spaces, dots, commas and
//! `©` for `@` make no difference.

use panel::privacy::Kind;

/// A value to look for in a reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Needle {
    /// Upper-case letters and digits, looked for in the page folded the
    /// same way; a short one (under 5) must be a whole word of the page.
    Folded(String),
    /// Digits, looked for in the digits of one line of the page.
    Digits(String),
    /// A card's last digits, standing alone (no digit on either side) on
    /// one line.
    Tail(String),
}

/// Words that label a value, left out of a name or address.
const LABEL_WORDS: &[&str] = &[
    "CASHIER",
    "SERVER",
    "OPERATOR",
    "NAME",
    "MS",
    "MR",
    "MRS",
    "CUSTOMER",
    "SERVED",
    "BY",
    "YOU",
    "WERE",
    "SALESMAN",
    "STAFF",
    "SOLD",
    "MEMBER",
    "WAITER",
    "PRESIDENT",
    "ID",
    "CS",
    "CSH",
    "BILL",
    "TO",
    "ATTN",
    "NO",
];

/// The values of one labelled line of `kind`; none when nothing long
/// enough to recognise is left.
pub fn needles(kind: Kind, line: &str) -> Vec<Needle> {
    let upper = line.to_uppercase();
    match kind {
        Kind::Phone => phone_numbers(&upper)
            .into_iter()
            .map(Needle::Digits)
            .collect(),
        Kind::Card => card_tail(&upper).map(Needle::Tail).into_iter().collect(),
        Kind::Email => upper
            .split_whitespace()
            .find(|w| w.contains('@'))
            .map(fold)
            .filter(|n| n.len() >= 5)
            .map(Needle::Folded)
            .into_iter()
            .collect(),
        Kind::Loyalty | Kind::Iban => upper
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 5 && w.chars().filter(char::is_ascii_digit).count() >= 3)
            .max_by_key(|w| w.len())
            .map(|w| Needle::Folded(w.to_string()))
            .into_iter()
            .collect(),
        Kind::Name | Kind::Address => words_after_label(&upper, kind == Kind::Name)
            .filter(|n| n.len() >= 3)
            .map(Needle::Folded)
            .into_iter()
            .collect(),
        Kind::Health => Vec::new(),
    }
}

/// Each run of digits, spaces, dashes and brackets holding 7 to 13 digits;
/// a slash starts another number.
fn phone_numbers(line: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    let mut digits = String::new();
    let mut flush = |digits: &mut String| {
        if (7..=13).contains(&digits.len()) {
            numbers.push(std::mem::take(digits));
        }
        digits.clear();
    };
    for c in line.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '+' | '.' => {}
            _ => flush(&mut digits),
        }
    }
    flush(&mut digits);
    numbers
}

/// The four digits after a card's mask (`XXXX`, `*`, `'`) or brand, else
/// the last group of exactly four digits.
fn card_tail(line: &str) -> Option<String> {
    let groups: Vec<(usize, &str)> = digit_groups(line);
    let after = |i: usize| line[..i].trim_end_matches([' ', ':', '-']);
    groups
        .iter()
        .filter(|(_, g)| g.len() == 4)
        .find(|(i, _)| {
            let before = after(*i);
            before.ends_with(['X', '*', '\'']) || before.ends_with("MASTER")
        })
        .or_else(|| groups.iter().rev().find(|(_, g)| g.len() == 4))
        .map(|(_, g)| g.to_string())
}

fn digit_groups(line: &str) -> Vec<(usize, &str)> {
    let mut groups = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain([(line.len(), ' ')]) {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                groups.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    groups
}

/// The folded text from the first to the last word of a name (letters
/// only, no label word) or of an address, after any label ending in `:`.
fn words_after_label(line: &str, name: bool) -> Option<String> {
    let value = match line.rsplit_once(':') {
        Some((_, after)) if after.chars().any(char::is_alphanumeric) => after,
        _ => line,
    };
    let wanted = |w: &str| {
        !LABEL_WORDS.contains(&w)
            && w.len() >= 2
            && (!name || w.chars().all(|c| c.is_ascii_alphabetic()))
    };
    let mut words = Vec::new();
    let mut at = 0;
    for word in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let start = at;
        at += word.len() + 1;
        if wanted(word) {
            words.push((start, start + word.len()));
        }
    }
    let (first, last) = (words.first()?, words.last()?);
    Some(fold(&value[first.0..last.1]))
}

/// Upper-case letters and digits of `text`, nothing else.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase()
}

/// One reading of a picture, prepared for looking values up.
pub struct Page {
    folded: String,
    words: Vec<String>,
    lines: Vec<String>,
}

impl Page {
    pub fn new(text: &str) -> Page {
        let upper = text.to_uppercase();
        Page {
            folded: fold(&upper),
            words: upper
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect(),
            lines: upper.lines().map(str::to_string).collect(),
        }
    }

    pub fn shows(&self, needle: &Needle) -> bool {
        match needle {
            Needle::Folded(n) if n.len() < 5 => self.words.iter().any(|w| w == n),
            Needle::Folded(n) => self.folded.contains(n.as_str()),
            Needle::Digits(n) => self.lines.iter().any(|line| {
                let digits: String = line.chars().filter(char::is_ascii_digit).collect();
                digits.contains(n.as_str())
            }),
            Needle::Tail(n) => self
                .lines
                .iter()
                .any(|line| digit_groups(line).iter().any(|(_, g)| g == n)),
        }
    }
}

/// A total as printed (`9.00`, `RM9.00`, `1,234.50`): its whole units and
/// cents, matched on one line with a dot or comma (and OCR's stray space)
/// between them.
pub fn total_pattern(total: &str) -> Option<regex::Regex> {
    let digits: String = total
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let (units, cents) = digits.rsplit_once('.')?;
    let units = units.trim_start_matches('0');
    let units = if units.is_empty() { "0" } else { units };
    regex::Regex::new(&format!(
        r"(?m)(^|[^0-9]){units}\s?[.,]\s?{cents}($|[^0-9])"
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(kind: Kind, line: &str) -> Vec<Needle> {
        needles(kind, line)
    }

    #[test]
    fn values_come_out_of_their_lines() {
        let f = |s: &str| Needle::Folded(s.into());
        assert_eq!(folded(Kind::Name, "CASHIER: HOCK"), [f("HOCK")]);
        assert_eq!(
            folded(Kind::Name, "CSH:C1337 LEE FING TING"),
            [f("LEEFINGTING")]
        );
        assert_eq!(
            folded(Kind::Name, "ID : S900044(LEE MEI YEIN)"),
            [f("LEEMEIYEIN")]
        );
        assert_eq!(
            folded(Kind::Phone, "TEL: 03-7956 1234 / 03-7956 1235"),
            [
                Needle::Digits("0379561234".into()),
                Needle::Digits("0379561235".into())
            ]
        );
        assert_eq!(
            folded(Kind::Card, "46 XXXXXXXX 1819"),
            [Needle::Tail("1819".into())]
        );
        assert_eq!(
            folded(Kind::Card, "PAID BY : CC*7185:RM111.90"),
            [Needle::Tail("7185".into())]
        );
        assert_eq!(folded(Kind::Email, "EMAIL : A.B@X.COM"), [f("ABXCOM")]);
        assert_eq!(
            folded(Kind::Loyalty, "ID :VPM185710<LEE MEI YEIN>"),
            [f("VPM185710")]
        );
    }

    #[test]
    fn pages_show_values_as_ocr_reads_them() {
        let page =
            Page::new("E-MAIL: a.b © x , com\nTEL 03 - 7956 1234\nCASH 12.00\nCARD XXXX1819");
        assert!(page.shows(&Needle::Folded("ABXCOM".into())));
        assert!(page.shows(&Needle::Digits("0379561234".into())));
        assert!(page.shows(&Needle::Tail("1819".into())));
        assert!(!page.shows(&Needle::Folded("ASH".into())), "inside CASH");
        let total = total_pattern("RM12.00").unwrap();
        assert!(total.is_match("CASH 12. 00"));
        assert!(!total.is_match("CASH 112.00"));
    }
}
