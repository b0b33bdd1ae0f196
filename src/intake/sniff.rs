//! File types by magic bytes.
//!
//! Binary formats are recognised by the `infer` crate; text, which has no
//! magic, is recognised as UTF-8, UTF-16 with a byte-order mark or
//! Windows-1252 (Latin-1) without control characters, and an e-mail as text
//! that opens with RFC 5322 header fields.

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Jpeg,
    Png,
    Webp,
    Tiff,
    /// HEIC/HEIF (and AVIF), decoded by libheif's tools.
    Heic,
    Pdf,
    Text,
    Email,
}

impl SourceKind {
    /// Read by OCR.
    pub fn is_picture(self) -> bool {
        matches!(
            self,
            SourceKind::Jpeg
                | SourceKind::Png
                | SourceKind::Webp
                | SourceKind::Tiff
                | SourceKind::Heic
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Jpeg => "jpeg",
            SourceKind::Png => "png",
            SourceKind::Webp => "webp",
            SourceKind::Tiff => "tiff",
            SourceKind::Heic => "heic",
            SourceKind::Pdf => "pdf",
            SourceKind::Text => "text",
            SourceKind::Email => "email",
        }
    }
}

const ACCEPTED: &str = "JPEG, PNG, WebP, TIFF, HEIC, PDF, plain text or e-mail (.eml)";

pub fn sniff(bytes: &[u8]) -> Result<SourceKind> {
    if super::heic::is_heif(bytes) {
        return Ok(SourceKind::Heic);
    }
    if let Some(found) = infer::get(bytes) {
        return match found.mime_type() {
            "image/jpeg" => Ok(SourceKind::Jpeg),
            "image/png" => Ok(SourceKind::Png),
            "image/webp" => Ok(SourceKind::Webp),
            "image/tiff" => Ok(SourceKind::Tiff),
            "application/pdf" => Ok(SourceKind::Pdf),
            "image/heif" | "image/heic" | "image/avif" => Ok(SourceKind::Heic),
            mime => bail!(
                "is {} ({mime}), not a receipt panel can read; submit a {ACCEPTED} file",
                article(found.extension())
            ),
        };
    }
    if is_text(bytes) {
        return Ok(if looks_like_email(bytes) {
            SourceKind::Email
        } else {
            SourceKind::Text
        });
    }
    bail!(
        "is binary data of an unknown type, not a receipt panel can read; submit a {ACCEPTED} file"
    )
}

fn article(extension: &str) -> String {
    let upper = extension.to_ascii_uppercase();
    let an = matches!(
        upper.chars().next(),
        Some('A' | 'E' | 'I' | 'O' | 'U' | 'F' | 'H' | 'L' | 'M' | 'N' | 'R' | 'S' | 'X')
    );
    format!("{} {upper} file", if an { "an" } else { "a" })
}

/// Text in one of the encodings [`decode_text`] reads, holding no control
/// characters but whitespace: binary data almost always holds some.
fn is_text(bytes: &[u8]) -> bool {
    decode(bytes).is_some_and(|text| {
        text.chars()
            .all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t' | '\x0c'))
    })
}

/// The text of `bytes`: UTF-16 when it opens with a byte-order mark, else
/// UTF-8 (with or without a BOM), else Windows-1252, the superset of
/// Latin-1 that Western European tills and mailers write. `None` when the
/// bytes are none of these (UTF-16 with a broken sequence).
fn decode(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        return (!had_errors).then_some(text);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(std::borrow::Cow::Borrowed(text)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Some(text)
        }
    }
}

const HEADER_NAMES: &[&str] = &[
    "from",
    "to",
    "subject",
    "date",
    "received",
    "return-path",
    "mime-version",
    "message-id",
    "delivered-to",
    "content-type",
    "reply-to",
    "sender",
    "dkim-signature",
    "x-mailer",
];

/// The first lines are `Name: value` header fields, among them a `From`,
/// before a blank line.
fn looks_like_email(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    let mut known = 0;
    let mut has_from = false;
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        let name = name.to_ascii_lowercase();
        if name.contains(' ') {
            return false;
        }
        has_from |= name == "from";
        known += usize::from(HEADER_NAMES.contains(&name.as_str()));
    }
    has_from && known >= 2
}

/// Text as [`is_text`] recognised it, with Windows line ends made Unix.
pub fn decode_text(bytes: &[u8]) -> String {
    decode(bytes)
        .map(|text| text.replace("\r\n", "\n"))
        .unwrap_or_else(|| String::from_utf8_lossy(bytes).replace("\r\n", "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats_by_their_bytes() {
        assert_eq!(
            sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF\0").unwrap(),
            SourceKind::Jpeg
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap(),
            SourceKind::Png
        );
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap(), SourceKind::Pdf);
        assert_eq!(
            sniff(b"II*\0\x08\0\0\0\0\0\0\0\0\0\0\0").unwrap(),
            SourceKind::Tiff
        );
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 ").unwrap(), SourceKind::Webp);
        for brand in ["heic", "heix", "mif1", "hevc"] {
            let bytes = format!("\0\0\0\x18ftyp{brand}\0\0\0\0mif1heic");
            assert_eq!(
                sniff(bytes.as_bytes()).unwrap(),
                SourceKind::Heic,
                "{brand}"
            );
        }
        assert_eq!(
            sniff("Corner Shop\nTOTAL 3,50 €\n".as_bytes()).unwrap(),
            SourceKind::Text
        );
        let mail =
            b"From: shop@example.com\nTo: me@example.org\nSubject: Your receipt\n\nTotal 3.50\n";
        assert_eq!(sniff(mail).unwrap(), SourceKind::Email);
    }

    #[test]
    fn names_what_it_refuses() {
        let zip = sniff(b"PK\x03\x04\x14\0\0\0\x08\0")
            .unwrap_err()
            .to_string();
        assert!(zip.contains("ZIP"), "{zip}");
        let binary = sniff(b"\x00\x01\x02\x03binary").unwrap_err().to_string();
        assert!(binary.contains("unknown type"), "{binary}");
    }

    #[test]
    fn reads_latin1_and_utf16_text() {
        let latin1 = b"Caf\xe9 Rose\nSumme 3,50 \x80\n";
        assert_eq!(sniff(latin1).unwrap(), SourceKind::Text);
        assert_eq!(decode_text(latin1), "Café Rose\nSumme 3,50 €\n");
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "Café\r\nTOTAL 3.50\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        assert_eq!(sniff(&utf16).unwrap(), SourceKind::Text);
        assert_eq!(decode_text(&utf16), "Café\nTOTAL 3.50\n");
        let mail = b"From: Caf\xe9 <a@b.example>\nSubject: Re\xe7u\nContent-Type: text/plain; \
                     charset=iso-8859-1\n\nTotal 3,50\n";
        assert_eq!(sniff(mail).unwrap(), SourceKind::Email);
    }

    #[test]
    fn text_with_a_colon_is_not_mail() {
        assert_eq!(
            sniff(b"Total: 3.50\nDate: 2026-01-01\n").unwrap(),
            SourceKind::Text
        );
    }
}
