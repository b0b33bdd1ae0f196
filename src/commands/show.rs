//! `panel show ID`: one receipt in full, with what was shared of it.

use std::path::PathBuf;

use anyhow::{Context, Result};

use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::clock::rfc3339;
use crate::commands::Output;
use crate::render;
use crate::store::receipts::{Receipt, SharedSummary};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The receipt's id, or 4 or more of its first characters
    pub id: String,
    /// Write the shared content (image or text) exactly as stored to FILE
    /// (`-` for standard output, alone); an existing FILE needs --force
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub shared_image: Option<PathBuf>,
    /// Replace FILE of --shared-image when it exists (never through a link)
    #[arg(long, requires = "shared_image")]
    pub force: bool,
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    #[serde(flatten)]
    pub receipt: Receipt,
    pub shared: Option<SharedSummary>,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let store = ctx.read_store()?;
    let id = store.resolve_id(&args.id)?;
    let shown = Shown {
        receipt: store.get(&id)?,
        shared: store.shared_summary(&id)?,
    };
    if let Some(target) = &args.shared_image {
        let (_, bytes) = store.shared_bytes(&id)?.with_context(|| {
            format!("receipt {id} has no shared content (its fields alone were shared)")
        })?;
        if target.as_os_str() == "-" {
            ctx.out.raw(&bytes)?;
            return Ok(());
        }
        crate::files::write_new(target, &bytes, args.force)?;
    }
    if args.output.json {
        ctx.out.json(&shown)?;
        return Ok(());
    }
    let r = &shown.receipt;
    let withheld = if r.withheld.is_empty() {
        "nothing found".to_string()
    } else {
        render::counts(&r.withheld)
    };
    let shared = shown
        .shared
        .as_ref()
        .map_or("fields only".to_string(), |s| {
            format!("{} ({} bytes)", s.mime, s.size)
        });
    let mut fields: Vec<String> = [
        ("merchant", r.merchant.is_some()),
        ("purchase date", r.purchase_date.is_some()),
        ("total", r.total_minor.is_some()),
        ("currency", true),
        ("category", true),
    ]
    .into_iter()
    .filter(|(_, present)| *present)
    .map(|(name, _)| name.to_string())
    .collect();
    match r.items.len() {
        0 => {}
        1 => fields.push("1 line item".into()),
        n => fields.push(format!("{n} line items")),
    }
    if r.device_shared {
        fields.push("device data".into());
    }
    let health = if r.health_consent {
        "shared by your consent (--consent-health)"
    } else if r.withheld.contains_key("health") {
        "withheld (submit with --consent-health to share it)"
    } else {
        "none found"
    };
    let rows = [
        ("id", r.id.clone()),
        ("submitted", rfc3339(r.submitted_at)),
        ("month", r.month.to_string()),
        ("purchased", render::or_dash(r.purchase_date)),
        ("merchant", render::or_dash(r.merchant.as_deref())),
        ("total", render::money(r.total_minor, &r.currency)),
        ("category", render::safe(&r.category).into_owned()),
        ("state", r.state.as_str().to_string()),
        ("source", render::safe(&r.source_kind).into_owned()),
        ("fields", fields.join(", ")),
        ("shared", shared),
        ("withheld", withheld),
        ("health", health.to_string()),
    ];
    for (label, value) in rows {
        ctx.out.line(format!("{label:<10} {value}"))?;
    }
    for item in &r.items {
        ctx.out.line(format!(
            "{:<10} {} × {}  {}",
            "item",
            item.quantity,
            render::safe(&item.description),
            render::money(Some(item.amount_minor), &r.currency)
        ))?;
    }
    if let Some(target) = &args.shared_image {
        ctx.out
            .note(format!("wrote the shared content to {}", target.display()))?;
    }
    Ok(())
}
