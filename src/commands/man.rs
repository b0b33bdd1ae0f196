//! `panel man`: the man page, generated from the CLI.

use anyhow::Result;

use crate::render::Out;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: &Args, cli: clap::Command, out: &mut Out) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cli).render(&mut page)?;
    out.raw(&page)?;
    Ok(())
}
