//! End-to-end tests: the real `panel` binary, a cleared environment, a temp
//! home, a fixed clock (`PANEL_NOW`), `TZ=UTC` and fixed `COLUMNS`.

mod support;

mod audit;
mod bad_input;
mod commands;
mod concurrency;
mod consent;
mod crash;
mod hostile;
mod photos;
mod privacy;
mod reading;
mod residue;
mod rewards;
mod store_edges;
mod what_leaves;
