//! A customer's address printed without a label: the block of address
//! lines under the customer's name in the body of a receipt.
//!
//! A delivery note or invoice prints the shop's address in its header and,
//! further down, whom it was sold to: a name or company alone on its line,
//! then its street, town and postcode. The header ends at the first line
//! with a date; an address block after it, under a line naming someone,
//! is the customer's. A block is two to five lines, each with an address
//! word (`JALAN`, `LOT`, `Straße`, `rue`) or a postcode, one of them with a
//! postcode.

use std::ops::Range;

use super::name_words::{is_address_word, is_company_word, is_known_name, name_score};
use super::text::{Line, Page};

const MAX_LINES: usize = 5;

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    // OCR leaves blank lines between a block's lines.
    let lines: Vec<&Line> = page.lines.iter().filter(|l| !l.is_blank()).collect();
    let Some(header_end) = lines.iter().position(|l| prints_a_date(l)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut i = header_end + 1;
    while i + 1 < lines.len() {
        if !names_someone(lines[i]) {
            i += 1;
            continue;
        }
        let block: Vec<&Line> = lines[i + 1..]
            .iter()
            .take(MAX_LINES)
            .take_while(|l| address_like(l))
            .copied()
            .collect();
        let postcode = block.iter().any(|l| has_postcode(l));
        if block.len() >= 2 && postcode {
            let (first, last) = (block[0], block[block.len() - 1]);
            out.push(first.start..last.start + last.text.len());
            i += 1 + block.len();
        } else {
            i += 1;
        }
    }
    out
}

/// A line that is a name or a company's name, and nothing else.
fn names_someone(line: &Line) -> bool {
    let words: Vec<&str> = line
        .text
        .split(|c: char| c.is_whitespace() || ".,()".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty()
        || words.len() > 8
        || line.text.bytes().filter(u8::is_ascii_digit).count() > 0
    {
        return false;
    }
    let company = words.iter().any(|w| is_company_word(w));
    let person = words.iter().any(|w| is_known_name(w)) && name_score(&words).is_some();
    company || person
}

fn address_like(line: &&&Line) -> bool {
    has_postcode(line)
        || line
            .text
            .split(|c: char| !c.is_alphabetic())
            .any(|w| !w.is_empty() && is_address_word(w))
}

/// A postcode: a run of exactly five digits, not part of an amount or date.
fn has_postcode(line: &Line) -> bool {
    let b = line.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let joined = |k: Option<&u8>| k.is_some_and(|c| b"./:-,".contains(c));
        let before = start.checked_sub(1).map(|k| &b[k]);
        if i - start == 5
            && !joined(before)
            && !(joined(b.get(i)) && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            return true;
        }
    }
    false
}

/// A date as tills print it: `21/07/2017`, `06.07.16`, `2018-01-05`.
fn prints_a_date(line: &Line) -> bool {
    let d = &line.digits;
    let digits_at =
        |i: usize, n: usize| i + n <= d.len() && d[i..i + n].iter().all(u8::is_ascii_digit);
    (0..d.len()).any(|i| {
        let day_first = digits_at(i, 2)
            && matches!(d.get(i + 2), Some(b'/' | b'.' | b'-'))
            && digits_at(i + 3, 2)
            && d.get(i + 5) == d.get(i + 2)
            && digits_at(i + 6, 2);
        let year_first = digits_at(i, 4)
            && d.get(i + 4) == Some(&b'-')
            && digits_at(i + 5, 2)
            && d.get(i + 7) == Some(&b'-');
        day_first || year_first
    })
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn addresses(text: &str) -> Vec<&str> {
        found_of(Kind::Address, text)
    }

    #[test]
    fn the_block_under_a_customer_in_the_body_is_an_address() {
        let text = "KEDAI ROTI SDN BHD\nLOT 9, JALAN BESAR,\n43000 KAJANG\nINV NO: 55\nDATE: 02/03/2019\n\nSRI MAJU TRADING\n\nNO. 12, JALAN MELATI 3,\n41200 KLANG, SELANGOR\nBREAD 5 2.00";
        assert_eq!(
            addresses(text),
            ["NO. 12, JALAN MELATI 3,\n41200 KLANG, SELANGOR"]
        );
    }

    #[test]
    fn the_shops_own_address_and_lines_without_a_postcode_stay() {
        for text in [
            "KEDAI ROTI SDN BHD\nLOT 9, JALAN BESAR,\n43000 KAJANG\nDATE: 02/03/2019\nBREAD 2.00",
            "DATE: 02/03/2019\nSRI MAJU TRADING\nJALAN MELATI\nTOTAL 2.00",
            "DATE: 02/03/2019\nCHICKEN RICE\nLOT 5 JALAN 2\n41200 KLANG",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }
}
