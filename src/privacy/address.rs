//! The customer's postal address, never the shop's: only what follows a
//! label that names the customer's address (`BILL TO`, `SHIP TO`,
//! `DELIVER TO`, `Customer address`, `Lieferadresse`, `Rechnung an`,
//! `Adresse de livraison`, `livré à`, or a plain `ADDRESS:` near a customer
//! or name label). The shop prints its own address unlabelled at the top,
//! so it is left alone.
//!
//! After `BILL TO`-like labels the first line is the customer's name (the
//! name detector's) and the address is the lines under it; after an address
//! label it starts right after the label. It runs for up to five lines and
//! stops at a blank line, a field label (`TEL :`, `DATE:`), a line of the
//! receipt's own vocabulary (`QTY`, `INVOICE`, …) or an amount.

use std::ops::Range;
use std::sync::OnceLock;

use super::text::{End, FoldedWords, Labels, Line, Page, only_separators};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// `BILL TO`: a name, then the address.
    Party,
    /// `Delivery address`: the address itself.
    Address,
    /// `ADDRESS`: the address, if a customer label stands just above.
    Plain,
}

#[rustfmt::skip]
fn labels() -> &'static Labels<Trigger> {
    static LABELS: OnceLock<Labels<Trigger>> = OnceLock::new();
    LABELS.get_or_init(|| {
        use Trigger::*;
        let mut list: Vec<(&str, Trigger)> = [
            "bill to", "billed to", "invoice to", "sold to", "ship to", "shipped to", "deliver to",
            "delivered to", "delivery to", "rechnung an", "lieferung an", "geliefert an",
            "facturé à", "facture à", "livré à", "livrer à", "livraison à", "destinataire",
            // OCR reads `TO` as `10` (folded `lo`).
            "bill lo", "ship lo", "sold lo", "deliver lo", "invoice lo",
        ]
        .map(|w| (w, Party))
        .to_vec();
        list.extend(
            [
                "delivery address", "shipping address", "billing address", "customer address",
                "home address", "mailing address", "postal address", "your address",
                "lieferadresse", "lieferanschrift", "rechnungsadresse", "rechnungsanschrift",
                "kundenadresse", "kundenanschrift", "adresse de livraison",
                "adresse de facturation", "adresse client", "adresse du client", "alamat pelanggan", "alamat penghantaran",
                "alamat surat menyurat",
            ]
            .map(|w| (w, Address)),
        );
        list.extend(["address", "addr", "adresse", "anschrift", "alamat"].map(|w| (w, Plain)));
        Labels::new(&list)
    })
}

/// Labels that make a plain `ADDRESS` the customer's.
#[rustfmt::skip]
fn customer_labels() -> &'static Labels<()> {
    static LABELS: OnceLock<Labels<()>> = OnceLock::new();
    LABELS.get_or_init(|| {
        Labels::new(
            &[
                "customer", "cust", "client", "member", "name", "bill to", "ship to", "sold to",
                "bill lo", "ship lo",
                "deliver to", "kunde", "kundin", "nom", "attn", "patient", "nama", "pelanggan",
            ]
            .map(|w| (w, ())),
        )
    })
}

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut covered_until = 0;
    for (i, line) in page.lines.iter().enumerate() {
        if i < covered_until {
            continue;
        }
        let Some(hit) = labels()
            .find(line.text, &line.folded, End::Word)
            .into_iter()
            .find(|h| applies(page, i, h.value, h.start, h.end))
        else {
            continue;
        };
        let value_start = skip_separators(line.text, hit.end);
        let same_line = line.text[value_start..].chars().any(char::is_alphanumeric);
        // Where the address starts: (line, byte in line).
        let (first_line, first_byte) = match (hit.value, same_line) {
            (Trigger::Party, true) => (i + 1, None),
            (Trigger::Party, false) => (i + 2, None),
            (_, true) => (i, Some(value_start)),
            (_, false) => (i + 1, None),
        };
        let mut block: Vec<(usize, usize, usize)> = Vec::new();
        if let Some(start) = first_byte {
            block.push((i, start, line.text.len()));
        }
        let mut next = if first_byte.is_some() {
            i + 1
        } else {
            first_line
        };
        while block.len() < 5 {
            let Some(candidate) = page.lines.get(next) else {
                break;
            };
            if !continues(candidate) {
                break;
            }
            block.push((next, 0, candidate.text.len()));
            next += 1;
        }
        let (Some(&(l0, s0, _)), Some(&(l1, _, e1))) = (block.first(), block.last()) else {
            continue;
        };
        let start = page.lines[l0].start + s0;
        let end = page.lines[l1].start + e1;
        out.push(start..end);
        covered_until = l1 + 1;
    }
    out
}

fn applies(page: &Page, i: usize, trigger: Trigger, start: usize, end: usize) -> bool {
    let line = &page.lines[i];
    let text = line.text;
    let separated =
        text[end..].trim_start().starts_with([':', '.', '-', '#']) || only_separators(&text[end..]);
    match trigger {
        Trigger::Party | Trigger::Address => true,
        Trigger::Plain => {
            let from = i.saturating_sub(3);
            only_separators(&text[..start])
                && separated
                && page.lines[from..i].iter().any(|l| {
                    !customer_labels()
                        .find(l.text, &l.folded, End::Word)
                        .is_empty()
                })
        }
    }
}

fn skip_separators(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + rest.len()
        - rest
            .trim_start_matches(|c: char| c.is_whitespace() || ":.-#=>;".contains(c))
            .len()
}

/// Whether a line goes on with an address.
fn continues(line: &Line) -> bool {
    let text = line.text;
    if line.is_blank() {
        return false;
    }
    // A field label: a few words without digits, then a colon.
    if let Some(colon) = text.find(':') {
        let before = &text[..colon];
        let words = before.split_whitespace().count();
        if words <= 3 && !before.bytes().any(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    // An amount: `12.50`, `3,99`.
    let bytes = text.as_bytes();
    let amount = bytes.windows(4).enumerate().any(|(k, w)| {
        w[0].is_ascii_digit()
            && matches!(w[1], b'.' | b',')
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && !bytes.get(k + 4).is_some_and(u8::is_ascii_digit)
    });
    if amount {
        return false;
    }
    !text
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && is_receipt_vocabulary(w))
}

fn is_receipt_vocabulary(word: &str) -> bool {
    static WORDS: OnceLock<FoldedWords> = OnceLock::new();
    WORDS
        .get_or_init(|| FoldedWords::new(&[RECEIPT_VOCABULARY]))
        .contains(word)
}

/// The words of a receipt's own body and table heads.
#[rustfmt::skip]
const RECEIPT_VOCABULARY: &[&str] = &[
    "qty", "quantity", "item", "items", "description", "desc", "total", "subtotal",
    "invoice", "receipt", "date", "time", "cashier", "doc", "document", "amount", "price",
    "tax", "gst", "vat", "sst", "unit", "type", "table", "code", "ref", "order", "payment",
    "cash", "card", "thank", "tel", "telephone", "fax", "phone", "email", "mobile", "attn",
    "customer", "member", "sales", "salesperson", "terms", "bill", "ship", "remark",
    "remarks", "note", "notes", "pos", "counter", "datum", "rechnung", "betrag", "summe",
    "artikel", "menge", "preis", "kasse", "facture", "montant", "quantité", "prix",
    "désignation", "tva", "mwst", "ust",
];

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn addresses(text: &str) -> Vec<&str> {
        found_of(Kind::Address, text)
    }

    #[test]
    fn finds_the_address_after_a_customer_label() {
        for (text, want) in [
            (
                "BILL TO:\nPDP UTEK (M) SDN BHD\nSEBELAH PETRONAS\nAMPANG\nDOC NO. : CS00067741",
                vec!["SEBELAH PETRONAS\nAMPANG"],
            ),
            (
                "BILL TO . WONG PEI HAR\nADDRESS : 2920/1, JALAN JINJANG INDAH 1,\nJINJANG UTARA,\n52000 KEPONG, KUALA LUMPUR.\nTEL : 0122536936",
                vec!["2920/1, JALAN JINJANG INDAH 1,\nJINJANG UTARA,\n52000 KEPONG, KUALA LUMPUR."],
            ),
            (
                "BILL 10 - TAN MEI\n\nADDRESS : 12, JALAN MAWAR 2,\n41200 KLANG.",
                vec!["12, JALAN MAWAR 2,\n41200 KLANG."],
            ),
            (
                "Lieferadresse: Hauptstraße 5, 33102 Paderborn\n\nSumme 12,00",
                vec!["Hauptstraße 5, 33102 Paderborn"],
            ),
            (
                "Ship to\nJane Doe\n221B Baker Street\nLondon NW1 6XE\nQty Item",
                vec!["221B Baker Street\nLondon NW1 6XE"],
            ),
            (
                "Adresse de livraison :\n12 rue de la Paix\n75002 Paris\nTotal 15,00",
                vec!["12 rue de la Paix\n75002 Paris"],
            ),
        ] {
            assert_eq!(addresses(text), want, "{text}");
        }
    }

    #[test]
    fn leaves_the_shops_own_address_alone() {
        for text in [
            "BOOK TA .K(TAMAN DAYA) SDN BND\n789417-W\nNO.53 55,57 & 59, JALAN SAGU 18,\nTAMAN DAYA,\n81100 JOHOR BAHRU,",
            "Detmolder Straße 8\n33102 Paderborn\nTel.: 05251/56677",
            "NAME : CASH\nADDRESS :\n:\n:\nGST NO. :",
            "ADDRESS: 1 MAIN STREET",
            "BILL TO:\nCASH\nDOC NO. : CS00058953",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }
}
