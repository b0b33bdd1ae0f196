//! `panel reward charities`: the charities a reward can be donated to.

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::Output;

pub fn run(ctx: &mut Ctx, output: &Output) -> Result<()> {
    let charities = &ctx.config.charities;
    if output.json {
        ctx.out.json(charities)?;
        return Ok(());
    }
    if charities.is_empty() {
        ctx.out
            .line("The program lists no charities; rewards go to your store balance.")?;
        return Ok(());
    }
    let mut table = ctx.out.table(&["id", "name", "description"]);
    for c in charities {
        table.add_row(vec![c.id.clone(), c.name.clone(), c.description.clone()]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    ctx.out
        .line("Donate your rewards to one with `panel reward choose charity ID-OR-NAME-PREFIX`.")?;
    Ok(())
}
