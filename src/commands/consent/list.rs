//! `panel consent list`: every consent given or withdrawn, oldest first.

use anyhow::Result;

use crate::app::Ctx;
use crate::clock::rfc3339;
use crate::commands::Output;
use crate::store::consents::ConsentChange;

pub fn run(ctx: &mut Ctx, output: &Output) -> Result<()> {
    let store = ctx.read_store()?;
    let history = store.consent_history()?;
    if output.json {
        ctx.out.json(&history)?;
        return Ok(());
    }
    if history.is_empty() {
        ctx.out.line(
            "No consent given or withdrawn yet: device data is not shared \
             (see `panel device`; share it with `panel consent device on`).",
        )?;
        return Ok(());
    }
    let mut table = ctx.out.table(&["time", "kind", "receipt", "consent"]);
    for ConsentChange {
        kind,
        receipt,
        granted,
        at,
    } in &history
    {
        table.add_row(vec![
            rfc3339(*at),
            kind.to_string(),
            receipt.clone().unwrap_or_else(|| "-".into()),
            if *granted { "given" } else { "withdrawn" }.to_string(),
        ]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    Ok(())
}
