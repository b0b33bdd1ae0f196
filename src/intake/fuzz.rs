//! Property tests: no bytes make reading panic. The cases are few so the
//! suite stays fast; `PROPTEST_CASES=20000` (see `scripts/fuzz-long`) runs
//! long. What is read goes on through extraction, detection and planning in
//! `plan`'s property tests, which run as these do.

use proptest::prelude::*;

use super::*;

/// In CI: 48 cases from a fixed seed, so a run fails only on a change.
/// With `PROPTEST_CASES` set (a long run): that many, from a random seed
/// unless `PROPTEST_RNG_SEED` gives one.
pub(crate) fn config() -> ProptestConfig {
    let long = std::env::var_os("PROPTEST_CASES").is_some();
    let base = ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    match long {
        true => base,
        false => ProptestConfig {
            cases: 48,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed),
            ..base
        },
    }
}

/// `bytes` read as a file whose first bytes say `kind`, with a small pixel
/// limit so an arbitrary header cannot make a case slow.
fn read_as(bytes: Vec<u8>) {
    let options = Options {
        max_pixels: 1 << 16,
        ..Options::default()
    };
    if let Ok(kind) = sniff::sniff(&bytes) {
        let _ = open(kind, bytes, &options);
    }
}

fn with_prefix(prefix: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..600).prop_map(move |tail| [prefix, &tail].concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..800)) {
        read_as(bytes);
    }

    #[test]
    fn any_text_and_mail_bytes_are_read_or_refused(
        bytes in prop_oneof![
            with_prefix(b"From: Shop <a@b.example>\r\nTo: c@d.example\r\nSubject: "),
            with_prefix(b"From: a@b.example\nDate: x\nContent-Type: text/html; charset=iso-8859-1\n\n<"),
            with_prefix(b"\xFF\xFE"),
            with_prefix(b"Corner Shop\n"),
        ]
    ) {
        read_as(bytes);
    }

    #[test]
    fn any_picture_header_is_read_or_refused(
        bytes in prop_oneof![
            with_prefix(b"\xFF\xD8\xFF\xDB\x00\x43\x00"),
            with_prefix(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
            with_prefix(b"RIFF\x40\x00\x00\x00WEBPVP8L\x30\x00\x00\x00\x2f"),
            with_prefix(b"RIFF\x40\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02"),
            with_prefix(b"II*\x00\x08\x00\x00\x00"),
            with_prefix(b"MM\x00*\x00\x00\x00\x08"),
        ]
    ) {
        read_as(bytes);
    }

    #[test]
    fn any_pdf_is_read_or_refused(
        bytes in prop_oneof![
            with_prefix(b"%PDF-1.4\n"),
            with_prefix(b"%PDF-1.4\n1 0 obj\n<< /Length 9 /Filter /FlateDecode >>\nstream\n"),
            with_prefix(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n"),
        ]
    ) {
        read_as(bytes);
    }

    #[test]
    fn any_html_becomes_text(html in "(<[a-zA-Z/]{0,8}[^<>]{0,6}>|&[#a-z0-9]{0,6};?|\\PC{0,8}){0,60}") {
        let _ = email::html_to_text(&html);
    }
}
