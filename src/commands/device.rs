//! `panel device`: the device data that would accompany submissions, and
//! whether the panelist shares it.

use anyhow::Result;

use crate::app::Ctx;
use crate::clock::rfc3339;
use crate::commands::Output;
use crate::device::DeviceSharing;
use crate::render;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "What is shown: the operating system and its version, the device \
    model where the machine names it, panel's version and the locale. No serial number, \
    host name, user name or network address is ever read.\n\n\
    Device data is shared only while you consent: it is off until you run \
    `panel consent device on`, and `panel consent device off` stops it for the receipts \
    you submit after. `panel consent list` shows every change with its time."
)]
#[command(mut_arg("json", |a| {
    a.help("Print JSON: {\"consent\": bool, \"since\": time or null, \"data\": {...}}")
}))]
pub struct Args {
    #[command(flatten)]
    pub output: Output,
}

pub fn run(ctx: &mut Ctx, args: &Args) -> Result<()> {
    let store = ctx.read_store()?;
    let consent = store.device_consent_state()?;
    let data = ctx.device();
    if args.output.json {
        ctx.out.json(&DeviceSharing {
            consent: consent.granted,
            since: consent.since,
            data: Some(data),
        })?;
        return Ok(());
    }
    ctx.out
        .line("Device data that would accompany your submissions:")?;
    for line in render::device(&data) {
        ctx.out.line(line)?;
    }
    let status = match (consent.granted, consent.since.map(rfc3339)) {
        (true, Some(since)) => format!(
            "Shared: yes, since {since}: it accompanies each receipt you submit. \
             Stop with `panel consent device off`."
        ),
        (false, Some(since)) => format!(
            "Shared: no, since {since}, when you withdrew consent. \
             Share it again with `panel consent device on`."
        ),
        // The store never holds "on" without a time; read it as off.
        (_, None) => "Shared: no (off until you consent). \
             Share it with `panel consent device on`."
            .to_string(),
    };
    ctx.out.line(format!("\n{status}"))?;
    Ok(())
}
