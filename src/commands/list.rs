//! `panel list`: the recorded receipts, filtered.

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::commands::Output;
use crate::month::Month;
use crate::render;
use crate::store::receipts::{Filter, Receipt, ReceiptState};

#[derive(Debug, clap::Args)]
#[command(mut_arg("json", |a| a.help("Print a JSON array")))]
pub struct Args {
    /// Only receipts submitted in this month (YYYY-MM)
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<Month>,
    /// Only merchants whose name contains this text (any case)
    #[arg(long)]
    pub merchant: Option<String>,
    /// Only receipts in this state: counted or extra
    #[arg(long)]
    pub state: Option<String>,
    #[command(flatten)]
    pub output: Output,
}

/// One receipt as `list --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    pub id: String,
    #[serde(with = "crate::clock::as_rfc3339")]
    pub submitted_at: chrono::DateTime<chrono::Utc>,
    pub month: Month,
    pub purchase_date: Option<chrono::NaiveDate>,
    pub merchant: Option<String>,
    pub total_minor: Option<i64>,
    pub currency: String,
    pub category: String,
    pub state: ReceiptState,
}

impl From<Receipt> for ListItem {
    fn from(r: Receipt) -> ListItem {
        ListItem {
            id: r.id,
            submitted_at: r.submitted_at,
            month: r.month,
            purchase_date: r.purchase_date,
            merchant: r.merchant,
            total_minor: r.total_minor,
            currency: r.currency,
            category: r.category,
            state: r.state,
        }
    }
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let state = match args.state.as_deref() {
        None => None,
        Some(text) => match ReceiptState::parse(&text.to_ascii_lowercase()) {
            Some(state) => Some(state),
            None => bail!("--state {text:?} is not a state; use counted or extra"),
        },
    };
    let filter = Filter {
        month: args.month,
        merchant: args.merchant.clone(),
        state,
    };
    let receipts = ctx.read_store()?.list(&filter)?;
    let items: Vec<ListItem> = receipts.into_iter().map(ListItem::from).collect();
    if args.output.json {
        ctx.out.json(&items)?;
        return Ok(());
    }
    if items.is_empty() {
        ctx.out
            .line("No receipts match. Record one with `panel submit FILE`.")?;
        return Ok(());
    }
    let mut table = ctx.out.table(&[
        "id",
        "submitted",
        "purchased",
        "merchant",
        "total",
        "category",
        "state",
    ]);
    for item in &items {
        table.add_row(vec![
            item.id.clone(),
            item.submitted_at.date_naive().to_string(),
            render::or_dash(item.purchase_date),
            render::or_dash(item.merchant.as_deref()),
            render::money(item.total_minor, &item.currency),
            render::safe(&item.category).into_owned(),
            item.state.as_str().to_string(),
        ]);
    }
    ctx.out.line(table.to_string())?;
    Ok(())
}
