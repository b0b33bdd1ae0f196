//! The context of one run: paths, configuration, clock and output, built
//! once at the start (`cli`) and handed to the command. Commands take their resources
//! from here and nowhere else.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::clock::Clock;
use crate::config::Config;
use crate::device::{DeviceInfo, Source};
use crate::paths::{PathEnv, Paths};
use crate::render::Out;
use crate::store::retention::Due;
use crate::store::{ProgramToday, Store};

pub struct Ctx {
    pub paths: Paths,
    pub config: Config,
    pub clock: Clock,
    pub out: Out,
}

impl Ctx {
    /// The store, for a command that writes: created on first use. Its
    /// writes may purge receipts past the retention period, asking first
    /// on a terminal when the purge is unusual (see `store::retention`).
    pub fn open_store(&mut self) -> Result<Store> {
        let path = self.paths.database();
        let new = std::fs::symlink_metadata(&path).is_err();
        let mut store = Store::open(&path)?;
        if new {
            self.warn_about_home()?;
        }
        let ask = self.out.stdin_is_terminal && self.out.stderr_is_terminal;
        store.allow_retention(Box::new(move |due: &Due| retention_agreed(due, ask)));
        Ok(store)
    }

    /// The store, for a command that only reads: nothing is created and
    /// nothing purged. Where the home exists but holds no store yet, the
    /// answers are those of an empty store, and it says so; where the home
    /// does not exist (a mistyped `--home`), it is an error.
    pub fn read_store(&mut self) -> Result<Store> {
        let path = self.paths.database();
        if let Some(store) = Store::open_existing(&path)? {
            return Ok(store);
        }
        if !self.paths.data_dir.exists() {
            bail!(
                "no panel store at {}: the folder {} does not exist (nothing was created). \
                 Check --home or PANEL_HOME for a typo; `panel submit FILE` makes a new store",
                path.display(),
                self.paths.data_dir.display()
            );
        }
        self.out.note(format!(
            "no panel store in {} yet (nothing was created); `panel submit FILE` makes one",
            self.paths.data_dir.display()
        ))?;
        Store::empty(&path)
    }

    /// The store a dry run plans against: the panel's store as it is, or
    /// an empty one where there is none yet. Nothing is created, written
    /// or purged, so trying panel out leaves no file behind.
    pub fn preview_store(&mut self) -> Result<Store> {
        let path = self.paths.database();
        match Store::open_existing(&path)? {
            Some(store) => Ok(store),
            None => Store::empty(&path),
        }
    }

    /// Said when a new store is made in a folder that panel did not make
    /// private: the folder is the panelist's, so it is left as it is.
    fn warn_about_home(&mut self) -> Result<()> {
        if let Some(warning) = crate::paths::home_warning(&self.paths.data_dir) {
            self.out.note(warning)?;
        }
        Ok(())
    }

    /// The program as it stands for this run: its rules, this instant and
    /// the open month; what the store needs to write and to read months.
    pub fn program_today(&self) -> ProgramToday<'_> {
        ProgramToday {
            now: self.clock.now(),
            month: self.clock.current_month(),
            rules: &self.config.program,
            charities: &self.config.charities,
        }
    }

    /// The device data that would accompany a submission, read from this
    /// machine now. Whether it may be shared is the store's to say
    /// (`Store::device_consent`).
    pub fn device(&self) -> DeviceInfo {
        DeviceInfo::gather(&Source::system())
    }
}

/// How a command that did not fail outright ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Some items of a bulk run failed; each was named and the rest kept.
    Partial,
}

/// Where the files are, from `--home` and the environment.
pub fn paths(home_flag: Option<PathBuf>) -> Result<Paths> {
    Paths::resolve(&PathEnv {
        home_flag,
        panel_home: env_path("PANEL_HOME"),
        xdg_data_home: env_path("XDG_DATA_HOME"),
        xdg_config_home: env_path("XDG_CONFIG_HOME"),
    })
}

impl Ctx {
    /// Reads the configuration in `paths` and the clock (`PANEL_NOW`, or
    /// the system's) once, for the whole run.
    pub fn new(paths: Paths, out: Out) -> Result<Ctx> {
        let config = Config::load(&paths.config_file)?;
        let panel_now = std::env::var("PANEL_NOW").ok().filter(|v| !v.is_empty());
        let clock = Clock::from_env(panel_now.as_deref(), config.zone())?;
        Ok(Ctx {
            paths,
            config,
            clock,
            out,
        })
    }
}

/// Whether a due retention purge goes ahead: the usual monthly purge does;
/// an unusual one only with a yes on a terminal, and otherwise it waits,
/// and says so.
fn retention_agreed(due: &Due, ask: bool) -> bool {
    let Some(concern) = due.concern() else {
        return true;
    };
    let mut out = Out::new();
    let question = format!(
        "{}; but {concern}. Delete them?",
        capitalise(&due.describe())
    );
    if ask {
        return out.confirm(&question).unwrap_or(false);
    }
    let _ = out.note(format!(
        "note: {}, but it was not done because {concern}. Nothing was purged; run a command \
         that writes (such as `panel submit`) on a terminal to confirm the purge, or fix the clock",
        capitalise(&due.describe())
    ));
    false
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An environment path, with an empty value treated as unset.
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(|v: OsString| v.into())
}
