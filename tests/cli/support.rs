//! The one way tests run `panel`: a hermetic command in a temp home.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// The instant every test runs at unless it says otherwise.
pub const NOW: &str = "2026-03-20T10:00:00Z";

pub struct Panel {
    pub home: TempDir,
    pub now: String,
}

impl Panel {
    pub fn new() -> Panel {
        Panel {
            home: tempfile::tempdir().expect("temp dir"),
            now: NOW.to_string(),
        }
    }

    pub fn at(mut self, now: &str) -> Panel {
        self.now = now.to_string();
        self
    }

    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// `panel ARGS` with only the variables the test means to set.
    pub fn cmd<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = Command::cargo_bin("panel").expect("panel binary");
        cmd.env_clear()
            .env("PANEL_HOME", self.home())
            .env("PANEL_NOW", &self.now)
            .env("TZ", "UTC")
            .env("COLUMNS", "120")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(args);
        cmd
    }

    /// Writes `text` to a file in a scratch folder beside the home.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let dir = self.home().with_extension("files");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// `list --json`, parsed.
    pub fn list_json(&self) -> serde_json::Value {
        let out = self.cmd(["list", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "list failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(self.home().with_extension("files"));
    }
}

/// A plain-text receipt with the given merchant, date (YYYY-MM-DD) and total.
pub fn text_receipt(merchant: &str, date: &str, total: &str) -> String {
    format!("{merchant}\n1 Main Street\n{date}\nItem 1.00\nTOTAL {total}\n")
}

/// `../shared/data`, the real receipts and photos. Outside CI a test that
/// needs them may skip with a printed reason; in CI their absence fails.
pub fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "{} is missing; CI needs the shared test data",
            dir.display()
        );
    }
    eprintln!("skipped: {} is missing", dir.display());
    None
}
