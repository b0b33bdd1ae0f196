//! `panel survey list`: the surveys recorded.

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::Output;
use crate::month::Month;
use crate::render::amount;

pub fn run(ctx: &mut Ctx, month: Option<Month>, output: &Output) -> Result<()> {
    let store = ctx.read_store()?;
    let surveys = store.surveys(month)?;
    if output.json {
        ctx.out.json(&surveys)?;
        return Ok(());
    }
    if surveys.is_empty() {
        ctx.out.line(
            "No surveys recorded: add one with `panel survey add --title TEXT --reward AMOUNT`.",
        )?;
        return Ok(());
    }
    let mut table = ctx.out.table(&["id", "taken", "month", "title", "reward"]);
    for s in &surveys {
        table.add_row(vec![
            s.id.clone(),
            s.date.to_string(),
            s.month.to_string(),
            s.title.clone(),
            amount(s.reward_minor, &s.currency),
        ]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    Ok(())
}
