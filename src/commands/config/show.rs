//! `panel config show`: the configuration in effect, as TOML under the
//! schema's description of each key, or as JSON.

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::Output;

pub fn run(ctx: &mut Ctx, output: &Output) -> Result<()> {
    if output.json {
        ctx.out.json(&ctx.config)?;
        return Ok(());
    }
    let text = ctx.config.to_commented_toml();
    ctx.out.raw(text.as_bytes())?;
    Ok(())
}
