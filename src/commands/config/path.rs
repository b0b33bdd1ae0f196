//! `panel config path`: where the store and the configuration file are.

use anyhow::Result;
use serde_json::json;

use crate::commands::Output;
use crate::paths::Paths;
use crate::render::Out;

pub fn run(paths: &Paths, out: &mut Out, output: &Output) -> Result<()> {
    if output.json {
        out.json(&json!({
            "data_dir": paths.data_dir,
            "database": paths.database(),
            "config": paths.config_file,
        }))?;
    } else {
        out.line(format!("store:  {}", paths.database().display()))?;
        out.line(format!("config: {}", paths.config_file.display()))?;
    }
    Ok(())
}
