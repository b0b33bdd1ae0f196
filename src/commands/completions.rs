//! `panel completions SHELL`: completion scripts, generated from the CLI.

use anyhow::Result;
use clap_complete::Shell;

use crate::render::Out;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &Args, mut cli: clap::Command, out: &mut Out) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cli, "panel", &mut script);
    out.raw(&script)?;
    Ok(())
}
