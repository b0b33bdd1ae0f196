//! The one way tests run `panel`: a hermetic command in a temp home.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The instant every test runs at unless it says otherwise.
pub const NOW: &str = "2026-03-20T10:00:00Z";

pub struct Panel {
    pub home: TempDir,
    /// TMPDIR of every run: previews land here, not in the machine's /tmp.
    pub tmp: TempDir,
    pub now: String,
}

impl Panel {
    pub fn new() -> Panel {
        Panel {
            home: private_tempdir(),
            tmp: tempfile::tempdir().expect("temp dir"),
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
            .env("TMPDIR", self.tmp.path())
            .env("TZ", "UTC")
            .env("COLUMNS", "120")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(args);
        cmd
    }

    /// The same hermetic command as [`Panel::cmd`], as a plain
    /// `std::process::Command` (to spawn it, or to run it under another
    /// program).
    pub fn std_cmd<I, S>(&self, program: &Path, args: I) -> std::process::Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear();
        for (key, value) in self.cmd(["--version"]).get_envs() {
            if let Some(value) = value {
                cmd.env(key, value);
            }
        }
        cmd.args(args);
        cmd
    }

    /// Puts the committed store `tests/fixtures/NAME` in the home as its
    /// `panel.db`, and returns that path.
    pub fn with_store_fixture(&self, name: &str) -> PathBuf {
        let db = self.home().join("panel.db");
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
            &db,
        )
        .unwrap();
        db
    }

    /// Writes `text` to a file in a scratch folder beside the home.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let dir = self.home().with_extension("files");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The scratch folder [`Panel::file`] writes into; runs start there,
    /// so that file names in their output are bare names.
    pub fn files_dir(&self) -> PathBuf {
        let dir = self.home().with_extension("files");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// `panel ARGS` at this panel's instant, in [`Panel::files_dir`].
    #[must_use = "a test checks how a run ended: use .ok(), .code or its output"]
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_at(&self.now, args)
    }

    /// Like [`Panel::run`], at another instant.
    #[must_use = "a test checks how a run ended: use .ok(), .code or its output"]
    pub fn run_at<I, S>(&self, now: &str, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut cmd = self.cmd(args);
        cmd.current_dir(self.files_dir()).env("PANEL_NOW", now);
        Run::of(cmd)
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

/// What one run of `panel` said and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Runs `cmd` to its end.
    #[must_use = "a test checks how a run ended: use .ok(), .code or its output"]
    pub fn of(mut cmd: Command) -> Run {
        let out = cmd.output().expect("panel runs");
        Run {
            code: out.status.code().expect("panel exited, not killed"),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }

    /// The run, once it is known to have succeeded.
    pub fn ok(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Standard output, parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// A temp folder only its owner can open, as a panel home should be.
fn private_tempdir() -> TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    dir
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

/// A PNG written byte by byte (stored deflate blocks), so that tests control
/// every chunk: `pixel(x, y)` gives each RGB pixel, and `text` adds a `tEXt`
/// chunk, metadata that must never be shared.
pub fn png(
    width: u32,
    height: u32,
    mut pixel: impl FnMut(u32, u32) -> [u8; 3],
    text: Option<&str>,
) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..height {
        raw.push(0); // filter: none
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, no interlace
    let mut out = PNG_SIGNATURE.to_vec();
    png_chunk(&mut out, b"IHDR", &ihdr);
    if let Some(text) = text {
        png_chunk(&mut out, b"tEXt", format!("Comment\0{text}").as_bytes());
    }
    png_chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    png_chunk(&mut out, b"IEND", &[]);
    out
}

pub const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zlib stream of stored (uncompressed) deflate blocks.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = if data.is_empty() {
        vec![&[]]
    } else {
        data.chunks(65_535).collect()
    };
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// Replaces each of `ids` with `[idN]___` (as wide as an id, so tables keep
/// their shape), the panel home with `[HOME]` and a preview's temporary
/// file with `[TMP]/panel-previews-UID/panel-preview-XXXXXX`.
pub fn redact(p: &Panel, text: &str, ids: &[String]) -> String {
    let mut text = text.replace(&p.home().display().to_string(), "[HOME]");
    text = text.replace(&p.tmp.path().display().to_string(), "[TMP]");
    let folder = regex::Regex::new(r"panel-previews-[0-9]+").expect("pattern");
    text = folder.replace_all(&text, "panel-previews-UID").into_owned();
    let preview = regex::Regex::new(r"panel-preview-[A-Za-z0-9]+").expect("pattern");
    text = preview
        .replace_all(&text, "panel-preview-XXXXXX")
        .into_owned();
    for (n, id) in ids.iter().enumerate() {
        let placeholder = format!("{:_<width$}", format!("[id{}]", n + 1), width = id.len());
        text = text.replace(id.as_str(), &placeholder);
    }
    text
}

/// Every regular file under `dir`, with its bytes.
pub fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            found.extend(files_under(&path));
        } else if meta.is_file() {
            found.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    found
}

/// Where `needle` occurs in the files of the home: (file, offset).
pub fn occurrences(home: &Path, needle: &[u8]) -> Vec<(PathBuf, usize)> {
    files_under(home)
        .into_iter()
        .flat_map(|(path, bytes)| {
            bytes
                .windows(needle.len())
                .enumerate()
                .filter(|(_, w)| *w == needle)
                .map(|(at, _)| (path.clone(), at))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether `tesseract` with the English and German data can run here. With
/// `CI` set its absence fails the test; elsewhere the test skips with a
/// printed reason.
pub fn tesseract() -> bool {
    let found = std::process::Command::new("tesseract")
        .arg("--list-langs")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    match found {
        Some(langs) if langs.contains("eng") && langs.contains("deu") => true,
        _ if std::env::var_os("CI").is_some() => panic!(
            "tesseract with eng and deu is missing; CI installs tesseract-ocr, \
             tesseract-ocr-deu and tesseract-ocr-fra"
        ),
        _ => {
            eprintln!("skipped: tesseract (with eng and deu data) is not installed");
            false
        }
    }
}

/// Whether `exiftool` can run here; with `CI` set its absence fails.
pub fn exiftool() -> bool {
    let runs = std::process::Command::new("exiftool")
        .arg("-ver")
        .output()
        .is_ok_and(|o| o.status.success());
    if !runs && std::env::var_os("CI").is_some() {
        panic!("exiftool is missing; CI installs libimage-exiftool-perl");
    }
    if !runs {
        eprintln!("skipped: exiftool (Debian libimage-exiftool-perl) is not installed");
    }
    runs
}

/// A store's schema version (PRAGMA user_version): the big-endian u32 at
/// offset 60 of the file's header.
pub fn user_version(db: &Path) -> u32 {
    let bytes = std::fs::read(db).unwrap();
    u32::from_be_bytes(bytes[60..64].try_into().unwrap())
}
