//! `panel consent device on|off | list`: what the panelist agrees to share
//! beyond the receipt, and the history of every change.

use anyhow::Result;

use crate::app::Ctx;
use crate::commands::device::describe;
use crate::store::consents::ConsentChange;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Device data (see `panel device`) accompanies your submissions only while you \
        consent; it is off until you turn it on. Health data is consented to per receipt \
        when you submit it. Every change is kept with its time, in the store and in the \
        audit ledger, and `panel audit export` includes the whole history.\n\n\
        Examples:\n  panel consent device on\n  panel consent device off\n  panel consent list"
)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Share device data with your submissions (on) or stop sharing it (off)
    #[command(
        long_about = "Share device data with the receipts you submit from now on (on), or \
            stop sharing it (off). `panel device` shows what it is.\n\n\
            The change is kept with its time. Turning it off does not reach receipts \
            already shared, which keep what accompanied them until you delete them \
            (`panel delete`). Asking for the state already in effect changes nothing.",
        after_help = "Examples:\n  panel consent device on\n  panel consent device off"
    )]
    Device {
        #[arg(value_enum, value_name = "on|off")]
        state: State,
    },
    /// List every consent given or withdrawn, oldest first, with its time
    List {
        /// Print a JSON array of {kind, receipt, granted, at}
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum State {
    /// Give consent: device data accompanies later submissions
    On,
    /// Withdraw consent: later submissions carry no device data
    Off,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    match &args.action {
        Action::Device { state } => device(ctx, *state == State::On),
        Action::List { json } => list(ctx, *json),
    }
}

fn device(ctx: &mut Ctx, granted: bool) -> Result<()> {
    let mut store = ctx.open_store()?;
    let at = ctx.moment();
    let changed = store.set_device_consent(granted, &at)?;
    let since = store.device_consent_state()?.since;
    let line = match (changed, granted) {
        (true, true) => {
            // Say exactly what will accompany each receipt from now on.
            ctx.out.line(format!(
                "Device consent given at {}: from now on, each receipt you submit is \
                 accompanied by:",
                since.unwrap_or_default()
            ))?;
            for line in describe(&ctx.device()) {
                ctx.out.line(line)?;
            }
            "Withdraw it with `panel consent device off`.".to_string()
        }
        (true, false) => format!(
            "Device consent withdrawn at {}: receipts you submit from now on carry no device \
             data. Receipts shared before keep what accompanied them until you delete them.",
            since.unwrap_or_default()
        ),
        (false, true) => format!(
            "Device data is already shared (consent given at {}); nothing changed.",
            since.unwrap_or_default()
        ),
        (false, false) => match since {
            Some(since) => format!(
                "Device data is already not shared (consent withdrawn at {since}); nothing changed."
            ),
            None => "Device data is already not shared: it is off until you consent; \
                     nothing changed."
                .to_string(),
        },
    };
    ctx.out.line(line)?;
    Ok(())
}

fn list(ctx: &mut Ctx, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let history = store.consent_history()?;
    if json {
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
            at.clone(),
            kind.to_string(),
            receipt.clone().unwrap_or_else(|| "-".into()),
            if *granted { "given" } else { "withdrawn" }.to_string(),
        ]);
    }
    let table = table.to_string();
    ctx.out.line(table)?;
    Ok(())
}
