//! Tesseract, run as a process: grayscale images in on standard input, as
//! the pages of one TIFF, TSV out, so that every word comes with its box
//! and confidence. Loading the language model is a fifth of reading a
//! receipt, so one process reads several pictures, and it is started
//! before they are decoded; nothing of a receipt is written to disk.
//!
//! Each process is limited to one OpenMP thread (`OMP_THREAD_LIMIT=1`): on a
//! small machine one receipt reads in about a third of the time that way, and
//! receipts are read in parallel instead. A process that runs past its
//! timeout is killed.

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use image::GrayImage;

/// How Tesseract is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrSettings {
    /// The program, `tesseract` on the `PATH` unless configured.
    pub program: String,
    /// Tesseract's language list, e.g. `eng` or `deu+eng`.
    pub languages: String,
    /// Longest time one receipt may take, all passes together.
    pub timeout: Duration,
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            program: "tesseract".into(),
            languages: "eng".into(),
            timeout: Duration::from_secs(60),
        }
    }
}

/// A word as Tesseract read it, in the coordinates of the image it was given.
#[derive(Debug, Clone, PartialEq)]
pub struct RawWord {
    pub text: String,
    pub left: i32,
    pub top: i32,
    pub width: i32,
    pub height: i32,
    /// 0 to 100.
    pub conf: f32,
    pub block: u32,
    pub par: u32,
    pub line: u32,
}

/// A Tesseract process started before its image is ready: it loads its
/// language model while the picture is decoded and prepared. Dropped
/// without being given an image, it is stopped.
pub struct Started {
    child: Option<Child>,
    settings: OcrSettings,
}

/// Starts Tesseract with page segmentation mode `psm`, reading an image
/// from standard input and writing TSV.
pub fn start(psm: u8, settings: &OcrSettings) -> Result<Started> {
    let psm = psm.to_string();
    let child = Command::new(&settings.program)
        .args(["stdin", "stdout", "--psm", &psm, "-l", &settings.languages])
        .args(["-c", "tessedit_do_invert=0"])
        .arg("tsv")
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(&settings.program, e))?;
    Ok(Started {
        child: Some(child),
        settings: settings.clone(),
    })
}

impl Started {
    /// Gives the process its images, as the pages of one TIFF, and collects
    /// the words it finds on each: the language model is loaded once for
    /// all of them, and nothing is written to disk.
    pub fn recognise(
        mut self,
        images: &[&GrayImage],
        deadline: Instant,
    ) -> Result<Vec<Vec<RawWord>>> {
        let input = tiff_pages(images)?;
        let mut child = self.child.take().expect("a started process reads once");
        let mut stdin = child.stdin.take().expect("piped");
        let mut stdout = child.stdout.take().expect("piped");
        let mut stderr = child.stderr.take().expect("piped");
        let out = std::thread::scope(|scope| {
            scope.spawn(move || {
                // A Tesseract that exits early closes the pipe; its exit status
                // and message tell why, so a write error here says nothing new.
                let _ = stdin.write_all(&input);
            });
            let out = scope.spawn(move || {
                let mut text = Vec::new();
                stdout.read_to_end(&mut text).map(|_| text)
            });
            let err = scope.spawn(move || {
                let mut text = Vec::new();
                let _ = stderr.read_to_end(&mut text);
                text
            });
            let status = loop {
                if let Some(status) = child.try_wait()? {
                    break status;
                }
                if Instant::now() >= deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(anyhow!(
                        "took longer than the OCR timeout of {} s; raise ocr.timeout_secs in config.toml \
                         or give the fields with --merchant, --date and --total",
                        self.settings.timeout.as_secs()
                    ));
                }
                std::thread::sleep(Duration::from_millis(5));
            };
            let out = out.join().expect("reader thread")?;
            let err = err.join().expect("reader thread");
            if !status.success() {
                let message = String::from_utf8_lossy(&err);
                let message = message
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("; ");
                bail!(
                    "could not be read: {} failed ({status}): {message}{}",
                    self.settings.program,
                    language_hint(&message, &self.settings.languages)
                );
            }
            Ok::<_, anyhow::Error>(out)
        })?;
        let text = String::from_utf8(out).context("tesseract wrote text that is not UTF-8")?;
        Ok(parse_tsv(&text, images.len()))
    }
}

/// The size of the input [`Started::recognise`] gives Tesseract.
#[cfg(test)]
pub fn tiff_size(images: &[&GrayImage]) -> usize {
    tiff_pages(images).expect("encodes").len()
}

/// Grey images as the pages of one uncompressed TIFF.
fn tiff_pages(images: &[&GrayImage]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut tiff = tiff::encoder::TiffEncoder::new(std::io::Cursor::new(&mut out))
        .context("cannot encode for OCR")?;
    for image in images {
        tiff.write_image::<tiff::encoder::colortype::Gray8>(
            image.width(),
            image.height(),
            image.as_raw(),
        )
        .context("cannot encode for OCR")?;
    }
    Ok(out)
}

impl Drop for Started {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The OCR program could not be found.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot be read: the OCR program `{0}` is not installed; install Tesseract \
     (Debian/Ubuntu: `apt-get install tesseract-ocr`, plus e.g. tesseract-ocr-deu for German) \
     or give the fields with --merchant, --date and --total"
)]
pub struct NotInstalled(pub String);

pub fn is_not_installed(e: &anyhow::Error) -> bool {
    e.downcast_ref::<NotInstalled>().is_some()
}

fn spawn_error(program: &str, e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        anyhow::Error::new(NotInstalled(program.to_string()))
    } else {
        anyhow!("cannot be read: cannot start the OCR program `{program}`: {e}")
    }
}

fn language_hint(message: &str, languages: &str) -> String {
    if message.contains("Failed loading language") || message.contains("traineddata") {
        format!(
            "; the language data for {languages:?} is missing: install it (e.g. `apt-get install \
             tesseract-ocr-deu` for deu) or choose other languages with --lang or ocr.languages"
        )
    } else {
        String::new()
    }
}

/// The word rows (level 5) of Tesseract's TSV output, page by page, for
/// `pages` pages.
pub fn parse_tsv(tsv: &str, pages: usize) -> Vec<Vec<RawWord>> {
    let mut words = vec![Vec::new(); pages];
    for row in tsv.lines().skip(1) {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<i32>().unwrap_or(0);
        let Some(page) = usize::try_from(num(1) - 1)
            .ok()
            .and_then(|page| words.get_mut(page))
        else {
            continue;
        };
        page.push(RawWord {
            text: text.to_string(),
            left: num(6),
            top: num(7),
            width: num(8),
            height: num(9),
            conf: cols[10]
                .trim()
                .parse::<f32>()
                .unwrap_or(0.0)
                .clamp(0.0, 100.0),
            block: num(2).max(0) as u32,
            par: num(3).max(0) as u32,
            line: num(4).max(0) as u32,
        });
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_word_rows_only() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t400\t900\t-1\t\n\
                   4\t1\t1\t1\t1\t0\t10\t20\t200\t30\t-1\t\n\
                   5\t1\t1\t1\t1\t1\t10\t20\t80\t30\t96.5\tTOTAL\n\
                   5\t1\t1\t1\t1\t2\t120\t21\t90\t29\t91.25\t9.00\n\
                   5\t1\t1\t1\t1\t3\t220\t21\t9\t29\t95\t \n";
        let words = parse_tsv(tsv, 1).remove(0);
        assert_eq!(words.len(), 2);
        assert_eq!(words[0].text, "TOTAL");
        assert_eq!((words[1].left, words[1].top, words[1].width), (120, 21, 90));
        assert!((words[1].conf - 91.25).abs() < 1e-4);
    }

    #[test]
    fn a_missing_program_says_how_to_install_it() {
        let settings = OcrSettings {
            program: "tesseract-that-does-not-exist".into(),
            ..OcrSettings::default()
        };
        let Err(err) = start(6, &settings) else {
            panic!("a missing program cannot start");
        };
        let err = err.to_string();
        assert!(err.contains("apt-get install tesseract-ocr"), "{err}");
        assert!(err.contains("--merchant"), "{err}");
    }
}
