//! `panel consent device on|off`: give or withdraw consent to share device
//! data with later submissions.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::app::Ctx;
use crate::clock::rfc3339;
use crate::commands::Output;
use crate::device::DeviceSharing;
use crate::render;

/// `panel consent device on|off --json`: the consent now in effect; `data`
/// is what accompanies each receipt submitted from now on, `null` while
/// device data is not shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceChoice {
    /// False when consent was already in that state: nothing changed.
    pub changed: bool,
    #[serde(flatten)]
    pub sharing: DeviceSharing,
}

pub fn run(ctx: &mut Ctx, granted: bool, output: &Output) -> Result<()> {
    let mut store = ctx.open_store()?;
    let at = ctx.program_today();
    let changed = store.set_device_consent(granted, &at)?;
    let since = store.device_consent_state()?.since;
    if output.json {
        ctx.out.json(&DeviceChoice {
            changed,
            sharing: DeviceSharing {
                consent: granted,
                since,
                data: granted.then(|| ctx.device()),
            },
        })?;
        return Ok(());
    }
    let since = since.map(rfc3339);
    let line = match (changed, granted) {
        (true, true) => {
            // Say exactly what will accompany each receipt from now on.
            ctx.out.line(format!(
                "Device consent given at {}: from now on, each receipt you submit is \
                 accompanied by:",
                since.unwrap_or_default()
            ))?;
            for line in render::device(&ctx.device()) {
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
