//! Phone and fax numbers as receipts print them: `TEL: 03-8024 0800`,
//! `Tel 089/1234567`, `+33 1 23 45 67 89`, `(212) 555-0100`,
//! `1-300-22-2828`, `020 7946 0018`, and OCR's `1 - 3 0 0 - 8 8 8 - 3 3 3`.
//!
//! A number is found by its shape or by its label. Shapes that are phones
//! wherever they stand: an international number (`+` or `00` and a country
//! code), a national number with its trunk `0` and the area code set apart
//! (`03-…`, `(089) …`, `0171 …`), a North American `NXX-NXX-XXXX`, and
//! `1300`/`1800` service numbers. Anything else needs a label right before
//! it (`TEL`, `Fax`, `H/P`, `Mobile`, `Téléphone`, …, or at the end of the
//! line above). A tax, registration, invoice or account label right before a
//! number rules it out, and so do the shapes of dates, times, amounts and
//! registration numbers like `789417-W`.
//!
//! The `phonenumber` crate was considered: it parses one number you already
//! have, offers no way to find numbers in text, and as a validator it calls
//! dates and totals valid German numbers (`25/12/2018`, `16.90`) while it
//! refuses `+6012-5060668` as printed; the rules here cover what it would
//! have added.

use std::ops::Range;
use std::sync::OnceLock;

use super::text::{End, Hit, Labels, Line, Page, only_separators};

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, line) in page.lines.iter().enumerate() {
        let label_above = i
            .checked_sub(1)
            .map(|p| &page.lines[p])
            .is_some_and(ends_with_phone_label);
        out.extend(
            in_line(line, label_above)
                .into_iter()
                .map(|r| line.global(r)),
        );
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// Names a phone or fax number.
    Phone,
    /// Needs a colon or dot right after it (`T:`, `F.`, `HP:`).
    PhoneShort,
    /// Names some other number: tax, registration, invoice, account, …
    Other,
}

#[rustfmt::skip]
fn labels() -> &'static Labels<Label> {
    static LABELS: OnceLock<Labels<Label>> = OnceLock::new();
    LABELS.get_or_init(|| {
        use Label::*;
        let mut list: Vec<(&str, Label)> = [
            "tel", "tel no", "telno", "tel nr", "telephone", "telp", "phone", "fax", "telefax",
            "mobile", "mobil", "mob", "mobile no", "handy", "cell", "cellphone", "whatsapp", "call",
            "call us", "careline", "care line", "customer care", "customer service",
            "customer line", "hotline", "helpline", "contact", "inquiries", "enquiries", "enquiry",
            "inquiry", "reservation", "reservations", "telefon", "telefonnummer", "rufnummer",
            "fon", "funk", "téléphone", "portable", "numéro de téléphone", "wifi", "wi fi",
            "hp no", "h p no", "handphone", "no tel", "no telefon",
        ]
        .map(|w| (w, Phone))
        .to_vec();
        list.extend(["t", "f", "p", "m", "ph", "hp", "tf", "tél"].map(|w| (w, PhoneShort)));
        list.extend(
            [
                "gst", "sst", "vat", "tax", "tva", "ust", "ustid", "ust idnr", "ust id nr",
                "steuer", "steuernr", "steuernummer", "st nr", "stnr", "mwst", "siret", "siren",
                "reg", "registration", "roc", "brn", "company", "co no", "co reg", "invoice", "inv",
                "doc", "document", "bill", "receipt", "rcpt", "trn", "trans", "transaction", "txn",
                "order", "ref", "reference", "auth", "approval", "appr", "slip", "terminal", "tid",
                "mid", "merchant", "card", "acc", "account", "iban", "bic", "member", "membership",
                "loyalty", "serial", "imei", "barcode", "ean", "sku", "item", "code", "ticket",
                "chit", "site", "pos", "batch", "stan", "rrn", "survey", "voucher", "coupon",
                "kassenbon", "bon", "beleg", "belegnr", "rechnung", "rechnungsnr", "facture", "hrb",
                "kundennr", "kdnr", "id", "points", "balance", "qty",
            ]
            .map(|w| (w, Other)),
        );
        Labels::new(&list)
    })
}

/// Labels in a line: phone labels must end a word; other labels may run on
/// into the next word (`TAXINV:`).
fn label_hits(line: &Line) -> Vec<Hit<Label>> {
    let mut hits: Vec<Hit<Label>> = labels()
        .find(line.text, &line.folded, End::Word)
        .into_iter()
        .filter(|h| h.value != Label::PhoneShort || followed_by_colon(line.text, h.end))
        .collect();
    for hit in labels().find(line.text, &line.folded, End::Anywhere) {
        if hit.value == Label::Other && !hits.iter().any(|h| h.start < hit.end && hit.start < h.end)
        {
            hits.push(hit);
        }
    }
    hits.sort_by_key(|h| h.start);
    hits
}

fn followed_by_colon(text: &str, at: usize) -> bool {
    text[at..].trim_start().starts_with([':', '.', ')'])
}

/// Whether a line ends with a phone label and nothing after it but
/// separators (`FOR FEEDBACK, PLEASE CALL:`).
fn ends_with_phone_label(line: &Line) -> bool {
    label_hits(line)
        .last()
        .is_some_and(|h| h.value != Label::Other && only_separators(&line.text[h.end..]))
}

/// A run of characters that can make up a phone number, between spaces.
#[derive(Debug, Clone)]
struct Token {
    start: usize,
    end: usize,
    /// Digit groups inside the token, split at `-./()`.
    groups: Vec<(usize, usize)>,
    plus: bool,
}

impl Token {
    fn digits(&self) -> usize {
        self.groups.iter().map(|g| g.1 - g.0).sum()
    }
}

/// Splits a line into phone tokens; `None` stands for anything that breaks
/// a number (a word, a time, a date, an amount, a registration number).
fn tokens(line: &Line) -> Vec<Option<Token>> {
    let view = &line.digits;
    let text = line.text.as_bytes();
    let is_phone_char = |b: u8| b.is_ascii_digit() || b"+()-./".contains(&b);
    let mut out: Vec<Option<Token>> = Vec::new();
    let mut i = 0;
    while i < view.len() {
        if view[i] == b' ' || view[i] == b'\t' {
            i += 1;
            continue;
        }
        if !is_phone_char(view[i]) {
            // A word or other mark: it breaks any number in progress.
            while i < view.len() && view[i] != b' ' && view[i] != b'\t' && !is_phone_char(view[i]) {
                i += 1;
            }
            out.push(None);
            continue;
        }
        let raw_start = i;
        while i < view.len() && is_phone_char(view[i]) {
            i += 1;
        }
        let raw_end = i;
        let piece = &view[raw_start..raw_end];
        let mut token = make_token(piece, raw_start);
        let glued_left = token
            .as_ref()
            .map_or(raw_start, |t| t.start)
            .checked_sub(1)
            .is_some_and(|p| text[p].is_ascii_alphanumeric());
        let mut next = text.get(raw_end).copied();
        let mut glued_right = next.is_some_and(|b| b.is_ascii_alphanumeric());
        let letters = text[raw_end..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        // `1072825-A`: a registration number, not a phone.
        let registration = glued_right && view[raw_end - 1] == b'-' && letters == 1;
        // `1-300-80-AEON`: letters for digits, as a phone's keypad has them.
        if let Some(t) = token.as_mut()
            && glued_right
            && view[raw_end - 1] == b'-'
            && (3..=7).contains(&letters)
            && text[raw_end..raw_end + letters]
                .iter()
                .all(u8::is_ascii_uppercase)
            && !text
                .get(raw_end + letters)
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            t.groups.push((raw_end, raw_end + letters));
            t.end = raw_end + letters;
            i = t.end;
            next = text.get(i).copied();
            glued_right = false;
        }
        match token {
            Some(token) if !glued_left && !glued_right && !registration && !breaks(piece) => {
                out.push(Some(token));
            }
            Some(_) => out.push(None),
            None if piece.iter().all(|&b| b"-+()/".contains(&b)) => {
                // A lone dash, slash or plus joins (`05251 / 180420`); other
                // lone marks break.
                out.push(Some(Token {
                    start: raw_start,
                    end: raw_end,
                    groups: Vec::new(),
                    plus: piece.contains(&b'+'),
                }));
            }
            None => out.push(None),
        }
        // A colon, comma or the like right after the token breaks the run.
        if let Some(b) = next
            && !b.is_ascii_whitespace()
            && !b.is_ascii_alphanumeric()
        {
            out.push(None);
        }
    }
    out
}

fn make_token(piece: &[u8], offset: usize) -> Option<Token> {
    // Trim what cannot start or end a number.
    let lead = piece
        .iter()
        .take_while(|&&b| !(b.is_ascii_digit() || b == b'+' || b == b'('))
        .count();
    let trail = piece
        .iter()
        .rev()
        .take_while(|&&b| !(b.is_ascii_digit() || b == b')'))
        .count();
    if lead + trail >= piece.len() {
        return None;
    }
    let body = &piece[lead..piece.len() - trail];
    let start = offset + lead;
    let mut groups = Vec::new();
    let mut g = None;
    for (k, &b) in body.iter().enumerate() {
        match (b.is_ascii_digit(), g) {
            (true, None) => g = Some(start + k),
            (false, Some(s)) => {
                groups.push((s, start + k));
                g = None;
            }
            _ => {}
        }
    }
    if let Some(s) = g {
        groups.push((s, start + body.len()));
    }
    if groups.is_empty() {
        return None;
    }
    Some(Token {
        start,
        end: start + body.len(),
        groups,
        plus: body.first() == Some(&b'+'),
    })
}

/// Dates and amounts break a number: `25/12/2018`, `11.02.18`, `2018-04-06`,
/// `16.90`, `1.000`.
fn breaks(piece: &[u8]) -> bool {
    let body: Vec<u8> = piece
        .iter()
        .copied()
        .skip_while(|b| !b.is_ascii_digit())
        .collect();
    let body: &[u8] = {
        let end = body
            .iter()
            .rposition(u8::is_ascii_digit)
            .map_or(0, |p| p + 1);
        &body[..end]
    };
    let parts: Vec<&[u8]> = body.split(|b| !b.is_ascii_digit()).collect();
    let seps: Vec<u8> = body
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_digit())
        .collect();
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    // An amount or a decimal: one dot, up to three decimals.
    if seps == [b'.'] && (1..=3).contains(&lens[1]) {
        return true;
    }
    // A date: d/m/y, y-m-d, d.m.y.
    if seps.len() == 2 && seps[0] == seps[1] && b"/.-".contains(&seps[0]) {
        let day_first = (1..=2).contains(&lens[0])
            && (1..=2).contains(&lens[1])
            && (lens[2] == 2 || lens[2] == 4);
        let year_first = lens[0] == 4 && (1..=2).contains(&lens[1]) && (1..=2).contains(&lens[2]);
        return day_first || year_first;
    }
    false
}

/// What precedes a candidate on its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Phone,
    Other,
    None,
}

/// The label that stands right before byte `at`: the last label before it
/// with nothing but separators and at most two short words in between.
fn context(line: &Line, hits: &[Hit<Label>], at: usize) -> Context {
    let Some(hit) = hits.iter().rev().find(|h| h.end <= at) else {
        return Context::None;
    };
    let gap = &line.text[hit.end..at];
    let words = gap
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    let near = gap.len() <= 24 && words <= 2 && !gap.bytes().any(|b| b.is_ascii_digit());
    match (near, hit.value) {
        (false, _) => Context::None,
        (true, Label::Other) => Context::Other,
        (true, _) => Context::Phone,
    }
}

fn in_line(line: &Line, label_above: bool) -> Vec<Range<usize>> {
    let hits = label_hits(line);
    let tokens = tokens(line);
    let mut out: Vec<Range<usize>> = Vec::new();
    // Runs of tokens between breaks.
    let mut runs: Vec<Vec<Token>> = vec![Vec::new()];
    for token in tokens {
        match token {
            Some(t) => runs.last_mut().unwrap().push(t),
            None => runs.push(Vec::new()),
        }
    }
    let mut labelled_before = false;
    for run in runs {
        let mut a = 0;
        // Tokens before this index belong to a number already found.
        let mut taken = 0;
        while a < run.len() {
            if run[a].groups.is_empty() && !run[a].plus {
                a += 1;
                continue;
            }
            let before = context(line, &hits, run[a].start);
            // `TEL` ending one line and `: 0122536936` starting the next.
            let at_line_start = line.text[..run[a].start]
                .trim_matches(|c: char| c.is_whitespace() || ":.-=>".contains(c))
                .is_empty();
            // A number after a phone number and a list mark (`/`, `,`, `|`)
            // shares its label.
            let listed = labelled_before
                && out.last().is_some_and(|r| {
                    let gap = &line.text[r.end..run[a].start];
                    gap.len() <= 6
                        && gap
                            .chars()
                            .all(|c| c.is_whitespace() || "/,|&;".contains(c))
                });
            let labelled = before == Context::Phone || (at_line_start && label_above) || listed;
            // A number right after another number on a row of figures
            // (`00:23 34001 01 5093 868`) needs its label.
            let after_figure = a > taken && run[a - 1].digits() > 0;
            let vetoed = before == Context::Other || (after_figure && !labelled);
            match best_end(line, &run, a, labelled, vetoed) {
                Some(b) => {
                    out.push(run[a].start..run[b].end);
                    labelled_before = labelled;
                    a = b + 1;
                    taken = a;
                }
                None => a += 1,
            }
        }
    }
    out
}

/// The last token of the longest phone number that starts at token `a`.
fn best_end(line: &Line, run: &[Token], a: usize, labelled: bool, vetoed: bool) -> Option<usize> {
    let mut ends = Vec::new();
    let mut digits = 0;
    for (b, token) in run.iter().enumerate().skip(a) {
        // A second number starting with its trunk `0` or `+` ends the first.
        let new_number =
            token.plus || (token.groups.len() >= 2 && line.digits[token.groups[0].0] == b'0');
        if b > a && digits >= 9 && new_number {
            break;
        }
        digits += token.digits();
        if digits > 15 {
            break;
        }
        ends.push(b);
    }
    let accepted: Vec<usize> = ends
        .into_iter()
        .filter(|&b| !run[b].groups.is_empty() && accept(line, &run[a..=b], labelled, vetoed))
        .collect();
    let &longest = accepted.last()?;
    // `07 3823455 12`: without a label, a group of one or two digits after
    // a long group belongs to something else. Numbers printed in pairs
    // (`68 90 80`, `+33 1 23 45 67 89`) keep theirs, and so does a labelled
    // number (`Tel. 052 51/6890 80`, with its extension).
    let previous_long = longest > a && run[longest - 1].digits() > 2;
    if previous_long && run[longest].digits() <= 2 && !run[a].plus && !labelled {
        let without = longest - 1;
        let n: usize = run[a..=without].iter().map(Token::digits).sum();
        if accepted.contains(&without) && n >= 9 {
            return Some(without);
        }
    }
    Some(longest)
}

/// Whether tokens make a phone number.
fn accept(line: &Line, tokens: &[Token], labelled: bool, vetoed: bool) -> bool {
    if vetoed {
        return false;
    }
    let view = &line.digits;
    let mut groups: Vec<Vec<u8>> = tokens
        .iter()
        .flat_map(|t| t.groups.iter().map(|g| view[g.0..g.1].to_vec()))
        .collect();
    // OCR's broken spacing, `3 0 0`: single digits in a row are one group.
    if groups.windows(3).any(|w| w.iter().all(|g| g.len() == 1)) {
        let mut merged: Vec<Vec<u8>> = Vec::new();
        let mut previous_single = false;
        for (k, g) in groups.iter().enumerate() {
            let spaced = k > 0 && single_space_between(line, tokens, k);
            if g.len() == 1 && previous_single && spaced {
                merged.last_mut().unwrap().extend(g);
            } else {
                merged.push(g.clone());
            }
            previous_single = g.len() == 1;
        }
        groups = merged;
    }
    let digits: Vec<u8> = groups.concat();
    let n = digits.len();
    if !(7..=15).contains(&n) {
        return false;
    }
    let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
    let plus = tokens[0].plus;
    let d = |k: usize| digits[k];
    if plus {
        return (8..=15).contains(&n) && d(0) != b'0';
    }
    if d(0) == b'0' && d(1) == b'0' {
        // `0049 89 1234567`: international with the `00` prefix.
        return (11..=15).contains(&n) && d(2) != b'0' && sizes.len() >= 2;
    }
    if d(0) == b'0' {
        if labelled {
            return (8..=13).contains(&n);
        }
        // A national number with its area code set apart.
        return (9..=12).contains(&n)
            && sizes.len() >= 2
            && (2..=5).contains(&sizes[0])
            && sizes[1..].iter().all(|&s| s >= 2);
    }
    // Service numbers: 1-300 and 1-800 (Malaysia, Australia), 1-800-NXX-XXXX.
    if n == 10
        && (digits.starts_with(b"1300") || digits.starts_with(b"1800"))
        && (sizes.len() >= 2 || labelled)
    {
        return true;
    }
    // North America: NXX-NXX-XXXX, optionally after 1.
    let nanp = |s: &[usize], x: &[u8]| {
        s == [3, 3, 4] && (b'2'..=b'9').contains(&x[0]) && (b'2'..=b'9').contains(&x[3])
    };
    if n == 10 && nanp(&sizes, &digits) {
        return true;
    }
    if n == 11 && d(0) == b'1' && sizes.first() == Some(&1) && nanp(&sizes[1..], &digits[1..]) {
        return true;
    }
    labelled
}

/// Whether digit group `k` (counted over all tokens) is set apart from the
/// one before by a single space, as OCR spreads `300` into `3 0 0`.
fn single_space_between(line: &Line, tokens: &[Token], k: usize) -> bool {
    let spans: Vec<(usize, usize)> = tokens
        .iter()
        .flat_map(|t| t.groups.iter().copied())
        .collect();
    let (prev, this) = (spans[k - 1], spans[k]);
    &line.text[prev.1..this.0] == " "
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn phones(text: &str) -> Vec<&str> {
        found_of(Kind::Phone, text)
    }

    #[test]
    fn finds_numbers_as_receipts_print_them() {
        for (text, want) in [
            // Malaysia
            ("TEL: 03-8024 0800", vec!["03-8024 0800"]),
            (
                "TEL : 07-5547360 / 016-7993391",
                vec!["07-5547360", "016-7993391"],
            ),
            ("TEL: 03 - 8079 0255", vec!["03 - 8079 0255"]),
            ("TEL X :- 03 - 78800732", vec!["03 - 78800732"]),
            ("TEL:0122144371", vec!["0122144371"]),
            ("TELEPHONE: 073000190", vec!["073000190"]),
            ("MOBILE NO.: 60143149319", vec!["60143149319"]),
            ("TEL : + 6 03 2026 6386", vec!["+ 6 03 2026 6386"]),
            ("WHATSAPP : +6012-5060668", vec!["+6012-5060668"]),
            ("+603-9130 2672", vec!["+603-9130 2672"]),
            ("TEL)03 6206 5567", vec!["03 6206 5567"]),
            ("07 3823455", vec!["07 3823455"]),
            ("07 3823455 12", vec!["07 3823455"]),
            ("TEL: 603 7732 0925", vec!["603 7732 0925"]),
            ("CUSTOMER SERVICE 1-300-22-2828", vec!["1-300-22-2828"]),
            ("TEL 1-300-80-AEON (2366)", vec!["1-300-80-AEON (2366)"]),
            (
                "1 - 3 0 0 - 8 8 8 - 3 3 3",
                vec!["1 - 3 0 0 - 8 8 8 - 3 3 3"],
            ),
            ("CARELINE : 1800 88 1231", vec!["1800 88 1231"]),
            (
                "T: 03-2093 7358 | F: 03-2093 7359",
                vec!["03-2093 7358", "03-2093 7359"],
            ),
            (
                "TEL 03-7832 6929 , 012-659 9829",
                vec!["03-7832 6929", "012-659 9829"],
            ),
            ("RESERVATION NO: 010 - 7745055", vec!["010 - 7745055"]),
            ("TEL: O3-8O24 O8OO", vec!["O3-8O24 O8OO"]),
            // Germany
            ("Tel 089/1234567", vec!["089/1234567"]),
            (
                "Tel.: 05251/56677 Fax: 05251/55572",
                vec!["05251/56677", "05251/55572"],
            ),
            ("Tel. 08251 / 180421", vec!["08251 / 180421"]),
            ("Tel.: 0 52 51/68 90 80", vec!["0 52 51/68 90 80"]),
            ("Tel.: 052 51/6890 80", vec!["052 51/6890 80"]),
            (
                "Tel. 05251-871871-0 Fax 871871-10",
                vec!["05251-871871-0", "871871-10"],
            ),
            ("Telefon (089) 123 45 67", vec!["(089) 123 45 67"]),
            ("+49 89 1234567", vec!["+49 89 1234567"]),
            ("0171 1234567", vec!["0171 1234567"]),
            ("0049 89 1234567", vec!["0049 89 1234567"]),
            // France
            ("+33 1 23 45 67 89", vec!["+33 1 23 45 67 89"]),
            ("Tél. : 01 23 45 67 89", vec!["01 23 45 67 89"]),
            ("01.23.45.67.89", vec!["01.23.45.67.89"]),
            // United States
            ("(212) 555-0100", vec!["(212) 555-0100"]),
            ("Phone 212.555.0100", vec!["212.555.0100"]),
            ("1-800-555-0199", vec!["1-800-555-0199"]),
            // United Kingdom
            ("020 7946 0018", vec!["020 7946 0018"]),
            ("Tel 01632 960123", vec!["01632 960123"]),
            ("+44 (0)20 7946 0018", vec!["+44 (0)20 7946 0018"]),
        ] {
            assert_eq!(phones(text), want, "{text}");
        }
    }

    #[test]
    fn a_label_on_the_line_above_counts_past_a_colon() {
        assert_eq!(phones("TEL\n: 0122536936"), ["0122536936"]);
        assert_eq!(phones("WI-FI: 0123456789"), ["0123456789"]);
    }

    #[test]
    fn a_label_on_the_line_above_counts() {
        assert_eq!(
            phones("FOR FEEDBACK OR COMPLAINT, PLEASE CALL:\n0113194284"),
            ["0113194284"]
        );
    }

    #[test]
    fn never_flags_dates_totals_tax_ids_or_registrations() {
        for text in [
            "789417-W",
            "(JM0352019-K)",
            "BR NO.: 0195932-X",
            "ROC NO. : (1072825-A)",
            "GST ID: 000849813504",
            "GST ID: 0013 7941 8112",
            "GST REG NO: 000136577024",
            "TAX REG ID CBP 000709361664",
            "USt-IdNr.: DE123456789",
            "St.-Nr. 089/123/45678",
            "Steuer-Nr. :34092/30007",
            "SIRET 732 829 320 00074",
            "TVA FR 40 303 265 045",
            "25/12/2018 8:13:39 PM",
            "DATE: 11.02.18 14:08",
            "2018-04-06 17:36:35",
            "03/06/18 00:23 34001 01 5093",
            "03/06/18 00:23 34001 01 5093 868",
            "TOTAL RM 1,234.56",
            "9.000 0.00 9.00",
            "0.90 12.00 12.00",
            "TOTAL 0.70 26.70",
            "INVOICE NO: 1-916166",
            "INVOICE NUMBER: 60000152273",
            "DOCUMENT NO : TD01167104",
            "BILL NO : HP01-188357",
            "TAXINV:003-1565495",
            "15/04/18 08:53 #003-1565495#",
            "BILL 18550 - 389 - 4768 - 2303180113",
            "11.02.18 14:08 2007 2 24409",
            "REF NO: 00600676213047735",
            "SLIP: 0000000011000136498",
            "BANK ACC MBB 5128 4851 2118",
            "MAYBANK-5122 0481 6723",
            "9556939040116",
            "TICKET NO.028165",
            "03/290900",
            "1008 210 2100090",
            "0235138 SARYANI",
            "TIME 12 31 00",
            "Kassenbon Nr: 1505289010",
            "CARD NO 4111 1111 1111 1111",
            "PLZ 81100 JOHOR BAHRU",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }
}
