//! `panel config show | path`.

use anyhow::Result;
use serde_json::json;

use crate::app::Ctx;
use crate::paths::Paths;
use crate::render::Out;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Print the configuration in effect, as commented TOML
    Show {
        /// Print JSON instead of TOML
        #[arg(long)]
        json: bool,
    },
    /// Print where the store and the configuration file are
    Path {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn show(ctx: &mut Ctx, json: bool) -> Result<()> {
    if json {
        ctx.out.json(&ctx.config)?;
        return Ok(());
    }
    let text = ctx.config.to_commented_toml();
    ctx.out.raw(text.as_bytes())?;
    Ok(())
}

/// Needs no configuration, so that it still answers when config.toml is broken.
pub fn path(paths: &Paths, out: &mut Out, json: bool) -> Result<()> {
    if json {
        out.json(&json!({
            "data_dir": paths.data_dir,
            "database": paths.database(),
            "config": paths.config_file,
        }))?;
    } else {
        out.line(format!("store:  {}", paths.database().display()))?;
        out.line(format!("config: {}", paths.config_file.display()))?;
    }
    Ok(())
}
