//! PDF e-receipts: the text of their text layer, read within a budget.
//!
//! A PDF is a container of compressed streams and a small program that
//! draws the page; both can be made to cost far more than the file's size.
//! Before the parser sees the file, every Flate stream in it is unpacked
//! and counted (the unpacked bytes are dropped as they come) so that a
//! decompression bomb is refused without ever being held in memory. While
//! the text is drawn, the drawing stops once it has run out of time or
//! written more text than any receipt holds. The parser runs on its own
//! thread, isolated: its panics and a run that never returns both become a
//! refusal of that file.

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use pdf_extract::{MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};

use crate::isolate;

/// The most bytes the streams of one PDF may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 32 << 20;
/// The longest reading the text of one PDF may take.
pub const TIME_BUDGET: Duration = Duration::from_millis(1500);
/// The most characters of text one PDF may draw.
const MAX_CHARS: usize = 1 << 20;

/// What reading a PDF's text gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfText {
    Text(String),
    /// No text layer (a scan saved as PDF): the fields come from the
    /// command line and nothing of the file is shared.
    None,
    /// The reader could not follow the file; why, for the panelist. As with
    /// no text, the fields may still come from the command line.
    Unreadable(String),
}

/// The PDF's text. A PDF beyond a budget is refused, saying which.
pub fn text(bytes: &[u8]) -> Result<PdfText> {
    let unpacked = unpack(bytes, MAX_UNPACKED_BYTES);
    if unpacked.bytes > MAX_UNPACKED_BYTES {
        bail!(
            "is a PDF whose compressed streams unpack to more than {} MB, far more than a \
             receipt holds; export the receipt again, or submit a picture of it",
            MAX_UNPACKED_BYTES >> 20
        );
    }
    if unpacked.deepest > MAX_DEPTH {
        bail!(
            "is a PDF whose drawing nests more than {MAX_DEPTH} levels deep, far more than a \
             receipt; export the receipt again, or submit a picture of it"
        );
    }
    let text = match extract_within_budget(bytes.to_vec(), TIME_BUDGET)? {
        Ok(text) => text,
        Err(why) => return Ok(PdfText::Unreadable(why)),
    };
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return Ok(PdfText::None);
    }
    Ok(PdfText::Text(lines.join("\n") + "\n"))
}

/// Why a reading stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    Time,
    Size,
}

/// Runs the parser on a thread of its own and waits at most `budget`
/// (plus a grace second for a parser that does not stop when told). A
/// budget spent is an error; a file the parser cannot follow is `Err`
/// inside, saying why.
fn extract_within_budget(bytes: Vec<u8>, budget: Duration) -> Result<Result<String, String>> {
    let deadline = Instant::now() + budget;
    let (send, receive) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf-text".into())
        .spawn(move || {
            let result = isolate::catch(|| extract(&bytes, deadline));
            let _ = send.send(result);
        });
    if spawned.is_err() {
        bail!("could not read the PDF: no thread could be started for it; try again");
    }
    let waited = receive.recv_timeout(budget + Duration::from_secs(1));
    match waited {
        Ok(Ok(Ok(text))) => Ok(Ok(text)),
        Ok(Ok(Err(Some(Stop::Time)))) | Err(_) => bail!(
            "is a PDF whose text takes longer than {:.1} s to read, far longer than a receipt; \
             export the receipt again, or submit a picture of it",
            budget.as_secs_f64()
        ),
        Ok(Ok(Err(Some(Stop::Size)))) => bail!(
            "is a PDF that draws more than {MAX_CHARS} characters of text, far more than a \
             receipt; submit only the receipt's pages"
        ),
        Ok(Ok(Err(None))) => Ok(Err("its structure is damaged".into())),
        Ok(Err(panicked)) => Ok(Err(format!("the PDF reader failed on it ({panicked})"))),
    }
}

/// The text of the PDF, or why not: a budget (`Some`) or damage (`None`).
fn extract(bytes: &[u8], deadline: Instant) -> Result<String, Option<Stop>> {
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|_| None)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(None);
    }
    let mut text = String::new();
    let mut output = Bounded {
        inner: PlainTextOutput::new(&mut text),
        deadline,
        calls: 0,
        chars: 0,
        stopped: None,
    };
    let drawn = pdf_extract::output_doc(&doc, &mut output);
    if let Some(stop) = output.stopped {
        return Err(Some(stop));
    }
    drawn.map_err(|_| None)?;
    Ok(text)
}

/// Plain-text output that stops the drawing when time or room runs out.
struct Bounded<'a> {
    inner: PlainTextOutput<&'a mut String>,
    deadline: Instant,
    calls: u32,
    chars: usize,
    stopped: Option<Stop>,
}

impl Bounded<'_> {
    fn check(&mut self) -> Result<(), OutputError> {
        self.calls = self.calls.wrapping_add(1);
        if self.stopped.is_none()
            && self.calls.is_multiple_of(256)
            && Instant::now() > self.deadline
        {
            self.stopped = Some(Stop::Time);
        }
        if self.chars > MAX_CHARS {
            self.stopped = Some(Stop::Size);
        }
        match self.stopped {
            Some(_) => Err(OutputError::IoError(std::io::Error::other("budget spent"))),
            None => Ok(()),
        }
    }
}

impl OutputDev for Bounded<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.check()?;
        self.inner.begin_page(page_num, media_box, art_box)
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.check()?;
        self.inner.end_page()
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.chars += char.len() + 1;
        self.check()?;
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.check()?;
        self.inner.begin_word()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        self.check()?;
        self.inner.end_word()
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.check()?;
        self.inner.end_line()
    }
}

/// What the file's streams hold, unpacked: how many bytes, and how deep
/// the drawing nests saved graphics states (`q` … `Q`). Each `q` makes the
/// parser copy the whole state, so a stream of nothing but `q` costs
/// memory in proportion to its length squared.
#[derive(Debug, Default)]
struct Unpacked {
    bytes: u64,
    depth: u32,
    deepest: u32,
    /// The byte before the current one, and a `q` or `Q` waiting for the
    /// byte after it to show it is a whole operator.
    before: u8,
    pending: Option<u8>,
}

/// Deeper nesting than this is refused; the PDF reference's own limit on
/// nesting for readers was 28, and receipts nest a handful.
const MAX_DEPTH: u32 = 256;

impl Unpacked {
    fn over(&self, limit: u64) -> bool {
        self.bytes > limit || self.deepest > MAX_DEPTH
    }

    fn feed(&mut self, piece: &[u8]) {
        self.bytes += piece.len() as u64;
        let delimiter = |b: u8| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b);
        for &b in piece {
            if let Some(op) = self.pending.take()
                && delimiter(b)
            {
                if op == b'q' {
                    self.depth += 1;
                    self.deepest = self.deepest.max(self.depth);
                } else {
                    self.depth = self.depth.saturating_sub(1);
                }
            }
            if matches!(b, b'q' | b'Q') && delimiter(self.before) {
                self.pending = Some(b);
            }
            self.before = b;
        }
    }

    /// Between streams: an operator cannot run on into the next one.
    fn end_stream(&mut self) {
        self.feed(b"\n");
        self.bytes -= 1;
        self.before = b'\n';
    }
}

/// The file's streams unpacked and scanned, up to just past `limit` bytes.
/// Streams are found by their `stream` and `endstream` keywords, as a PDF
/// parser recovering a damaged file would; a Flate stream is unpacked in
/// small pieces that are scanned and dropped, so the scan costs no more
/// memory than a piece. Streams of other filters are scanned as stored.
fn unpack(bytes: &[u8], limit: u64) -> Unpacked {
    let mut found = Unpacked {
        before: b'\n',
        ..Unpacked::default()
    };
    let mut at = 0;
    while let Some(start) = find(&bytes[at..], b"stream").map(|i| at + i) {
        let mut data = start + b"stream".len();
        // `endstream` also holds `stream`; the keyword opens a stream only
        // when an end of line follows.
        if bytes[..start].ends_with(b"end") {
            at = data;
            continue;
        }
        match bytes.get(data..data + 2) {
            Some(b"\r\n") => data += 2,
            Some([b'\n' | b'\r', _]) => data += 1,
            _ => {
                at = data;
                continue;
            }
        }
        let end = find(&bytes[data..], b"endstream").map_or(bytes.len(), |i| data + i);
        let dictionary = &bytes[start.saturating_sub(512)..start];
        // The end of line before `endstream` is not data.
        let raw = bytes[data..end]
            .strip_suffix(b"\n")
            .unwrap_or(&bytes[data..end]);
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let flate =
            find(dictionary, b"FlateDecode").is_some() || find(dictionary, b"/Fl").is_some();
        // A stream that is not zlib after all (another filter near a Flate
        // one) is scanned as stored.
        if !(flate && inflate_into(raw, limit, &mut found)) {
            found.feed(raw);
        }
        found.end_stream();
        if found.over(limit) {
            return found;
        }
        at = end;
    }
    found
}

/// Feeds what `raw` inflates to into `found`, stopping past `limit` bytes
/// in all; false when not one byte came out (not zlib).
fn inflate_into(raw: &[u8], limit: u64, found: &mut Unpacked) -> bool {
    let mut decoder = flate2::read::ZlibDecoder::new(raw);
    let mut piece = [0u8; 16 * 1024];
    let mut any = false;
    while let Ok(n) = decoder.read(&mut piece) {
        if n == 0 {
            break;
        }
        any = true;
        found.feed(&piece[..n]);
        if found.over(limit) {
            break;
        }
    }
    any
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zlib(bytes: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn with_stream(dictionary: &str, data: &[u8]) -> Vec<u8> {
        let mut pdf = format!("%PDF-1.4\n1 0 obj\n<< {dictionary} >>\nstream\n").into_bytes();
        pdf.extend(data);
        pdf.extend(b"\nendstream\nendobj\n%%EOF\n");
        pdf
    }

    #[test]
    fn counts_what_flate_streams_unpack_to_and_stops_past_the_limit() {
        let bomb = zlib(&vec![0u8; 8 << 20]);
        let pdf = with_stream("/Length 1 /Filter /FlateDecode", &bomb);
        assert_eq!(unpack(&pdf, u64::MAX).bytes, 8 << 20);
        assert!(unpack(&pdf, 1 << 20).bytes < 2 << 20);
        let plain = with_stream("/Length 5", b"hello");
        assert_eq!(unpack(&plain, u64::MAX).bytes, 5);
    }

    #[test]
    fn measures_how_deep_graphics_states_nest() {
        let drawing = b"q 1 0 0 1 0 0 cm q BT (quiet Q) Tj ET Q Q q Q\nq";
        let found = unpack(&with_stream("/Length 9", drawing), u64::MAX);
        assert_eq!(found.deepest, 2);
        let nested = zlib(&b"q ".repeat(1000));
        let pdf = with_stream("/Filter /FlateDecode", &nested);
        let err = text(&pdf).unwrap_err().to_string();
        assert!(err.contains("nests more than 256 levels"), "{err}");
    }

    #[test]
    fn a_bomb_is_refused_by_its_size() {
        let bomb = zlib(&vec![b' '; (MAX_UNPACKED_BYTES + 1024) as usize]);
        let pdf = with_stream("/Length 1 /Filter /FlateDecode", &bomb);
        let err = text(&pdf).unwrap_err().to_string();
        assert!(err.contains("unpack to more than 32 MB"), "{err}");
    }

    #[test]
    fn a_damaged_pdf_is_unreadable_not_textless() {
        let read = text(b"%PDF-1.7\n1 0 obj\n<<\n%%EOF\n").unwrap();
        assert!(matches!(read, PdfText::Unreadable(_)), "{read:?}");
    }
}
