//! `panel audit checkpoint`: the ledger's size and root, for a later
//! `audit verify --checkpoint` to prove the log only grew.

use anyhow::Result;
use serde_json::json;

use crate::app::Ctx;
use crate::audit::verify::Checkpoint;
use crate::proof::merkle::{RootBuilder, leaf_hash, to_hex};

pub(super) fn print(ctx: &mut Ctx, json: bool) -> Result<()> {
    let store = ctx.read_store()?;
    let mut tree = RootBuilder::new();
    store.for_each_ledger_entry(|entry| {
        tree.push(leaf_hash(entry));
        Ok(())
    })?;
    let checkpoint = Checkpoint {
        size: tree.len(),
        root: tree.root(),
    };
    if json {
        ctx.out
            .json(&json!({ "size": checkpoint.size, "root": to_hex(&checkpoint.root) }))?;
    } else {
        ctx.out.line(checkpoint.to_string())?;
    }
    Ok(())
}
