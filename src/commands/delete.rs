//! `panel delete ID...`: deletion that leaves no residue in the store.

use anyhow::{Result, bail};
use serde_json::json;

use crate::app::Ctx;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Receipt ids, or 4 or more of their first characters
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Delete without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print the deleted ids as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    let mut ids = Vec::with_capacity(args.ids.len());
    for prefix in &args.ids {
        let id = store.resolve_id(prefix)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if !args.yes {
        if !ctx.out.stdin_is_terminal {
            bail!("refusing to delete without confirmation; add --yes to delete from a script");
        }
        let question = format!(
            "Delete {} receipt(s) ({})? This cannot be undone.",
            ids.len(),
            ids.join(", ")
        );
        if !ctx.out.confirm(&question)? {
            bail!("nothing deleted");
        }
    }
    store.delete(&ids, &ctx.moment(), "panelist")?;
    if args.json {
        ctx.out.json(&json!({ "deleted": ids }))?;
    } else {
        for id in &ids {
            ctx.out.line(format!("deleted {id}"))?;
        }
    }
    Ok(())
}
