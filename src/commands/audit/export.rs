//! `panel audit export`: the export is written inside the transaction that
//! records it, so an export that is not delivered leaves no trace in the ledger.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Result;

use crate::app::Ctx;
use crate::audit::export::{self, ExportContext, Format};
use crate::audit::output::Target;
use crate::store::audit::Period;

pub(super) fn export_to(
    ctx: &mut Ctx,
    format: Format,
    period: Period,
    output: Option<&Path>,
    follow_symlink: bool,
) -> Result<()> {
    // The destination is checked before the store is touched.
    let target = output
        .map(|path| Target::open(path, follow_symlink))
        .transpose()?;
    let mut store = ctx.read_store()?;
    let at = ctx.program_today();
    let export_ctx = ExportContext {
        config: &ctx.config,
        at,
        period,
        device: ctx.device(),
    };
    let bind = |tx: &rusqlite::Transaction| export::bindings(tx, &export_ctx);
    // The export is written and delivered inside the transaction that
    // records it, so an export that fails leaves no `export_made` entry.
    match target {
        None => {
            let stdout = std::io::stdout();
            store.audit_export(&at, format.name(), bind, |tx| {
                let mut writer = BufWriter::with_capacity(1 << 16, stdout.lock());
                export::write(tx, &export_ctx, format, &mut writer)?;
                writer.flush()?;
                Ok(())
            })?;
        }
        Some(target) => {
            let (size, root) = store.audit_export(&at, format.name(), bind, |tx| {
                let mut writer = BufWriter::with_capacity(1 << 16, target);
                let written = export::write(tx, &export_ctx, format, &mut writer)?;
                writer.into_inner().map_err(|e| e.into_error())?.deliver()?;
                Ok(written)
            })?;
            let path = output.expect("a target has a path");
            ctx.out.note(format!(
                "wrote {} ({size} ledger entries, root {root})",
                path.display()
            ))?;
        }
    }
    Ok(())
}
