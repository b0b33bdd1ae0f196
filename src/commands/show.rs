//! `panel show ID`: one receipt in full, with what was shared of it.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::render;
use crate::store::receipts::{Receipt, SharedSummary};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The receipt's id, or 4 or more of its first characters
    pub id: String,
    /// Write the shared content (image or text) exactly as stored to FILE
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub shared_image: Option<PathBuf>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    #[serde(flatten)]
    pub receipt: Receipt,
    pub shared: Option<SharedSummary>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let store = ctx.open_store()?;
    let id = store.resolve_id(&args.id)?;
    let shown = Shown {
        receipt: store.get(&id)?,
        shared: store.shared_summary(&id)?,
    };
    if let Some(target) = &args.shared_image {
        let (_, bytes) = store.shared_bytes(&id)?.with_context(|| {
            format!("receipt {id} has no shared content (its fields alone were shared)")
        })?;
        std::fs::write(target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    if args.json {
        ctx.out.json(&shown)?;
        return Ok(());
    }
    let r = &shown.receipt;
    let withheld = if r.withheld.is_empty() {
        "nothing found".to_string()
    } else {
        r.withheld
            .iter()
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let shared = shown
        .shared
        .as_ref()
        .map_or("fields only".to_string(), |s| {
            format!("{} ({} bytes)", s.mime, s.size)
        });
    let rows = [
        ("id", r.id.clone()),
        ("submitted", r.submitted_at.clone()),
        ("month", r.month.to_string()),
        ("purchased", render::or_dash(r.purchase_date)),
        ("merchant", render::or_dash(r.merchant.as_deref())),
        ("total", render::money(r.total_minor, &r.currency)),
        ("category", r.category.clone()),
        ("state", r.state.as_str().to_string()),
        ("source", r.source_kind.clone()),
        ("shared", shared),
        ("withheld", withheld),
    ];
    for (label, value) in rows {
        ctx.out.line(format!("{label:<10} {value}"))?;
    }
    if let Some(target) = &args.shared_image {
        ctx.out
            .note(format!("wrote the shared content to {}", target.display()))?;
    }
    Ok(())
}
