//! HEIC/HEIF, the default format of iPhone photos, read through libheif's
//! command-line decoder (`heif-dec`, or `heif-convert` on older systems
//! such as Debian 12's `libheif-examples`), run as a process like
//! Tesseract. The decoder writes a PNG into a private temporary folder
//! that is removed right after; only its pixels go on, so the photo's
//! metadata (GPS, device) is left behind like any picture's. libheif
//! applies the HEIF rotation and mirroring itself.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use image::DynamicImage;

/// The decoders tried, newest name first.
const DECODERS: [&str; 2] = ["heif-dec", "heif-convert"];

/// Longest a decoder may run on one photo.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The brands of an ISO media file's `ftyp` box that libheif decodes:
/// HEIC stills and sequences, and generic HEIF.
const BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
];

/// A HEIF file by its first box: `ftyp` with one of [`BRANDS`] as its
/// major brand.
pub fn is_heif(bytes: &[u8]) -> bool {
    bytes.len() >= 12 && &bytes[4..8] == b"ftyp" && BRANDS.iter().any(|b| &bytes[8..12] == *b)
}

/// The HEIC photo `bytes` decoded to upright pixels.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage> {
    decode_with(bytes, &DECODERS)
}

fn decode_with(bytes: &[u8], decoders: &[&str]) -> Result<DynamicImage> {
    let dir = tempfile::Builder::new()
        .prefix("panel-heic-")
        .tempdir()
        .context(
            "cannot create a private temporary folder to decode the HEIC photo; check TMPDIR",
        )?;
    let input = dir.path().join("photo.heic");
    let output = dir.path().join("photo.png");
    std::fs::write(&input, bytes).context("cannot write the HEIC photo to a temporary folder")?;
    for decoder in decoders {
        match run(decoder, &input, &output) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => bail!("cannot be read: cannot start the HEIC decoder `{decoder}`: {e}"),
            Ok(Err(failure)) => bail!(
                "is a HEIC photo {decoder} cannot decode ({failure}); export it again, \
                 or convert it to JPEG on the device it came from"
            ),
            Ok(Ok(())) => {
                let png = std::fs::read(&output)
                    .with_context(|| format!("is a HEIC photo {decoder} wrote no picture for"))?;
                return image::load_from_memory_with_format(&png, image::ImageFormat::Png)
                    .map_err(|e| anyhow!("is a HEIC photo whose decoded picture is damaged: {e}"));
            }
        }
    }
    bail!(
        "is a HEIC/HEIF photo, and no HEIC decoder is installed; install libheif's tools \
         (Debian/Ubuntu: `apt-get install libheif-examples`) or convert the photo to JPEG first"
    )
}

/// Runs `decoder input output`; the outer error is a failure to start it,
/// the inner one what went wrong once it ran.
fn run(decoder: &str, input: &Path, output: &Path) -> std::io::Result<Result<()>> {
    let mut child = Command::new(decoder)
        .arg(input)
        .arg(output)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Err(anyhow!("it took longer than {} s", TIMEOUT.as_secs())));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if status.success() {
        return Ok(Ok(()));
    }
    let mut message = String::new();
    if let Some(mut stderr) = child.stderr.take() {
        use std::io::Read;
        let _ = stderr.read_to_string(&mut message);
    }
    let message: Vec<&str> = message
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(2)
        .collect();
    Ok(Err(anyhow!("{status}: {}", message.join("; "))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_decoder_the_refusal_names_the_package() {
        let err = decode_with(b"\0\0\0\x18ftypheic", &["heif-decoder-that-does-not-exist"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("libheif-examples"), "{err}");
    }
}
