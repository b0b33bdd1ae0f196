//! How much text one receipt may be.
//!
//! A receipt is a page or two: a few hundred lines of a few dozen
//! characters. Text far beyond that is not a receipt, and reading it costs
//! time in proportion to its size in every later step (extraction tries
//! its rules on each line), so it is refused with the limit named before
//! any of that work starts.

use anyhow::{Result, bail};

/// The most text, in bytes of UTF-8, one receipt may hold.
pub const MAX_TEXT_BYTES: usize = 256 * 1024;
/// The most lines one receipt may hold.
pub const MAX_LINES: usize = 5_000;
/// The longest line, in characters: a wide till roll prints 56.
pub const MAX_LINE_CHARS: usize = 2_000;

/// Refuses text beyond the limits, naming which one and by how much.
pub fn check(text: &str) -> Result<()> {
    if text.len() > MAX_TEXT_BYTES {
        bail!(
            "holds {} KB of text, above the limit of {} KB for one receipt; \
             submit only the receipt's part",
            text.len() / 1024,
            MAX_TEXT_BYTES / 1024
        );
    }
    let mut lines = 0;
    for (n, line) in text.lines().enumerate() {
        lines += 1;
        // A line of more bytes than the limit's characters may still be
        // within it: count characters only then.
        if line.len() > MAX_LINE_CHARS && line.chars().count() > MAX_LINE_CHARS {
            bail!(
                "has a line of {} characters (line {}), above the limit of {MAX_LINE_CHARS} \
                 for a receipt; submit only the receipt's part",
                line.chars().count(),
                n + 1
            );
        }
    }
    if lines > MAX_LINES {
        bail!(
            "holds {lines} lines of text, above the limit of {MAX_LINES} for one receipt; \
             submit only the receipt's part"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_passes_and_a_flood_is_refused_by_name() {
        assert!(check("Corner Shop\nTOTAL 3.50\n").is_ok());
        let long_line = format!("Subject: {}\n", "x".repeat(MAX_LINE_CHARS));
        let err = check(&long_line).unwrap_err().to_string();
        assert!(err.contains("line of 2009 characters"), "{err}");
        let many = "1\n".repeat(MAX_LINES + 1);
        let err = check(&many).unwrap_err().to_string();
        assert!(err.contains("5001 lines"), "{err}");
        let big = "é".repeat(MAX_TEXT_BYTES);
        assert!(check(&big).unwrap_err().to_string().contains("KB of text"));
        // Two-byte characters: the line is within the limit in characters.
        assert!(check(&"é".repeat(MAX_LINE_CHARS)).is_ok());
    }
}
