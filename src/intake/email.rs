//! E-mail receipts: the text of the message (its text/plain body, or its
//! text/html body turned into lines of text) and the sender as a hint to the
//! merchant. Which parts are the body, rather than attachments or
//! alternatives, mail-parser decides.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use mail_parser::{MessageParser, PartType};

use super::Hints;

pub struct Mail {
    /// Subject and body, as the receipt's text.
    pub text: String,
    pub hints: Hints,
}

pub fn read(bytes: &[u8]) -> Result<Mail> {
    let bytes = headers_as_utf8(bytes);
    let Some(message) = MessageParser::default().parse(bytes.as_ref()) else {
        bail!("is an e-mail that cannot be parsed; save the receipt as text or PDF instead");
    };
    let from = message.from().and_then(|a| a.first());
    let sender_name = from
        .and_then(|a| a.name())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty());
    let sender_domain = from
        .and_then(|a| a.address())
        .and_then(|a| a.rsplit_once('@'))
        .map(|(_, domain)| domain.trim().to_ascii_lowercase())
        .filter(|d| !d.is_empty());
    let sent = message.date().and_then(|d| {
        NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
    });
    let plain: String = message
        .text_bodies()
        .filter_map(|part| match &part.body {
            PartType::Text(text) => Some(format!("{text}\n")),
            _ => None,
        })
        .collect();
    let html: String = message
        .html_bodies()
        .filter_map(|part| match &part.body {
            PartType::Html(markup) => Some(format!("{}\n", html_to_text(markup))),
            _ => None,
        })
        .collect();
    let body = if plain.trim().is_empty() { html } else { plain };
    let mut text = String::new();
    if let Some(subject) = message.subject() {
        text.push_str(subject.trim());
        text.push_str("\n\n");
    }
    text.push_str(body.replace("\r\n", "\n").trim());
    text.push('\n');
    Ok(Mail {
        text,
        hints: Hints {
            sender_name,
            sender_domain,
            sent,
            unreadable: None,
        },
    })
}

/// The message with its header block in UTF-8. Headers should be ASCII,
/// with other characters encoded (RFC 2047), but some mailers write them
/// raw in their own 8-bit charset; those bytes are read as Windows-1252,
/// the superset of Latin-1, instead of being lost. The body is left as it
/// is: its parts declare their charsets.
fn headers_as_utf8(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let end = [&b"\r\n\r\n"[..], b"\n\n"]
        .iter()
        .filter_map(|blank| bytes.windows(blank.len()).position(|w| w == *blank))
        .min()
        .unwrap_or(bytes.len());
    let (head, body) = bytes.split_at(end);
    if std::str::from_utf8(head).is_ok() {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let (head, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(head);
    std::borrow::Cow::Owned([head.as_bytes(), body].concat())
}

/// HTML as lines of text: one line per block element or table row, cells
/// of a row side by side, scripts and styles dropped, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..open]));
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[..close].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[close + 1..];
        if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style" | "head" | "title") {
            let end = format!("</{name}");
            rest = match find_ignoring_case(rest, &end) {
                Some(i) => rest[i..].split_once('>').map_or("", |(_, r)| r),
                None => "",
            };
            continue;
        }
        match name.as_str() {
            "br" | "p" | "div" | "tr" | "li" | "table" | "h1" | "h2" | "h3" | "h4" | "h5"
            | "h6" | "hr" | "section" | "header" | "footer" => out.push('\n'),
            "td" | "th" => out.push(' '),
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Where `needle` (ASCII) first occurs in `text`, in any case. Each call
/// looks only as far as the first match, which the caller then skips, so
/// a whole document is scanned once however many tags it holds.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Character references decoded (`&eacute;`, `&#233;`, `&euro;`); a line
/// break in the markup is a space in the text.
fn decode_entities(text: &str) -> String {
    html_escape::decode_html_entities(text).replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_rows_become_lines() {
        let html = "<html><head><style>td{x:1}</style></head><body><h1>Caf&#233; Rose</h1>\
                    <table><tr><td>Latte</td><td>3,50&nbsp;&euro;</td></tr>\
                    <tr><td>Total</td><td>3,50 &euro;</td></tr></table></body></html>";
        assert_eq!(html_to_text(html), "Café Rose\nLatte 3,50 €\nTotal 3,50 €");
    }

    #[test]
    fn named_entities_beyond_the_common_few_are_decoded() {
        let html = "<p>Caf&eacute; M&uuml;ller</p><p>Stra&szlig;e 5 &ndash; 3,50&nbsp;&euro;</p>\
                    <p>&amp;&lt;&#x41;&#66;&nosuch; &#0;</p>";
        assert_eq!(
            html_to_text(html),
            "Café Müller\nStraße 5 – 3,50 €\n&<AB&nosuch; &#0;"
        );
    }

    #[test]
    fn an_html_only_mail_is_read_from_its_html_body() {
        let mail = b"From: Corner Shop <receipts@cornershop.example>\r\n\
            Subject: Receipt\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
            --b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
            <p>Gr&uuml;&szlig;e</p><table><tr><td>Total</td><td>3,50</td></tr></table>\r\n\
            --b--\r\n";
        let mail = read(mail).unwrap();
        assert_eq!(mail.text, "Receipt\n\nGrüße\nTotal 3,50\n");
    }

    #[test]
    fn the_plain_body_wins_and_attachments_stay_out() {
        let mail = b"From: Corner Shop <receipts@cornershop.example>\r\n\
            Subject: Receipt\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
            --m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n\
            --a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTotal 3.50\r\n\
            --a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Total 3.50</p>\r\n\
            --a--\r\n\
            --m\r\nContent-Type: text/plain; charset=utf-8\r\n\
            Content-Disposition: attachment; filename=\"terms.txt\"\r\n\r\n\
            Terms and conditions\r\n\
            --m--\r\n";
        let mail = read(mail).unwrap();
        assert_eq!(mail.text, "Receipt\n\nTotal 3.50\n");
    }

    #[test]
    fn styles_end_at_their_closing_tag_in_any_case() {
        let html = "<style>a{}</STYLE>x<Style>b{}</style >y".repeat(3);
        assert_eq!(html_to_text(&html), "xyxyxy");
    }

    #[test]
    fn honours_the_declared_charset() {
        let mail = b"From: Caf\xe9 Rose <shop@rose.example>\r\nTo: me@example.org\r\n\
            Subject: Re\xe7u\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\
            Caf\xe9 cr\xe8me 3,50\r\n";
        let mail = read(mail).unwrap();
        assert!(mail.text.contains("Café crème 3,50"), "{}", mail.text);
    }

    #[test]
    fn reads_sender_and_plain_part() {
        let mail = b"From: Corner Shop <receipts@mail.cornershop.example>\r\n\
            To: me@example.org\r\nSubject: Your receipt\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\
            Content-Type: text/plain; charset=utf-8\r\n\r\nTotal 3.50\r\n";
        let mail = read(mail).unwrap();
        assert_eq!(mail.hints.sender_name.as_deref(), Some("Corner Shop"));
        assert_eq!(
            mail.hints.sender_domain.as_deref(),
            Some("mail.cornershop.example")
        );
        assert_eq!(mail.hints.sent, NaiveDate::from_ymd_opt(2026, 3, 3));
        assert_eq!(mail.text, "Your receipt\n\nTotal 3.50\n");
    }
}
