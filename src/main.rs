//! `panel`: parse the command line, run one command (`Cli::run` gives it what
//! it needs), and turn its result into an exit code (see `cli.rs` for the codes).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use panel::app::Outcome;
use panel::cli::Cli;
use panel::store::StoreError;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match cli.run() {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(4),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "panel: error: {e:#}");
            if e.chain()
                .any(|cause| cause.downcast_ref::<StoreError>().is_some())
            {
                ExitCode::from(3)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
