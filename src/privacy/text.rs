//! What every detector needs from the text: its lines with their offsets, a
//! label matcher that forgives OCR (case, accents, `0`/`O`, `1`/`l`/`I`,
//! broken spacing), and a view of a line with OCR's letters-for-digits read
//! back as digits.

use std::ops::Range;

/// One line of the text, without its line break.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// Byte offset of the line in the whole text.
    pub start: usize,
    pub text: &'a str,
    /// The line folded for label matching.
    pub folded: Folded,
    /// The line with `O`/`o` read as `0` and `l`/`I`/`|` as `1` where they
    /// touch a digit; byte for byte as long as `text`.
    pub digits: Vec<u8>,
}

impl Line<'_> {
    /// A range local to this line as a range in the whole text.
    pub fn global(&self, local: Range<usize>) -> Range<usize> {
        self.start + local.start..self.start + local.end
    }

    pub fn is_blank(&self) -> bool {
        !self.text.chars().any(char::is_alphanumeric)
    }
}

/// The text split into lines, each prepared once for every detector.
pub(crate) struct Page<'a> {
    pub lines: Vec<Line<'a>>,
}

impl<'a> Page<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split('\n') {
            let body = piece.strip_suffix('\r').unwrap_or(piece);
            lines.push(Line {
                start,
                text: body,
                folded: fold(body),
                digits: digit_view(body),
            });
            start += piece.len() + 1;
        }
        Page { lines }
    }
}

/// A line reduced to lower-case letters and digits, each remembering where
/// in the line it came from. Spaces and punctuation are dropped, so labels
/// match across broken spacing (`T E L`, `CASH IER`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    chars: Vec<char>,
    /// Byte range in the line of the character each folded char came from.
    from: Vec<(usize, usize)>,
    /// Whether the source character starts a word.
    word_start: Vec<bool>,
}

/// Folds a line: lower case, accents dropped, and the characters OCR
/// confuses made equal (`0`→`o`; `1`, `i`, `|`→`l`; `@` between letters→`o`).
pub(crate) fn fold(line: &str) -> Folded {
    let mut folded = Folded::default();
    let mut prev: Option<char> = None;
    let mut iter = line.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let end = at + c.len_utf8();
        let letter_like = c.is_alphanumeric()
            || (c == '@'
                && prev.is_some_and(char::is_alphabetic)
                && next.is_some_and(char::is_alphabetic));
        if letter_like {
            let starts_word = !prev.is_some_and(|p| p.is_alphanumeric() || p == '@');
            let mut first = true;
            let mut push = |f: char| {
                folded.chars.push(f);
                folded.from.push((at, end));
                folded.word_start.push(starts_word && first);
                first = false;
            };
            if c == '@' {
                push('o');
            } else {
                for lower in c.to_lowercase() {
                    fold_char(lower, &mut push);
                }
            }
        }
        prev = Some(c);
    }
    folded
}

/// Folds one lower-case character into the skeleton alphabet.
fn fold_char(c: char, push: &mut impl FnMut(char)) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => {
            push('s');
            's'
        }
        'œ' => {
            push('o');
            'e'
        }
        'æ' => {
            push('a');
            'e'
        }
        other => other,
    };
    push(match base {
        'i' | '1' | 'l' => 'l',
        '0' => 'o',
        other => other,
    });
}

/// Folds a label written in plain words into the skeleton alphabet.
pub(crate) fn fold_word(word: &str) -> String {
    let folded = fold(word);
    folded.chars.into_iter().collect()
}

/// A vocabulary compared after folding, so that case, width and OCR's
/// lookalike letters do not matter: built once from word lists, looked up
/// by binary search.
pub(crate) struct FoldedWords(Vec<String>);

impl FoldedWords {
    pub(crate) fn new(lists: &[&[&str]]) -> Self {
        let mut words: Vec<String> = lists
            .iter()
            .flat_map(|list| list.iter())
            .map(|w| fold_word(w))
            .collect();
        words.sort();
        words.dedup();
        FoldedWords(words)
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        let folded = fold_word(word);
        !folded.is_empty() && self.0.binary_search(&folded).is_ok()
    }
}

/// A place in a line where a label was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit<T> {
    /// Byte range of the label in the line.
    pub start: usize,
    pub end: usize,
    pub value: T,
}

/// A list of labels, each with a value, matched against folded lines.
pub(crate) struct Labels<T> {
    /// Folded labels, longest first so the longest wins at a place.
    entries: Vec<(Vec<char>, T)>,
}

/// Whether a label has to end where a word ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Word,
    /// Any place: `TAXINV` holds `tax`.
    Anywhere,
    /// The word may go on for at most this many letters (`condoms`).
    Suffix(usize),
}

impl<T: Copy> Labels<T> {
    pub fn new(list: &[(&str, T)]) -> Self {
        let mut entries: Vec<(Vec<char>, T)> = list
            .iter()
            .map(|&(label, value)| (fold_word(label).chars().collect(), value))
            .filter(|(chars, _): &(Vec<char>, T)| !chars.is_empty())
            .collect();
        entries.sort_by_key(|(chars, _)| std::cmp::Reverse(chars.len()));
        Labels { entries }
    }

    /// Every label found at the start of a word, left to right, the longest
    /// at each place, none overlapping.
    pub fn find(&self, line: &str, folded: &Folded, end: End) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        let mut p = 0;
        while p < folded.chars.len() {
            if !folded.word_start[p] {
                p += 1;
                continue;
            }
            let found = self.entries.iter().find_map(|(label, value)| {
                let q = p + label.len();
                if q > folded.chars.len() || folded.chars[p..q] != label[..] {
                    return None;
                }
                let byte_end = folded.from[q - 1].1;
                let ok = match end {
                    End::Anywhere => true,
                    End::Word => {
                        !starts_with_alphanumeric(&line[byte_end..])
                            && !spaced_on(line, folded.from[p].0, byte_end)
                    }
                    End::Suffix(max) => {
                        line[byte_end..]
                            .chars()
                            .take_while(|c| c.is_alphabetic())
                            .count()
                            <= max
                    }
                };
                ok.then_some((q, byte_end, *value))
            });
            match found {
                Some((q, byte_end, value)) => {
                    hits.push(Hit {
                        start: folded.from[p].0,
                        end: byte_end,
                        value,
                    });
                    p = q;
                }
                None => p += 1,
            }
        }
        hits
    }
}

/// Whether a label found in letters spaced out (`K-U-N-D-E`) runs on in
/// the same spacing (`-N-B-E-L-E-G`): then it is part of a longer word.
fn spaced_on(line: &str, start: usize, end: usize) -> bool {
    let spaced = line[start..end]
        .chars()
        .zip(line[start..end].chars().skip(1))
        .filter(|(a, b)| a.is_alphanumeric() && !b.is_alphanumeric())
        .count()
        >= 2;
    let mut rest = line[end..].chars();
    spaced
        && rest.next().is_some_and(|c| " -.".contains(c))
        && rest.next().is_some_and(char::is_alphanumeric)
        && !rest.next().is_some_and(char::is_alphanumeric)
}

pub(crate) fn starts_with_alphanumeric(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphanumeric)
}

/// A line with OCR's letters-for-digits read back as digits where they
/// touch a digit: `O3-8O24` → `03-8024`, `l23` → `123`. Same byte length.
pub(crate) fn digit_view(line: &str) -> Vec<u8> {
    let mut view = line.as_bytes().to_vec();
    let confusable = |b: u8| matches!(b, b'O' | b'o' | b'l' | b'I' | b'|');
    // Twice, so that `1OO` settles from either side.
    for _ in 0..2 {
        for i in 0..view.len() {
            if !confusable(view[i]) {
                continue;
            }
            let left = i > 0 && view[i - 1].is_ascii_digit();
            let right = view.get(i + 1).is_some_and(u8::is_ascii_digit);
            if left || right {
                view[i] = if matches!(view[i], b'O' | b'o') {
                    b'0'
                } else {
                    b'1'
                };
            }
        }
    }
    view
}

/// Every run of digit groups in a digit view, left to right: groups
/// joined by one space or dash (`6018 8800-1234`), each run as its groups'
/// (start, end) byte ranges. How cards and member numbers are printed.
pub(crate) fn digit_runs(view: &[u8]) -> Vec<Vec<(usize, usize)>> {
    let mut runs = Vec::new();
    let mut j = 0;
    while j < view.len() {
        if !view[j].is_ascii_digit() {
            j += 1;
            continue;
        }
        let mut groups = Vec::new();
        loop {
            let from = j;
            while j < view.len() && view[j].is_ascii_digit() {
                j += 1;
            }
            groups.push((from, j));
            if j + 1 < view.len() && matches!(view[j], b' ' | b'-') && view[j + 1].is_ascii_digit()
            {
                j += 1;
            } else {
                break;
            }
        }
        runs.push(groups);
    }
    runs
}

/// The words of a line (runs between whitespace) with their byte ranges.
pub(crate) fn words(line: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, line.len()));
    }
    out
}

/// Whether the byte range holds nothing but separators: spaces and the
/// punctuation that sits between a label and its value.
pub(crate) fn only_separators(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || ":.-#=;>)]}|/,'\"*_~".contains(c))
}

/// Words every receipt prints that are not a person's name, an address or a
/// value; a name or address detector stops at them. Folded for comparison.
pub(crate) fn is_receipt_word(word: &str) -> bool {
    use std::sync::OnceLock;
    static WORDS: OnceLock<FoldedWords> = OnceLock::new();
    WORDS
        .get_or_init(|| FoldedWords::new(&[RECEIPT_WORDS]))
        .contains(word)
}

#[rustfmt::skip]
const RECEIPT_WORDS: &[&str] = &[
    // English: the vocabulary of a till slip.
    "account", "acc", "address", "admin", "administrator", "again", "amount", "amt", "and",
    "applicable", "approval", "approved", "auth", "away", "balance", "bar", "bill", "branch", "by",
    "call", "card", "cash", "cashier", "change", "charge", "check", "closed", "code", "come",
    "copy", "counter", "credit", "ctr", "customer", "date", "debit", "default", "delivery", "demo",
    "desc", "description", "dine", "disc", "discount", "doc", "document", "due", "each", "ea",
    "email", "fax", "for", "from", "gst", "guest", "here", "id", "in", "inclusive", "invoice",
    "inv", "is", "item", "items", "kitchen", "login", "manager", "master", "member", "merchant",
    "mode", "morning", "evening", "night", "afternoon", "na", "name", "net", "nil", "no", "none",
    "not", "number", "of", "on", "online", "or", "order", "our", "outlet", "paid", "pax", "payment",
    "pcs", "phone", "pickup", "please", "point", "points", "pos", "price", "product", "promotion",
    "promotions", "qty", "quantity", "receipt", "ref", "reference", "remark", "remarks", "rounding",
    "sale", "sales", "saving", "savings", "server", "service", "shift", "shop", "signature", "sign",
    "slip", "staff", "station", "store", "sub", "subtotal", "summary", "supervisor", "system",
    "table", "take", "takeaway", "tax", "tel", "tender", "terminal", "test", "thank", "thanks",
    "the", "this", "time", "to", "total", "training", "trans", "transaction", "type", "unit",
    "user", "vat", "visa", "walk", "walkin", "we", "will", "with", "you", "your", "welcome",
    "visit", "cust", "operator", "counter", "till", "register", "drawer", "rm", "myr", "usd", "eur",
    "sgd", "gbp", "sst", "cashback",
    // German.
    "bar", "beleg", "betrag", "bon", "brutto", "danke", "datum", "einkauf", "ihr", "ihre", "kasse",
    "karte", "kunde", "kundin", "mitarbeiter", "mwst", "netto", "rückgeld", "gegeben", "summe",
    "uhrzeit", "vielen", "zahlung", "zeit", "zurück", "filiale", "markt",
    // French.
    "caisse", "carte", "client", "cliente", "espèces", "heure", "merci", "montant", "rendu",
    "ticket", "tva", "ht", "ttc", "vendeur", "magasin",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_across_case_accents_spacing_and_ocr_slips() {
        let labels = Labels::new(&[("cashier", 1), ("tel", 2), ("téléphone", 3)]);
        for (line, want) in [
            ("CASHIER: ANN", Some(1)),
            ("Cash ier: Ann", Some(1)),
            ("CASHLER #: 01", Some(1)),
            ("C A S H I E R", Some(1)),
            ("TEL: 03", Some(2)),
            ("T E L 03", Some(2)),
            ("Téléphone 01", Some(3)),
            ("TELEPHONE 01", Some(3)),
            ("HOTEL", None),
            ("CASHIERS", None),
            ("K-U-N-D-E-N-B-E-L-E-G", None),
        ] {
            let folded = fold(line);
            let hits = labels.find(line, &folded, End::Word);
            assert_eq!(hits.first().map(|h| h.value), want, "{line}");
        }
    }

    #[test]
    fn hits_give_byte_ranges_of_the_label() {
        let line = "Kassiererin: Jana";
        let labels = Labels::new(&[("kassiererin", ())]);
        let hit = labels.find(line, &fold(line), End::Word)[0];
        assert_eq!(&line[hit.start..hit.end], "Kassiererin");
    }

    #[test]
    fn digit_view_reads_letters_that_touch_digits() {
        let view = digit_view("TEL: O3-8O24 O8OO, NO. 1O, lO, Iris");
        assert_eq!(
            String::from_utf8(view).unwrap(),
            "TEL: 03-8024 0800, NO. 10, lO, Iris"
        );
    }

    #[test]
    fn lines_keep_their_offsets() {
        let page = Page::new("one\r\ntwo\n\nthree");
        let starts: Vec<_> = page.lines.iter().map(|l| (l.start, l.text)).collect();
        assert_eq!(starts, [(0, "one"), (5, "two"), (9, ""), (10, "three")]);
    }
}
