//! The commands: one `enum Command`, a folder per group of verbs with one
//! verb per file, and a file per lone verb. Each verb takes its `Args` and
//! the resources it needs, and prints through [`Out`].
//!
//! A command says what it needs before anything is read ([`Command::needs`]):
//! completions and the man page need nothing, so they answer without a home;
//! `config path` needs only the paths, so it answers when config.toml is
//! broken; every other command gets the whole context ([`Ctx`]).
//!
//! Commands never import each other: what two of them print alike is in
//! `render`, and what they read alike is a store method.

pub mod audit;
pub mod completions;
pub mod config;
pub mod consent;
pub mod delete;
pub mod device;
pub mod list;
pub mod man;
pub mod reward;
pub mod show;
pub mod status;
pub mod submit;
pub mod survey;

use anyhow::Result;
use clap::Subcommand;

use crate::app::{Ctx, Outcome};
use crate::paths::Paths;
use crate::render::Out;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Record receipts: read, check the program's rules, share only what is allowed
    Submit(submit::Args),
    /// List recorded receipts
    List(list::Args),
    /// Show one receipt in full
    Show(show::Args),
    /// Delete receipts, leaving no trace of them in the store
    Delete(delete::Args),
    /// Progress toward this month's quota and reward
    Status(status::Args),
    /// Where rewards go, what each month earned, and the charities to choose from
    Reward(reward::Args),
    /// Record the surveys you took, which add to the month's reward
    Survey(survey::Args),
    /// Show the device data that would accompany submissions, and whether it is shared
    Device(device::Args),
    /// Give or withdraw consent to share device data, and list every consent change
    Consent(consent::Args),
    /// Export the account of what was shared and deleted, and verify one
    Audit(audit::Args),
    /// Show the configuration or where the files are
    Config(config::Args),
    /// Print shell completions
    Completions(completions::Args),
    /// Print the man page
    Man(man::Args),
}

/// A command that needs nothing but the definition of the command line.
pub type Alone<'a> = Box<dyn FnOnce(clap::Command, &mut Out) -> Result<Outcome> + 'a>;
/// A command that needs where the files are, and not the configuration.
pub type WithPaths<'a> = Box<dyn FnOnce(&Paths, &mut Out) -> Result<Outcome> + 'a>;
/// A command that needs the whole context.
pub type WithContext<'a> = Box<dyn FnOnce(&mut Ctx) -> Result<Outcome> + 'a>;

/// What a command needs before it runs, and the command ready to take it.
/// The start builds only that much, so a broken config.toml or a missing
/// home fails only the commands that read them.
pub enum Needs<'a> {
    Nothing(Alone<'a>),
    Paths(WithPaths<'a>),
    Context(WithContext<'a>),
}

impl Command {
    pub fn needs(&self) -> Needs<'_> {
        match self {
            Command::Completions(args) => {
                Needs::nothing(move |cli, out| completions::run(args, cli, out))
            }
            Command::Man(args) => Needs::nothing(move |cli, out| man::run(args, cli, out)),
            Command::Config(args) => config::needs(args),
            Command::Submit(args) => {
                Needs::Context(Box::new(move |ctx: &mut Ctx| submit::run(ctx, args)))
            }
            Command::List(args) => Needs::context(move |ctx| list::run(ctx, args)),
            Command::Show(args) => Needs::context(move |ctx| show::run(ctx, args)),
            Command::Delete(args) => Needs::context(move |ctx| delete::run(ctx, args)),
            Command::Status(args) => Needs::context(move |ctx| status::run(ctx, args)),
            Command::Reward(args) => Needs::context(move |ctx| reward::run(ctx, args)),
            Command::Survey(args) => Needs::context(move |ctx| survey::run(ctx, args)),
            Command::Device(args) => Needs::context(move |ctx| device::run(ctx, args)),
            Command::Consent(args) => Needs::context(move |ctx| consent::run(ctx, args)),
            Command::Audit(args) => {
                Needs::Context(Box::new(move |ctx: &mut Ctx| audit::run(ctx, args)))
            }
        }
    }
}

impl<'a> Needs<'a> {
    /// A command that needs nothing and, when it does not fail, succeeds.
    pub fn nothing(run: impl FnOnce(clap::Command, &mut Out) -> Result<()> + 'a) -> Needs<'a> {
        Needs::Nothing(Box::new(|cli: clap::Command, out: &mut Out| {
            run(cli, out).map(|()| Outcome::Success)
        }))
    }

    /// A command that needs the paths and, when it does not fail, succeeds.
    pub fn paths(run: impl FnOnce(&Paths, &mut Out) -> Result<()> + 'a) -> Needs<'a> {
        Needs::Paths(Box::new(|paths: &Paths, out: &mut Out| {
            run(paths, out).map(|()| Outcome::Success)
        }))
    }

    /// A command that needs the context and, when it does not fail,
    /// succeeds whole.
    pub fn context(run: impl FnOnce(&mut Ctx) -> Result<()> + 'a) -> Needs<'a> {
        Needs::Context(Box::new(|ctx: &mut Ctx| {
            run(ctx).map(|()| Outcome::Success)
        }))
    }
}

/// How a command prints: for people, or JSON for machines. One option,
/// flattened into every command that prints something a script may read;
/// a command describes its JSON in the option's help.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct Output {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}
