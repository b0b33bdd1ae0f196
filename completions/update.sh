#!/bin/sh
# Regenerates the shell completions in this folder from the CLI definition.
# `cargo test` fails while any of them is stale; run this to refresh them.
set -eu
cd "$(dirname "$0")/.."
cargo build --quiet --bin panel
for pair in bash:panel.bash zsh:_panel fish:panel.fish elvish:panel.elv powershell:_panel.ps1; do
    cargo run --quiet --bin panel -- completions "${pair%%:*}" >"completions/${pair#*:}"
done
