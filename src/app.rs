//! The context of one run: paths, configuration, clock and output, built
//! once in `main` and handed to the command. Commands take their resources
//! from here and nowhere else.

use std::ffi::OsString;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::clock::Clock;
use crate::commands;
use crate::commands::config::Action;
use crate::config::Config;
use crate::device::{DeviceInfo, Source};
use crate::paths::{PathEnv, Paths};
use crate::render::Out;
use crate::store::{Moment, Store};

pub struct Ctx {
    pub paths: Paths,
    pub config: Config,
    pub clock: Clock,
    pub out: Out,
}

impl Ctx {
    /// The store, created on first use.
    pub fn open_store(&self) -> Result<Store> {
        Store::open(&self.paths.database())
    }

    /// This run's instant, the panel month it falls in, and the rules: what
    /// the store needs to write and to read months.
    pub fn moment(&self) -> Moment<'_> {
        Moment {
            now: self.clock.now(),
            month: self.clock.current_month(),
            rules: &self.config.program,
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

/// Reads the environment once, builds the context and runs the command.
pub fn run(cli: Cli) -> Result<Outcome> {
    let mut out = Out::new();
    match &cli.command {
        Command::Completions(args) => {
            return commands::completions::run(args, &mut out).map(success);
        }
        Command::Man(args) => return commands::man::run(args, &mut out).map(success),
        _ => {}
    }
    let paths = Paths::resolve(&PathEnv {
        home_flag: cli.home.clone(),
        panel_home: env_path("PANEL_HOME"),
        xdg_data_home: env_path("XDG_DATA_HOME"),
        xdg_config_home: env_path("XDG_CONFIG_HOME"),
    })?;
    if let Command::Config(args) = &cli.command
        && let Action::Path { json } = args.action
    {
        return commands::config::path(&paths, &mut out, json).map(success);
    }
    let config = Config::load(&paths.config_file)?;
    let panel_now = std::env::var("PANEL_NOW").ok().filter(|v| !v.is_empty());
    let clock = Clock::from_env(panel_now.as_deref(), config.zone())?;
    let mut ctx = Ctx {
        paths,
        config,
        clock,
        out,
    };
    dispatch(&mut ctx, &cli.command)
}

fn dispatch(ctx: &mut Ctx, command: &Command) -> Result<Outcome> {
    match command {
        Command::Submit(args) => commands::submit::run(ctx, args),
        Command::List(args) => commands::list::run(ctx, args).map(success),
        Command::Show(args) => commands::show::run(ctx, args).map(success),
        Command::Delete(args) => commands::delete::run(ctx, args).map(success),
        Command::Status(args) => commands::status::run(ctx, args).map(success),
        Command::Reward(args) => commands::reward::run(ctx, args).map(success),
        Command::Survey(args) => commands::survey::run(ctx, args).map(success),
        Command::Device(args) => commands::device::run(ctx, args).map(success),
        Command::Consent(args) => commands::consent::run(ctx, args).map(success),
        Command::Audit(args) => commands::audit::run(ctx, args),
        Command::Config(args) => match args.action {
            Action::Show { json } => commands::config::show(ctx, json).map(success),
            Action::Path { .. } => unreachable!("answered before the configuration is read"),
        },
        Command::Completions(_) | Command::Man(_) => unreachable!("answered without a context"),
    }
}

fn success(_: ()) -> Outcome {
    Outcome::Success
}

/// An environment path, with an empty value treated as unset.
fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(|v: OsString| v.into())
}
