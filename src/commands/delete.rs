//! `panel delete ID...`: deletion that leaves no residue in the store.

use anyhow::{Result, bail};
use serde_json::json;

use crate::app::Ctx;
use crate::commands::Output;

#[derive(Debug, clap::Args)]
#[command(mut_arg("json", |a| a.help("Print the deleted ids as JSON")))]
pub struct Args {
    /// Receipt ids, or 4 or more of their first characters
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Delete without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let mut store = ctx.open_store()?;
    let mut ids = Vec::with_capacity(args.ids.len());
    let mut seen = std::collections::HashSet::with_capacity(args.ids.len());
    for prefix in &args.ids {
        let id = store.resolve_id(prefix)?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    if !args.yes {
        if !ctx.out.stdin_is_terminal {
            bail!("refusing to delete without confirmation; add --yes to delete from a script");
        }
        let shown = match ids.len() {
            0..=20 => ids.join(", "),
            n => format!("{}, … and {} more", ids[..10].join(", "), n - 10),
        };
        let question = format!(
            "Delete {} receipt(s) ({shown})? This cannot be undone.",
            ids.len()
        );
        if !ctx.out.confirm(&question)? {
            bail!("nothing deleted");
        }
    }
    let progress = ctx.out.progress(ids.len());
    progress.set_message("deleting");
    store.delete(&ids, &ctx.program_today(), "panelist", || progress.inc(1))?;
    progress.finish_and_clear();
    if args.output.json {
        ctx.out.json(&json!({ "deleted": ids }))?;
    } else {
        for id in &ids {
            ctx.out.line(format!("deleted {id}"))?;
        }
    }
    Ok(())
}
