//! PDF e-receipts: the text of their text layer.

use anyhow::Result;

/// The PDF's text, or `None` when it has none to read (a scan saved as
/// PDF, or a file the parser cannot follow), in which case the fields come
/// from the command line and nothing of the file is shared.
pub fn text(bytes: &[u8]) -> Result<Option<String>> {
    // The PDF parser may panic on malformed files: that is no text, not a
    // crash.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    let Ok(Ok(text)) = extracted else {
        return Ok(None);
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    Ok(Some(lines.join("\n") + "\n"))
}
