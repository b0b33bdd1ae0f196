//! Output: tables and lines for people, JSON for machines.
//!
//! Commands write through [`Out`], never `println!`, so a closed pipe (`panel
//! list | head`) ends the run quietly instead of panicking, and so tests can
//! capture what a command says. What several commands print alike lives
//! here too (amounts, and a month's progress in `month`), so that commands
//! never import each other.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::money::format_minor;

mod month;

pub use month::{print_month, to_destination};

pub struct Out {
    stdout: io::Stdout,
    stderr: io::Stderr,
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl Default for Out {
    fn default() -> Out {
        Out::new()
    }
}

impl Out {
    pub fn new() -> Out {
        let stdout = io::stdout();
        let stdout_is_terminal = stdout.is_terminal();
        Out {
            stdout,
            stderr: io::stderr(),
            stdout_is_terminal,
            stdin_is_terminal: io::stdin().is_terminal(),
            stderr_is_terminal: io::stderr().is_terminal(),
        }
    }

    pub fn line(&mut self, text: impl AsRef<str>) -> io::Result<()> {
        let mut lock = self.stdout.lock();
        lock.write_all(text.as_ref().as_bytes())?;
        lock.write_all(b"\n")
    }

    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut lock = self.stdout.lock();
        lock.write_all(bytes)?;
        lock.flush()
    }

    pub fn note(&mut self, text: impl AsRef<str>) -> io::Result<()> {
        writeln!(self.stderr.lock(), "{}", text.as_ref())
    }

    /// Pretty JSON followed by a newline.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let mut lock = self.stdout.lock();
        // `From` keeps an I/O error as it was, so a closed pipe stays a
        // broken pipe (success) rather than a failure.
        serde_json::to_writer_pretty(&mut lock, value).map_err(io::Error::from)?;
        lock.write_all(b"\n")
    }

    pub fn table(&self, header: &[&str]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_header(header.to_vec());
        if !self.stdout_is_terminal {
            table.force_no_tty();
        }
        table
    }

    /// A progress bar on standard error for `len` steps of long work, drawn
    /// only on a terminal so that pipes and logs stay clean.
    pub fn progress(&self, len: usize) -> ProgressBar {
        if !self.stderr_is_terminal || len < 2 {
            return ProgressBar::hidden();
        }
        let style =
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg} [{elapsed}<{eta}]")
                .expect("the template is valid")
                .progress_chars("█▉▊▋▌▍▎▏ ");
        ProgressBar::new(len as u64).with_style(style)
    }

    /// Asks a yes/no question on the terminal; anything but y/yes is no.
    pub fn confirm(&mut self, question: &str) -> io::Result<bool> {
        write!(self.stderr.lock(), "{question} [y/N] ")?;
        self.stderr.lock().flush()?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        Ok(matches!(
            answer.trim().to_ascii_lowercase().as_str(),
            "y" | "yes"
        ))
    }
}

/// `12.34 USD`.
pub fn amount(minor: i64, currency: &str) -> String {
    format!("{} {currency}", format_minor(minor, currency))
}

/// An amount that may be unknown: `-` then.
pub fn money(minor: Option<i64>, currency: &str) -> String {
    minor.map_or_else(|| "-".into(), |minor| amount(minor, currency))
}

/// An amount, or `-` when nothing was earned.
pub fn amount_or_dash(minor: i64, currency: &str) -> String {
    money((minor > 0).then_some(minor), currency)
}

/// Counts by kind as people read them: `1 card, 2 email`.
pub fn counts(counts: &std::collections::BTreeMap<String, u64>) -> String {
    counts
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn or_dash<T: ToString>(value: Option<T>) -> String {
    value.map_or_else(|| "-".into(), |v| safe(&v.to_string()).into_owned())
}

/// Text from a receipt, a file or a file name as it may reach a terminal:
/// control characters (escape sequences, carriage returns, newlines),
/// bidirectional overrides and other invisible format characters are
/// written as escapes (`\e`, `\n`, `\u{202e}`), so the text can neither
/// drive the terminal nor forge or reorder a line. Everything else,
/// accented letters and `€` included, is left as it is. Human output only:
/// `--json` carries the exact text.
pub fn safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x1b' => out.push_str("\\e"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A path as [`safe`] text; bytes that are not UTF-8 are shown as `\xNN`,
/// as ripgrep shows them.
pub fn path(path: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&safe(chunk.valid()));
            for byte in chunk.invalid() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        safe(&path.to_string_lossy()).into_owned()
    }
}

/// Characters that act on a terminal or on the order of a line rather than
/// showing: C0 and C1 controls, DEL, bidirectional marks, embeddings,
/// overrides and isolates, zero-width characters and line separators.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// One aligned line per field, naming what is not known.
pub fn device(data: &crate::device::DeviceInfo) -> Vec<String> {
    let or = |value: &Option<String>, missing: &str| {
        value.clone().unwrap_or_else(|| missing.to_string())
    };
    vec![
        format!("  operating system  {}", data.os),
        format!("  os version        {}", data.os_version),
        format!(
            "  device model      {}",
            or(&data.model, "not known (not shared)")
        ),
        format!("  app version       panel {}", data.app_version),
        format!(
            "  locale            {}",
            or(&data.locale, "none set (not shared)")
        ),
    ]
}

/// `[██████░░░░]` for `done` out of `total`, `width` cells wide.
pub fn bar(done: u32, total: u32, width: usize) -> String {
    let filled = if total == 0 {
        width
    } else {
        (done.min(total) as usize * width) / total as usize
    };
    format!("[{}{}]", "█".repeat(filled), "░".repeat(width - filled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(safe("Café 3,50 €"), "Café 3,50 €");
        assert_eq!(safe("\x1b[31mRed\x1b[0m"), "\\e[31mRed\\e[0m");
        assert_eq!(safe("a\nrecorded b"), "a\\nrecorded b");
        assert_eq!(safe("x\u{202e}gnp.exe"), "x\\u{202e}gnp.exe");
        assert_eq!(safe("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
    }

    #[cfg(unix)]
    #[test]
    fn paths_show_bytes_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"re\xffcei\npt.txt");
        assert_eq!(path(std::path::Path::new(name)), "re\\xffcei\\npt.txt");
    }

    #[test]
    fn bar_fills_in_proportion() {
        assert_eq!(bar(0, 10, 10), "[░░░░░░░░░░]");
        assert_eq!(bar(6, 10, 10), "[██████░░░░]");
        assert_eq!(bar(12, 10, 5), "[█████]");
    }
}
