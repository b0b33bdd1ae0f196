//! A picture: the shared image is re-encoded from pixels, without metadata.

use super::*;

#[test]
fn shared_png_is_reencoded_from_pixels_without_metadata() {
    let p = Panel::new();
    let with_text = png(8, 6, Some("Jane Doe, 12 Secret Lane"));
    let plain = png(8, 6, None);
    assert_ne!(with_text, plain);
    p.file("photo.png", &with_text);
    p.file("plain.png", &plain);
    let flags = |total: &'static str| {
        [
            "--merchant",
            "Corner Shop",
            "--date",
            "2026-03-10",
            "--total",
            total,
        ]
    };
    let mut args = vec!["photo.png"];
    args.extend(flags("4.00"));
    let id = submit_ok(&p, &args);
    let mut args = vec!["plain.png"];
    args.extend(flags("5.00"));
    let plain_id = submit_ok(&p, &args);

    let out = p.files_dir().join("shared.png");
    let r = p.run(["show", &id, "--shared-image", "shared.png"]).ok();
    assert!(
        r.stderr.contains("wrote the shared content to shared.png"),
        "{}",
        r.stderr
    );
    let shared = std::fs::read(&out).unwrap();
    assert_ne!(shared, with_text, "the original bytes were shared");
    assert!(
        !shared.windows(8).any(|w| w == b"Jane Doe"),
        "the tEXt metadata was shared"
    );
    let types = png_chunk_types(&shared);
    assert_eq!(types.first().map(String::as_str), Some("IHDR"));
    assert_eq!(types.last().map(String::as_str), Some("IEND"));
    for meta in ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"] {
        assert!(!types.iter().any(|t| t == meta), "{meta} in {types:?}");
    }
    assert_eq!(&shared[16..24], &with_text[16..24], "width and height kept");

    // Same pixels, same shared bytes, whatever metadata the file carried.
    p.run(["show", &plain_id, "--shared-image", "plain-shared.png"])
        .ok();
    assert_eq!(
        std::fs::read(p.files_dir().join("plain-shared.png")).unwrap(),
        shared
    );

    // It decodes: panel reads it back as a picture.
    let (code, reports) = submit_json(
        &p,
        &[
            "shared.png",
            "--merchant",
            "Corner Shop",
            "--date",
            "2026-03-10",
            "--total",
            "6.00",
        ],
    );
    assert_eq!(code, 0, "{reports:#?}");
    let shown = p
        .run(["show", reports[0]["id"].as_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(shown["source_kind"], "png");
    assert_eq!(shown["shared"]["mime"], "image/png");
}

#[test]
fn show_shared_image_of_a_pdf_says_nothing_was_shared_but_fields() {
    let p = Panel::new();
    p.file(
        "r.pdf",
        "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
    );
    let id = submit_ok(
        &p,
        &[
            "r.pdf",
            "--merchant",
            "Paper Co",
            "--date",
            "2026-03-10",
            "--total",
            "3.00",
        ],
    );
    let err = refused(&p, ["show", &id, "--shared-image", "out.bin"]);
    assert!(err.contains("no shared content"), "{err}");
    assert!(!p.files_dir().join("out.bin").exists());
}
