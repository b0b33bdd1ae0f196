//! Person names printed without a label that says so.
//!
//! Most names left on a shared receipt stand where no `CASHIER:` names
//! them: the proprietor's name printed above the shop's (`TAN AH KOW` over
//! `KOW TRADING SDN BHD`), a member's name beside the points, the
//! cashier's name alone under the time, a name after a till's own code
//! (`VE05: AZLAN`). A line is taken for such a name when two things agree:
//! its words look like a name ([`name_score`]: known given and family
//! names, romanised syllables, no receipt, trade or address word), and its
//! place is one where receipts print a person:
//! - one of the first lines, right above a line that names a company;
//! - beside a line about points or membership;
//! - right under a line with the time;
//! - after a short code and a colon;
//! - among the last lines, alone.
//!
//! The stronger the place, the weaker the words may be; a line with no
//! known name is never taken, so a shop's brand (`A PIE THING`) stays.

use std::ops::Range;

use super::card::loyalty_words;
use super::name_words::{is_company_word, is_known_name, name_score};
use super::text::{End, Line, Page, fold};

/// How strong the words must be in each place: (known names, score).
const HEADER: (usize, i32) = (1, 3);
const BESIDE_POINTS: (usize, i32) = (1, 2);
const UNDER_TIME: (usize, i32) = (1, 2);
const AFTER_CODE: (usize, i32) = (1, 2);
const FOOT: (usize, i32) = (2, 4);

/// How many lines from the top a proprietor's name may stand, and from
/// the bottom a lone name.
const HEADER_LINES: usize = 3;
const FOOT_LINES: usize = 4;

pub(super) fn find(page: &Page) -> Vec<Range<usize>> {
    let filled: Vec<&Line> = page.lines.iter().filter(|l| !l.is_blank()).collect();
    let mut out = Vec::new();
    for (k, line) in filled.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| filled[p]);
        let next = filled.get(k + 1).copied();
        if let Some((range, words)) = whole_line_name(line) {
            let place = |(known, score): (usize, i32)| {
                let known_words = words.iter().filter(|w| is_known_name(w)).count();
                known_words >= known && name_score(&words).is_some_and(|s| s >= score)
            };
            let header = k < HEADER_LINES
                && words.len() >= 2
                && next.is_some_and(names_a_company)
                && place(HEADER);
            let beside_points =
                [prev, next].into_iter().flatten().any(speaks_of_points) && place(BESIDE_POINTS);
            let under_time = prev.is_some_and(prints_a_time) && place(UNDER_TIME);
            let foot = k + FOOT_LINES >= filled.len() && words.len() >= 2 && place(FOOT);
            if header || beside_points || under_time || foot {
                out.push(line.global(range));
            }
            continue;
        }
        if let Some(range) = after_code(line) {
            out.push(line.global(range));
        }
    }
    out
}

/// The line's words when the line is nothing but one to four words of
/// letters (with marks around them), and their range in the line.
fn whole_line_name<'a>(line: &Line<'a>) -> Option<(Range<usize>, Vec<&'a str>)> {
    let text = line.text;
    let edge = |c: char| c.is_whitespace() || ".,:;*-_|'\"()[]".contains(c);
    let body = text.trim_matches(edge);
    let start = text.len() - text.trim_start_matches(edge).len();
    let words: Vec<&str> = body.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let letters = |w: &&str| w.chars().all(|c| c.is_alphabetic() || ".'-".contains(c));
    if !words.iter().all(letters) {
        return None;
    }
    Some((start..start + body.len(), words))
}

/// A name after a short code and a colon: `VE05: AZLAN(3737)`. The code
/// is one word with a digit, which no field label has.
fn after_code(line: &Line) -> Option<Range<usize>> {
    let text = line.text;
    let colon = text.find(':')?;
    let code = text[..colon].trim();
    let is_code = !code.is_empty()
        && !code.contains(char::is_whitespace)
        && code.len() <= 8
        && code.chars().any(|c| c.is_ascii_digit())
        && code.chars().any(char::is_alphabetic);
    if !is_code {
        return None;
    }
    let value_start = colon + 1 + (text[colon + 1..].len() - text[colon + 1..].trim_start().len());
    let mut words = Vec::new();
    let mut end = value_start;
    for (s, e) in super::text::words(&text[value_start..]) {
        let word = &text[value_start + s..value_start + e];
        // A staff number glued to the name: `AZLAN(3737)`.
        let core = word.split(['(', '[']).next().unwrap_or(word);
        if core.is_empty() || !core.chars().all(char::is_alphabetic) || words.len() == 4 {
            break;
        }
        words.push(core);
        end = value_start + s + core.len();
        if core.len() < word.len() {
            break;
        }
    }
    let known = words.iter().filter(|w| is_known_name(w)).count();
    let strong = known >= AFTER_CODE.0 && name_score(&words).is_some_and(|s| s >= AFTER_CODE.1);
    strong.then_some(value_start..end)
}

/// Whether a line names a company: a legal form or trade word of one.
fn names_a_company(line: &Line) -> bool {
    line.text
        .split(|c: char| c.is_whitespace() || ".,()[]".contains(c))
        .any(|w| !w.is_empty() && is_company_word(w))
}

fn speaks_of_points(line: &Line) -> bool {
    !loyalty_words()
        .find(line.text, &fold(line.text), End::Word)
        .is_empty()
}

/// Whether a line prints a time of day: `13:54`, `8:13:39`.
fn prints_a_time(line: &Line) -> bool {
    let b = line.text.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b':'
            && i >= 1
            && b[i - 1].is_ascii_digit()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && b.get(i + 2).is_some_and(u8::is_ascii_digit)
    })
}

#[cfg(test)]
mod tests {
    use crate::privacy::Kind;
    use crate::privacy::tests::found_of;

    fn names(text: &str) -> Vec<&str> {
        found_of(Kind::Name, text)
    }

    #[test]
    fn a_proprietor_above_the_shop_is_a_name() {
        let text = "LIM AH SENG\nSENG HUAT HARDWARE SDN BHD\nNO 5, JALAN MAWAR\nTOTAL 9.90";
        assert_eq!(names(text), ["LIM AH SENG"]);
    }

    #[test]
    fn a_brand_above_the_company_stays() {
        for text in [
            "A PIE THING\nFOUR SEASONS SDN BHD\nTOTAL 9.90",
            "GOLDEN BAKERY\nGOLDEN BAKERY ENTERPRISE\n",
            "TEO HENG STATIONERY & BOOKS\n(0012345-M)",
        ] {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }

    #[test]
    fn a_name_beside_the_points_or_under_the_time_is_a_name() {
        let text = "TOTAL 12.00\nGOH SIEW MEI\nPOINTS : 1,200\n";
        assert_eq!(names(text), ["GOH SIEW MEI"]);
        let text = "CASH 20.00\n06/07/16 13:54 #001\nKEVIN\nGST SUMMARY\nSR 1.00";
        assert_eq!(names(text), ["KEVIN"]);
        let text = "06/07/16 13:54\nCHICKEN RICE\n2 x 5.00";
        assert!(names(text).is_empty(), "{:?}", names(text));
    }

    #[test]
    fn a_name_after_a_till_code_is_a_name() {
        assert_eq!(names("VE07: ROSLAN(1234)\nDD: 01/01/2020"), ["ROSLAN"]);
        assert!(names("VE07: BREAD ROLL").is_empty());
        assert!(names("TABLE 5: 2 PAX").is_empty());
    }

    #[test]
    fn a_lone_name_at_the_foot_needs_strong_words() {
        let foot = "THANK YOU\nPLEASE COME AGAIN\nWONG MEI LING";
        assert_eq!(names(foot), ["WONG MEI LING"]);
        let foot = "THANK YOU\nPLEASE COME AGAIN\nHAVE A NICE DAY";
        assert!(names(foot).is_empty(), "{:?}", names(foot));
    }
}
