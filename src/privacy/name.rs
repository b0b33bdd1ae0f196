//! Person names after a label: who served (`CASHIER`, `SERVED BY`,
//! `Kassiererin`, `Es bediente Sie`, `caissière`, `servi par`) and who was
//! served (`CUSTOMER`, `MEMBER`, `NAME`, `BILL TO`, `ATTN`, `Kunde`,
//! `client`, `nom`). Only the name is found, never the label.
//!
//! The name is on the label's line or, when the label ends its line, at the
//! start of the next. A staff number before the name is passed over
//! (`STAFF: 1799 SITI IZZA`); the name stops at a number, a field label
//! (`TIME:`), a word every receipt prints (`CASH`, `USER`, `TABLE`) or
//! punctuation that no name holds. Placeholders are not names:
//! `CASHIER: CASHIER A`, `NAME: CASH`, `CASHIER: 465`.

use std::ops::Range;
use std::sync::OnceLock;

use super::text::{End, Hit, Labels, Line, Page, fold_word, is_receipt_word, only_separators};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Someone who served; the label may stand anywhere, colon or not.
    Staff,
    /// The customer or another party; needs a colon after it, or to stand
    /// alone on its line with the name on the next.
    Party,
    /// `NAME`, `Nom`: only at the start of a line, with a colon.
    Name,
    /// `BILL TO`, `SHIP TO`: the value may be a company.
    To,
    /// A till's short word for the cashier (`CS`, `CAS`, `CSH`): only with a
    /// colon after it.
    Short,
}

#[rustfmt::skip]
fn labels() -> &'static Labels<Role> {
    static LABELS: OnceLock<Labels<Role>> = OnceLock::new();
    LABELS.get_or_init(|| {
        use Role::*;
        let mut list: Vec<(&str, Role)> = Vec::new();
        list.extend(
            [
                // English
                "cashier", "cashier name", "casher", "cashr", "your cashier", "served by",
                "you were served by", "you have been served by", "server", "your server", "staff",
                "staff name", "salesperson", "sales person", "salesman", "saleswoman", "sales rep",
                "sales associate", "sold by", "operator", "waiter", "waitress", "attendant",
                "attended by", "promoter", "clerk", "host", "hostess", "bartender", "barista",
                "agent", "advisor", "adviser", "pharmacist", "checker", "teller", "crew",
                "employee", "team member", "your server was", "your server today was",
                "your cashier was", "your cashier today was", "your host was",
                // Malay
                "juruwang", "pelayan", "jurujual", "kakitangan", "dilayan oleh",
                // German
                "kassierer", "kassiererin", "kassier", "ihr kassierer", "ihre kassiererin",
                "bediener", "bedienerin", "bedienung", "bedient von", "es bediente sie",
                "es bediente", "sie wurden bedient von", "beraten von", "sie wurden beraten von",
                "verkäufer", "verkäuferin", "mitarbeiter", "mitarbeiterin", "kellner", "kellnerin",
                "berater", "beraterin", "apotheker", "apothekerin",
                // French
                "caissier", "caissière", "votre caissier", "votre caissière", "servi par",
                "servie par", "vous avez été servi par", "vous avez été servie par", "serveur",
                "serveuse", "vendeur", "vendeuse", "hôte", "hôtesse", "conseiller", "conseillère",
                "opérateur", "opératrice", "pharmacien", "pharmacienne",
            ]
            .map(|w| (w, Staff)),
        );
        list.extend(
            [
                "customer", "customer name", "cust name", "client", "client name", "member",
                "member name", "cardholder", "card holder", "guest", "guest name", "patient",
                "patient name", "recipient", "attn", "contact person", "kunde", "kundin",
                "kundenname", "name des kunden", "empfänger", "z hd", "zu händen", "patientin",
                "versicherter", "cliente", "nom du client", "nom client", "nom du patient",
                "à l'attention de", "a l'attention de", "destinataire", "titulaire", "adhérent",
                "pelanggan", "nama pelanggan", "ahli", "nama ahli",
                // Whom a restaurant's check or a counter's order is for.
                "check name", "chk name", "order name", "name on order", "pickup name",
                "pick up name", "pickup for", "order for", "tab name", "ordered by",
                // Who owns the shop, printed in its header.
                "president", "proprietor", "owner", "director", "pemilik", "pengarah", "inhaber",
                "inhaberin", "geschäftsführer", "propriétaire", "gérant", "gérante",
            ]
            .map(|w| (w, Party)),
        );
        list.extend(["cs", "cas", "csh", "cshr", "csr", "svr", "s/p", "op", "opr"].map(|w| (w, Short)));
        list.extend(
            [
                "name", "full name", "nom", "nom et prénom", "vorname", "nachname", "nama",
            ]
            .map(|w| (w, Name)),
        );
        list.extend(
            [
                "bill to", "billed to", "invoice to", "sold to", "ship to", "shipped to",
                "deliver to", "delivered to", "delivery to", "rechnung an", "lieferung an",
                "geliefert an", "facturé à", "facture à", "livré à", "livrer à", "livraison à",
                // OCR reads `TO` as `10` (folded `lo`): `BILL 10 - WONG`.
                "bill lo", "ship lo", "sold lo", "deliver lo", "invoice lo",
            ]
            .map(|w| (w, To)),
        );
        Labels::new(&list)
    })
}

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (i, line) in page.lines.iter().enumerate() {
        let hits = labels().find(line.text, &line.folded, End::Word);
        let mut taken_until = 0;
        for (k, hit) in hits.iter().enumerate() {
            if hit.start < taken_until {
                continue;
            }
            let Some(found) = after_label(page, i, hit, hits.get(k + 1)) else {
                continue;
            };
            for (line_index, range) in found {
                if line_index == i {
                    taken_until = range.end;
                }
                out.push(page.lines[line_index].global(range));
            }
        }
        if hits.iter().any(|h| h.value == Role::To) {
            out.extend(titled_names_below(page, i));
        }
        if i >= HEADER_LINES && hits.is_empty() {
            out.extend(
                titled_name_on(line, is_unmistakable_title).filter(|_| !names_a_company(line)),
            );
        }
    }
    out
}

/// The lines at the top of a receipt that may hold the shop's name, which
/// may begin with a title (`MR. DAKGALBI`); below them a shop named so is
/// told by its legal form (`MR. D.I.Y. SDN BHD`).
const HEADER_LINES: usize = 3;

/// Under `BILL TO` and the like, the lines of the customer's block name a
/// person where a title leads (`Mr Neo`, `MR.NEO`, `c/o Frau Weber`).
fn titled_names_below(page: &Page, i: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for line in page.lines.iter().skip(i + 1).take(6) {
        if line.is_blank() {
            break;
        }
        out.extend(titled_name_on(line, is_honorific));
    }
    out
}

/// Whether a word of `line` is a company's legal form (`SDN BHD`).
fn names_a_company(line: &Line) -> bool {
    super::text::words(line.text)
        .into_iter()
        .any(|(s, e)| is_company_word(line.text[s..e].trim_matches(|c: char| !c.is_alphanumeric())))
}

/// The first name on `line` that a title leads, by `is_title`.
fn titled_name_on(line: &Line, is_title: fn(&str) -> bool) -> Option<Range<usize>> {
    for (s, e) in super::text::words(line.text) {
        let word = &line.text[s..e];
        let head = word.split('.').next().unwrap_or(word);
        if head.len() >= 2 && is_title(head) && (word.len() > head.len() + 1 || e < line.text.len())
        {
            return name_at(line, s, Role::Staff).map(|(range, _)| line.global(range));
        }
    }
    None
}

/// The name a label names: on its line or at the start of the next, and
/// the rest of it on the line after when it ends in `BINTI`, `von`, ….
fn after_label(
    page: &Page,
    i: usize,
    hit: &Hit<Role>,
    next_hit: Option<&Hit<Role>>,
) -> Option<Vec<(usize, Range<usize>)>> {
    let line = &page.lines[i];
    let text = line.text;
    let at_line_start = only_separators(&text[..hit.start]);
    let colon = text[hit.end..]
        .trim_start()
        .starts_with([':', '.', '-', '#', '=', '>', ';', '+', '|', '!']);
    let allowed = match hit.value {
        Role::Staff | Role::To => true,
        Role::Short => colon,
        Role::Party => colon || (at_line_start && only_separators(&text[hit.end..])),
        // Or after another field's value on the same row, a word with a
        // digit (`ORDER TIME : 17:57:32 NAME: MS LEE`), never after a word
        // that makes it another thing's name (`STORE NAME:`).
        Role::Name => {
            let after_value = text[..hit.start]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| w.chars().any(|c| c.is_ascii_digit()));
            (at_line_start && (colon || only_separators(&text[hit.end..])))
                || (after_value && colon)
        }
    };
    if !allowed {
        return None;
    }
    let value_start = skip_separators(text, hit.end);
    // `SERVED BY SALESMAN: …`: the next label names the value.
    if next_hit.is_some_and(|n| n.start == value_start) {
        return None;
    }
    let mut found = Vec::new();
    if text[value_start..].chars().any(char::is_alphanumeric) {
        let (range, stop) = name_at(line, value_start, hit.value)?;
        // Without a colon, a word then a receipt word is more likely a
        // thing than a person: `ATTENDANT TAG CARD`.
        if !colon && stop == Stop::ReceiptWord && hit.value == Role::Staff {
            return None;
        }
        found.push((i, range));
    } else {
        // A phrase (`Es bediente Sie`, `served by`) names the next line even
        // after stray marks on its own.
        let phrase = text[hit.start..hit.end].contains(char::is_whitespace);
        let next = page
            .lines
            .get(i + 1)
            .filter(|_| at_line_start || colon || phrase)?;
        let start = skip_separators(next.text, 0);
        let (range, _) = name_at(next, start, hit.value)?;
        found.push((i + 1, range));
    }
    // A name broken after a connecting word goes on at the next line.
    let &(last_line, ref last) = found.last()?;
    let this = &page.lines[last_line];
    let last_word = this.text[last.clone()]
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    if is_connector(last_word)
        && only_separators(&this.text[last.end..])
        && let Some(next) = page.lines.get(last_line + 1)
    {
        let start = next.text.len() - next.text.trim_start().len();
        if let Some((range, _)) = name_at(next, start, Role::Staff) {
            found.push((last_line + 1, range));
        }
    }
    Some(found)
}

/// Where the value after a label starts: past spaces and whatever marks
/// OCR put before it (`Cashier: ~ NURUL`, `SVR :— ALI`).
fn skip_separators(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + rest.len()
        - rest
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len()
}

#[rustfmt::skip]
const UNMISTAKABLE_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mdm", "madam", "herr", "frau", "mme", "mlle", "monsieur",
    "madame", "tuan", "puan", "encik", "datin",
];

/// Titles that also abbreviate streets, days, languages or words (`Dr`,
/// `Fr`, `M`, `En`, `Sir`).
#[rustfmt::skip]
const OTHER_TITLES: &[&str] = &["dr", "prof", "hr", "fr", "m", "sir", "en", "cik", "dato"];

#[rustfmt::skip]
const CONNECTORS: &[&str] = &[
    "bin", "binti", "bt", "bte", "a/l", "a/p", "s/o", "d/o", "van", "von", "der", "den", "de",
    "da", "di", "del", "della", "le", "la", "du", "al", "el", "ter", "zu",
];

fn is_connector(word: &str) -> bool {
    CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// Whether `word` (a trailing dot allowed) is one of `titles`.
fn is_title_in(titles: &[&str], word: &str) -> bool {
    let word = word.trim_end_matches('.');
    titles.iter().any(|t| t.eq_ignore_ascii_case(word))
}

/// A title that stands only before a person's name, wherever on a receipt
/// (`NAME: MS LEE` read as `Wame: MS LEE`).
fn is_unmistakable_title(word: &str) -> bool {
    is_title_in(UNMISTAKABLE_TITLES, word)
}

/// Any title, also those that abbreviate other things and so name a person
/// only where a label has said one follows.
fn is_honorific(word: &str) -> bool {
    is_unmistakable_title(word) || is_title_in(OTHER_TITLES, word)
}

/// A staff or member number before a name: letters and digits with at least
/// one digit, as `1799`, `BD1187`, `W001`, `C1337`.
fn is_staff_number(word: &str) -> bool {
    let word = word.trim_matches(|c: char| "()[]<>,;:".contains(c));
    !word.is_empty()
        && word.len() <= 12
        && word.chars().any(|c| c.is_ascii_digit())
        && !letters_with_an_ocr_slip(word)
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_/".contains(c))
}

/// The name that starts at byte `start` of the line, if there is one.
/// Why a name ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// At a word every receipt prints.
    ReceiptWord,
    /// Anywhere else: the line's end, a number, a field label, punctuation.
    Other,
}

fn name_at(line: &Line, start: usize, role: Role) -> Option<(Range<usize>, Stop)> {
    let text = line.text;
    let mixed_case = text.chars().any(char::is_lowercase) && text.chars().any(char::is_uppercase);
    let mut words = super::text::words(&text[start..])
        .into_iter()
        .map(|(s, e)| (start + s, start + e))
        .peekable();
    // Up to two staff numbers, each maybe followed by a dash.
    for _ in 0..2 {
        match words.peek() {
            Some(&(s, e)) if is_staff_number(&text[s..e]) && role != Role::To => {
                words.next();
                if words
                    .peek()
                    .is_some_and(|&(s, e)| matches!(&text[s..e], "-" | ":" | "/"))
                {
                    words.next();
                }
            }
            _ => break,
        }
    }
    let mut first: Option<usize> = None;
    let mut last_end = 0;
    let mut count = 0;
    let mut letters = 0;
    let mut stop = Stop::Other;
    let limit = if role == Role::To { 8 } else { 5 };
    'words: for (s, e) in words {
        let raw = &text[s..e];
        if raw == "-" && first.is_some() {
            continue;
        }
        if raw.ends_with(':') || text[e..].trim_start().starts_with(':') {
            break;
        }
        if first.is_some() && raw.starts_with(['(', '[', '<']) && role != Role::To {
            break;
        }
        let core_start = s + (raw.len() - raw.trim_start_matches(['(', '[', '<', '"']).len());
        let core = raw
            .trim_start_matches(['(', '[', '<', '"'])
            .trim_end_matches([',', ';', ']', ')', '>', '|', '"']);
        if core.is_empty() {
            break;
        }
        if first.is_none() && is_honorific(core) {
            first = Some(core_start);
            last_end = core_start + core.len();
            continue;
        }
        let company =
            role == Role::To && (core == "&" || core.starts_with('(') || is_company_word(core));
        let connector = core.contains('/') && is_connector(core);
        if !company
            && !connector
            && !core
                .chars()
                .all(|c| c.is_alphabetic() || "'’.-".contains(c))
            && !letters_with_an_ocr_slip(core)
        {
            break;
        }
        // A hyphenated word keeps its parts up to a receipt word.
        let mut offset = 0;
        for part in core.split('-') {
            if is_receipt_word(part) {
                if offset > 0 {
                    last_end = core_start + offset - 1;
                }
                stop = Stop::ReceiptWord;
                break 'words;
            }
            offset += part.len() + 1;
        }
        let initial = core.chars().next().is_some_and(char::is_uppercase);
        // OCR lowers a short name that ends the line as readily as a letter
        // of it (`Cashier : ash`).
        let lone = first.is_none() && !text[e..].chars().any(char::is_alphabetic);
        if mixed_case && !initial && !is_connector(core) && !company && !lone {
            break;
        }
        first.get_or_insert(core_start);
        last_end = core_start + core.len();
        letters += core.chars().filter(|c| c.is_alphabetic()).count();
        count += 1;
        if count >= limit {
            break;
        }
    }
    let first = first?;
    let name = text[first..last_end].trim_end_matches(['.', '-', ' ']);
    let real_words = name.split_whitespace().filter(|w| !is_honorific(w)).count();
    // `N-B-E-L-E-G`: letters spaced out are a word, not a name.
    let spaced_out = name
        .split(|c: char| !c.is_alphabetic())
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().count() == 1);
    if name.is_empty() || real_words == 0 || letters < 3 || spaced_out {
        return None;
    }
    Some((first..first + name.len(), stop))
}

/// A word of letters in which OCR read one letter as the digit that looks
/// like it (`NUR1L`, `5ITI`, `R0SLAN`): still a name's word. A till's or
/// a staff member's code has more digits, fewer letters, or its digit at
/// the end (`KASIR1`).
fn letters_with_an_ocr_slip(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let slips = word.chars().filter(|c| "0158".contains(*c)).count();
    letters >= 3
        && slips == 1
        && word.ends_with(char::is_alphabetic)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || "0158'’.-".contains(c))
}

#[rustfmt::skip]
fn is_company_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "sdn", "bhd", "ltd", "llc", "inc", "gmbh", "ag", "kg", "co", "sarl", "sa", "sas", "plc",
        "enterprise", "trading", "(m)",
    ];
    let folded = fold_word(word);
    WORDS.iter().any(|w| fold_word(w) == folded)
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn names(text: &str) -> Vec<&str> {
        found_of(Kind::Name, text)
    }

    #[test]
    fn a_title_marks_a_person_below_the_header_whatever_the_label() {
        let header = "NOODLE HOUSE\nJALAN 3/4\nTEL 03-1234 5678\n";
        assert_eq!(
            names(&format!("{header}Wame: MS LEE\nPICKUP 18:12")),
            ["MS LEE"]
        );
        assert_eq!(
            names(&format!("{header}Thank you Frau Weber")),
            ["Frau Weber"]
        );
        assert!(names("MR. DAKGALBI\nSOLARIS\nTEL 03-1234 5678\nTOTAL 9.00").is_empty());
        assert!(names(&format!("{header}MR. D.I.Y. SDN BHD")).is_empty());
        assert!(names(&format!("{header}12 Park Dr. Smith")).is_empty());
    }

    #[test]
    fn short_till_labels_and_a_lowered_name_count() {
        assert_eq!(names("SVR : BISWASH"), ["BISWASH"]);
        assert_eq!(names("S/P : AHMAD"), ["AHMAD"]);
        assert_eq!(names("JURUWANG: SITI"), ["SITI"]);
        assert_eq!(names("Cashier : ash"), ["ash"]);
        assert_eq!(names("ORDER TIME : 17:57:32 NAME: MS LEE"), ["MS LEE"]);
    }

    #[test]
    fn finds_the_name_not_the_label() {
        for (text, want) in [
            ("CASHIER: MANIS", vec!["MANIS"]),
            ("CASHIER : THEN FIONA", vec!["THEN FIONA"]),
            ("CASHIER + Then Fiona", vec!["Then Fiona"]),
            ("Customer | JANE TAN", vec!["JANE TAN"]),
            ("INVOICE :581355 CASHIER NINI", vec!["NINI"]),
            ("YOU WERE SERVED BY SALESMAN: CHI CHERN", vec!["CHI CHERN"]),
            (
                "SERVED BY SITI SUHAIDA BT OTHMAN",
                vec!["SITI SUHAIDA BT OTHMAN"],
            ),
            ("STAFF: 1799 SITI IZZA TRANS: 1603029175", vec!["SITI IZZA"]),
            ("SOLD BY: BD1187 MUHAMMAD SHAFIK", vec!["MUHAMMAD SHAFIK"]),
            ("CASHIER : W001 - ERAH @ C6", vec!["ERAH"]),
            (
                "OPERATOR :[NORIZZATI BT MOHD ZU-CASHIER]",
                vec!["NORIZZATI BT MOHD ZU"],
            ),
            ("CASHIER: CHU PECK 12/05/18 12:13:17 PM", vec!["CHU PECK"]),
            ("CASHIER : PUTERI ()", vec!["PUTERI"]),
            // One letter read as the digit that looks like it.
            ("CASHIER: NUR1L AIN", vec!["NUR1L AIN"]),
            ("SERVED BY 5ITI", vec!["5ITI"]),
            // Marks OCR put between the label and the name.
            ("Cashier: ~ NURUL,", vec!["NURUL"]),
            ("SVR :— BISWASH", vec!["BISWASH"]),
            ("Served by: * Jessica", vec!["Jessica"]),
            ("CASHIER: _ 1001 SITI", vec!["SITI"]),
            ("NAME: MS JOAN WONG", vec!["MS JOAN WONG"]),
            ("CUSTOMER NAME: LIM RUEY CHYI", vec!["LIM RUEY CHYI"]),
            ("MEMBER: WONG SHOO YUEN", vec!["WONG SHOO YUEN"]),
            ("ATTENDANT:\nMRIFAN", vec!["MRIFAN"]),
            ("BILL TO . WONG PEI HAR", vec!["WONG PEI HAR"]),
            ("BILL 10 - WONG PEI HAR", vec!["WONG PEI HAR"]),
            (
                "BILL TO:\nPDP UTEK (M) SDN BHD",
                vec!["PDP UTEK (M) SDN BHD"],
            ),
            (
                "BILL TO:\nPDP UTEK (M) SDN BHD\nAMPANG\n019-2616 281 MR.NEO",
                vec!["PDP UTEK (M) SDN BHD", "MR.NEO"],
            ),
            (
                "Ship to\nACME GmbH\nc/o Frau Weber\nHauptstr. 5",
                vec!["ACME GmbH", "Frau Weber"],
            ),
            (
                "CS : ROSSYAFIQAH ANIS BINTI\nRAMLI |BWM0034|",
                vec!["ROSSYAFIQAH ANIS BINTI", "RAMLI"],
            ),
            ("CSH:C1337 LEE FING TING", vec!["LEE FING TING"]),
            ("Attn: Jane Doe", vec!["Jane Doe"]),
            ("Check Name: HWANG, HYUN", vec!["HWANG, HYUN"]),
            ("Your server was Jessica", vec!["Jessica"]),
            ("Your cashier today was ALI", vec!["ALI"]),
            ("PICKUP NAME: Dana R", vec!["Dana R"]),
            // German
            ("Es bediente Sie: Frau Wiepen", vec!["Frau Wiepen"]),
            ("Sie wurden beraten von Frau Wiepen", vec!["Frau Wiepen"]),
            ("- Z Es bediente Sie\n: Frau Müller", vec!["Frau Müller"]),
            ("Kassiererin: Anna-Lena Schmidt", vec!["Anna-Lena Schmidt"]),
            ("Kunde: Max Mustermann", vec!["Max Mustermann"]),
            ("Bediener 12 Jürgen", vec!["Jürgen"]),
            // French
            ("Caissière : Amélie Dupont", vec!["Amélie Dupont"]),
            ("Vous avez été servi par Luc", vec!["Luc"]),
            (
                "Client : M. Jean-Pierre Martin",
                vec!["M. Jean-Pierre Martin"],
            ),
            ("Nom : Dubois", vec!["Dubois"]),
            // A name broken over two lines.
        ] {
            assert_eq!(names(text), want, "{text}");
        }
    }

    #[test]
    fn placeholders_and_other_words_are_not_names() {
        for text in [
            "CASHIER: CASHIER A",
            "CASHIER: USER TIME: 12:31",
            "CASHIER: 465",
            "CASHIER:FW1254 CTR :01",
            "CASHIER: 0005 CASHIER 1.000 QTY",
            "SERVER: CASHIER MORNING",
            "CASHIER: 113 CASHIER",
            "CASHIER: ADMIN",
            "NAME : CASH",
            "CLIENT : CASH",
            "BILL TO:\nCASH\nDOC NO. : CS00058953",
            "MEMBER:\nCASH BILL",
            "CUSTOMER NAME :\nCUSTOMER SIGNATURE :",
            "SALESPERSON :\nREF.:",
            "SALES PERSOR : NOT APPLICABLE",
            "STAFF: 95837",
            // A till's code, its digit at the end, is no misread name.
            "CASHIER: KASIR1",
            "STORE NAME: DS001-BP009 OSCAR COLOUR LAB",
            "NAME BADGE (H) @ 0.5500",
            "809 METAL NAME BADGE CLIP",
            "ITEM NAME QTY PRICE(RM)",
            "CUSTOMER COPY",
            "CUSTOMER SERVICE 1-300-22-2828",
            "*CUSTOMER CARE LINE : 012-7092889",
            "CUSTOMER SAVING FROM RRP 27.30",
            "TODAY TO ENJOY EXCLUSIVE MEMBER\nPROMOTIONS AND COLLECT BPOINTS TO",
            "MEMBER PRICE",
            "(GUEST SIGNATURE)",
            "STATION: CASHIER",
            "Unsere Mitarbeiter beraten Sie gerne.",
            "-K-U-N-D-E-N-B-E-L-E-G-\nTerminal-ID ; 54405720",
            "Bedienung 10%",
            "AGENT :\nTHANK YOU",
            "CARD: ATTENDANT TAG CARD XXXXXXXXX0053",
            "CS00031663 CASH",
            "CS 10012",
            "CS : CASH SALE",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }
}
