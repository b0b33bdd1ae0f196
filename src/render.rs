//! Output: tables and lines for people, JSON for machines.
//!
//! Commands write through [`Out`], never `println!`, so a closed pipe (`panel
//! list | head`) ends the run quietly instead of panicking, and so tests can
//! capture what a command says.

use std::io::{self, IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::money::format_minor;

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

pub fn money(minor: Option<i64>, currency: &str) -> String {
    match minor {
        Some(minor) => format!("{} {currency}", format_minor(minor, currency)),
        None => "-".into(),
    }
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
    value.map_or_else(|| "-".into(), |v| v.to_string())
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
    fn bar_fills_in_proportion() {
        assert_eq!(bar(0, 10, 10), "[░░░░░░░░░░]");
        assert_eq!(bar(6, 10, 10), "[██████░░░░]");
        assert_eq!(bar(12, 10, 5), "[█████]");
    }
}
