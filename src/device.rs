//! Device data: what may accompany a submission when the panelist consents
//! to share it (`panel consent device on`), and nothing more.
//!
//! It is read from the machine each time it is asked for (a few small files
//! and three environment variables), never stored on its own: the store keeps
//! only the copy that accompanied a receipt, and only while consent was on.
//! Commands get it through [`crate::app::Ctx::device`].
//!
//! What is read, and nothing else:
//! - the operating system: `PRETTY_NAME` (else `NAME`) and `VERSION_ID` of
//!   `/etc/os-release` (else `/usr/lib/os-release`), or the OS Rust was built
//!   for when neither file is readable;
//! - the device model: `/sys/class/dmi/id/product_name` (PCs) or
//!   `/proc/device-tree/model` (boards and phones), when readable and not a
//!   firmware placeholder such as "To Be Filled By O.E.M.";
//! - this program's version;
//! - the locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set,
//!   without its encoding (`de_DE.UTF-8` is shared as `de_DE`); the C/POSIX
//!   locale names no language and is not shared.
//!
//! No serial number, host name, user name, network address or hardware id is
//! read.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The device data that would accompany a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The operating system's name, e.g. "Debian GNU/Linux 12 (bookworm)".
    pub os: String,
    /// Its version, e.g. "12"; "unknown" when the system does not say.
    pub os_version: String,
    /// The device model, when the machine names it.
    pub model: Option<String>,
    /// The version of panel.
    pub app_version: String,
    /// The locale, e.g. "en_GB", when one is set.
    pub locale: Option<String>,
}

/// Whether device data is shared, since when, and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSharing {
    /// Whether the panelist consents to share device data.
    pub consent: bool,
    /// When consent was last given or withdrawn; `None` if it never was
    /// (device data is not shared by default).
    #[serde(default, with = "crate::clock::as_rfc3339::option")]
    pub since: Option<DateTime<Utc>>,
    /// The device data, where it is shown (see each use).
    pub data: Option<DeviceInfo>,
}

/// Where device data is read from: the file system root and a way to read
/// an environment variable. The machine's is [`Source::system`]; tests point
/// it at a folder of their own.
pub struct Source<'a> {
    pub root: PathBuf,
    pub var: &'a dyn Fn(&str) -> Option<String>,
}

impl Source<'static> {
    /// This machine and this process's environment.
    pub fn system() -> Source<'static> {
        Source {
            root: PathBuf::from("/"),
            var: &|name| std::env::var(name).ok(),
        }
    }
}

/// Firmware fills the model with one of these when the maker did not.
const PLACEHOLDER_MODELS: &[&str] = &[
    "to be filled by o.e.m.",
    "system product name",
    "default string",
    "not specified",
    "not applicable",
    "none",
    "unknown",
    "0123456789",
    "invalid",
];

impl DeviceInfo {
    /// Reads the device data from `source`.
    pub fn gather(source: &Source) -> DeviceInfo {
        let release = ["etc/os-release", "usr/lib/os-release"]
            .iter()
            .find_map(|path| read_text(&source.root.join(path)))
            .map(|text| OsRelease::parse(&text))
            .unwrap_or_default();
        let os = release
            .pretty_name
            .or(release.name)
            .unwrap_or_else(|| std::env::consts::OS.to_string());
        DeviceInfo {
            os,
            os_version: release.version_id.unwrap_or_else(|| "unknown".into()),
            model: model(&source.root),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            locale: locale(source.var),
        }
    }
}

#[derive(Debug, Default)]
struct OsRelease {
    pretty_name: Option<String>,
    name: Option<String>,
    version_id: Option<String>,
}

impl OsRelease {
    /// `KEY=value` lines, values optionally quoted (os-release(5)).
    fn parse(text: &str) -> OsRelease {
        let mut release = OsRelease::default();
        for line in text.lines() {
            let Some((key, value)) = line.trim().split_once('=') else {
                continue;
            };
            let value = unquote(value.trim());
            if value.is_empty() {
                continue;
            }
            match key.trim() {
                "PRETTY_NAME" => release.pretty_name = Some(value),
                "NAME" => release.name = Some(value),
                "VERSION_ID" => release.version_id = Some(value),
                _ => {}
            }
        }
        release
    }
}

fn unquote(value: &str) -> String {
    let inner = ['"', '\'']
        .iter()
        .find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)))
        .unwrap_or(value);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

fn model(root: &Path) -> Option<String> {
    ["sys/class/dmi/id/product_name", "proc/device-tree/model"]
        .iter()
        .filter_map(|path| read_text(&root.join(path)))
        .map(|text| {
            text.trim_matches(|c: char| c == '\0' || c.is_whitespace())
                .to_string()
        })
        .find(|name| {
            !name.is_empty()
                && !name.chars().any(char::is_control)
                && !PLACEHOLDER_MODELS.contains(&name.to_ascii_lowercase().as_str())
        })
}

fn locale(var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))?;
    // language[_territory][.codeset][@modifier]: the codeset says nothing
    // the recipient needs.
    let name = value.split(['.', '@']).next().unwrap_or_default().trim();
    if name.is_empty() || name == "C" || name == "POSIX" {
        return None;
    }
    let well_formed = name.len() <= 35
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    well_formed.then(|| name.to_string())
}

/// A small text file's contents; `None` when unreadable, too large or not
/// UTF-8.
fn read_text(path: &Path) -> Option<String> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn gather(files: &[(&str, &str)], vars: &[(&str, &str)]) -> DeviceInfo {
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let var = move |name: &str| vars.get(name).cloned();
        DeviceInfo::gather(&Source {
            root: root.path().to_path_buf(),
            var: &var,
        })
    }

    #[test]
    fn reads_os_release_model_and_locale() {
        let info = gather(
            &[
                (
                    "etc/os-release",
                    "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n\
                     VERSION_ID=\"12\"\n# comment\nHOME_URL=\"https://www.debian.org/\"\n",
                ),
                (
                    "sys/class/dmi/id/product_name",
                    "ThinkPad X1 Carbon Gen 9\n",
                ),
            ],
            &[("LANG", "de_DE.UTF-8"), ("LC_MESSAGES", "fr_FR.UTF-8@euro")],
        );
        assert_eq!(
            info,
            DeviceInfo {
                os: "Debian GNU/Linux 12 (bookworm)".into(),
                os_version: "12".into(),
                model: Some("ThinkPad X1 Carbon Gen 9".into()),
                app_version: env!("CARGO_PKG_VERSION").into(),
                locale: Some("fr_FR".into()),
            }
        );
    }

    #[test]
    fn falls_back_when_the_machine_says_little() {
        let info = gather(&[], &[("LANG", "C.UTF-8")]);
        assert_eq!(info.os, std::env::consts::OS);
        assert_eq!(info.os_version, "unknown");
        assert_eq!(info.model, None);
        assert_eq!(info.locale, None);
        let info = gather(
            &[
                ("usr/lib/os-release", "NAME=Arch Linux\nBUILD_ID=rolling\n"),
                ("sys/class/dmi/id/product_name", "To Be Filled By O.E.M.\n"),
                ("proc/device-tree/model", "Raspberry Pi 4 Model B Rev 1.4\0"),
            ],
            &[("LC_ALL", "POSIX"), ("LANG", "en_GB.UTF-8")],
        );
        assert_eq!(info.os, "Arch Linux");
        assert_eq!(info.os_version, "unknown");
        assert_eq!(
            info.model.as_deref(),
            Some("Raspberry Pi 4 Model B Rev 1.4")
        );
        assert_eq!(
            info.locale, None,
            "LC_ALL wins even when it names no language"
        );
    }

    #[test]
    fn a_strange_locale_is_not_shared() {
        let info = gather(&[], &[("LANG", "en_US;rm -rf /")]);
        assert_eq!(info.locale, None);
        let info = gather(&[], &[("LC_ALL", ""), ("LANG", "pt_BR")]);
        assert_eq!(info.locale.as_deref(), Some("pt_BR"));
    }

    #[test]
    fn round_trips_through_json() {
        let info = gather(&[], &[]);
        let text = serde_json::to_string(&info).unwrap();
        assert_eq!(serde_json::from_str::<DeviceInfo>(&text).unwrap(), info);
    }
}
