//! Fills a panel store with synthetic text receipts through the real
//! pipeline (extract → privacy → plan → store), for benchmarks that need a
//! large store quickly: one process, no file per receipt.
//!
//! `cargo run --release --example fill_store -- DIR COUNT`

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use chrono::{Duration, TimeZone, Utc};
use sha2::{Digest, Sha256};

use panel::clock::{Clock, Zone};
use panel::config::Config;
use panel::extract::{self, DateOrder, Overrides};
use panel::intake::{Body, Document, Hints, SourceKind};
use panel::store::{ProgramToday, Store};
use panel::{plan, privacy};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (args.next(), args.next()) else {
        bail!("usage: fill_store DIR COUNT");
    };
    let count: u64 = count.parse().context("COUNT must be a whole number")?;
    let dir = PathBuf::from(dir);
    let mut config = Config::default();
    // The receipts span years; the default retention would purge all but the
    // last twelve months as they are added.
    config.program.retention_months = 0;
    let mut store = Store::open(&dir.join("panel.db"))?;
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 12, 0, 0).unwrap();
    for i in 0..count {
        // One receipt every five minutes: about 8,600 a month.
        let now = start + Duration::minutes(5 * i as i64);
        let clock = Clock::from_instant(now, Zone::parse("UTC")?);
        let text = format!(
            "Shop {}\n{} Market Street\n{}\nBread 1.00\nMilk 0.{:02}\nTOTAL {}.{:02}\nmail buyer{i}@example.com\n",
            i % 997,
            i % 89,
            (clock.today() - Duration::days(1)).format("%Y-%m-%d"),
            i % 100,
            // Never 0.00: a receipt without a positive total is not read.
            1 + i % 500,
            i % 100,
        );
        let document = Document {
            kind: SourceKind::Text,
            digest: Sha256::digest(text.as_bytes()).into(),
            body: Body::Text(text),
            hints: Hints::default(),
        };
        let settings = extract::Settings {
            default_currency: "USD".into(),
            date_order: Some(DateOrder::DayFirst),
            today: clock.today(),
        };
        let fields = extract::extract(&document, &Overrides::default(), &settings);
        let findings = privacy::detect(&document);
        let plan = plan::build(
            document,
            fields,
            &findings,
            &plan::SharingChoices::default(),
            &config.program,
            clock.today(),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let at = ProgramToday {
            now,
            month: clock.current_month(),
            rules: &config.program,
            charities: &config.charities,
        };
        if let Err(conflict) = store.record(&plan.receipt(), &at)? {
            bail!("receipt {i}: {conflict}");
        }
        if i % 100_000 == 99_999 {
            eprintln!("{} receipts", i + 1);
        }
    }
    Ok(())
}
