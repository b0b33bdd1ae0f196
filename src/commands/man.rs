//! `panel man`: the man page, generated from the CLI.

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::Cli;
use crate::render::Out;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, out: &mut Out) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.raw(&page)?;
    Ok(())
}
