//! Reading files up to the store, on the worker threads: intake, extract,
//! privacy and the share plan, with a panic caught as one file's failure.

use std::path::Path;
use std::sync::Arc;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::Args;
use super::inputs::Input;
use crate::app::Ctx;
use crate::extract::{self, CATEGORIES, Fields, Overrides, normalise_category};
use crate::isolate;
use crate::money::Money;
use crate::plan::{self, SharePlan, SharingChoices};
use crate::program::eligibility::{self, Ineligible};
use crate::{intake, privacy};

/// What reading one file needs, shared by the worker threads.
pub struct Reader {
    options: intake::Options,
    settings: Arc<extract::Settings>,
    overrides: Overrides,
    detectors: Arc<privacy::DetectorConfig>,
    pub choices: SharingChoices,
    rules: crate::program::Program,
    today: NaiveDate,
    dry_run: bool,
}

impl Reader {
    /// The reader of this run: the fields given on the command line, the
    /// panelist's choices, and how files are read. The extraction settings
    /// and the detectors are built once, for the passes of intake and for
    /// reading each file.
    pub fn new(ctx: &Ctx, args: &Args) -> Result<Reader> {
        let overrides = overrides(ctx, args)?;
        let mut choices = SharingChoices::new(
            &ctx.config.privacy.share,
            &args.share,
            &args.withhold,
            args.consent_health,
        )?;
        choices.show_values = args.dry_run && !args.output.json && ctx.out.stdout_is_terminal;
        let settings = Arc::new(ctx.config.extract_settings(ctx.clock.today()));
        let detectors = Arc::new(ctx.config.privacy.clone());
        Ok(Reader {
            options: read_options(ctx, args, &overrides, &settings, &detectors)?,
            settings,
            overrides,
            detectors,
            choices,
            rules: ctx.config.program.clone(),
            today: ctx.clock.today(),
            dry_run: args.dry_run,
        })
    }

    /// Everything up to the store for a run of files read together:
    /// read, extract, find personal data, plan. Runs on a worker thread.
    pub fn read_all(&self, run: &[Input]) -> Vec<Result<SharePlan>> {
        let paths: Vec<&Path> = run
            .iter()
            .filter_map(|input| match input {
                Input::File(path) => Some(path.as_path()),
                Input::Refused(..) => None,
            })
            .collect();
        let mut documents = self.read_isolated(&paths).into_iter();
        run.iter()
            .map(|input| match input {
                Input::File(_) => {
                    let document = documents.next().expect("one per file")?;
                    isolate::catch(|| self.plan(document)).unwrap_or_else(|p| Err(internal(p)))
                }
                Input::Refused(_, reason) => Err(anyhow::anyhow!("{reason}")),
            })
            .collect()
    }

    /// Reads files together; when that panics, reads each alone, so that
    /// the panic fails only the file that caused it.
    fn read_isolated(&self, paths: &[&Path]) -> Vec<Result<intake::Document>> {
        let read = |paths: &[&Path]| {
            isolate::catch(|| {
                for path in paths {
                    isolate::test_trigger(&path.to_string_lossy());
                }
                intake::read_all(paths, &self.options)
            })
        };
        match read(paths) {
            Ok(documents) => documents,
            Err(panicked) if paths.len() == 1 => vec![Err(internal(panicked))],
            Err(_) => paths
                .iter()
                .map(|path| match read(std::slice::from_ref(path)) {
                    Ok(mut one) => one.pop().expect("one per file"),
                    Err(panicked) => Err(internal(panicked)),
                })
                .collect(),
        }
    }

    fn plan(&self, document: intake::Document) -> Result<SharePlan> {
        match &document.body {
            intake::Body::Text(text) => isolate::test_trigger(text),
            intake::Body::Picture(picture) => picture
                .all_readings()
                .for_each(|reading| isolate::test_trigger(&reading.text)),
            intake::Body::Opaque => {}
        }
        let unreadable = document.hints.unreadable.clone();
        let fields = extract::extract(&document, &self.overrides, &self.settings);
        let findings = privacy::detect_with(&document, &self.detectors);
        let sender_domain = document.hints.sender_domain.as_deref();
        if let Err(reason) = eligibility::check(&fields, sender_domain, &self.rules, self.today) {
            let reason = match (reason, unreadable) {
                // A file that could not be read at all misses every field:
                // say why, not which field came first.
                (Ineligible::Missing { .. }, Some(why)) => anyhow::anyhow!(
                    "{why}; give its fields with --merchant, --date and --total, or submit a \
                     picture of it"
                ),
                (reason, _) => anyhow::Error::new(reason),
            };
            let plan = match self.dry_run {
                true => Some(plan::build_unchecked(
                    document,
                    fields.clone(),
                    &findings,
                    &self.choices,
                )?),
                false => None,
            };
            return Err(anyhow::Error::new(Refused {
                reason,
                fields,
                plan,
            }));
        }
        plan::build_unchecked(document, fields, &findings, &self.choices)
    }
}

fn overrides(ctx: &Ctx, args: &Args) -> Result<Overrides> {
    let currency = &ctx.config.submit.default_currency;
    let total = match &args.total {
        Some(text) => {
            Some(Money::parse_typed(text, currency).map_err(|e| anyhow::anyhow!("--total: {e}"))?)
        }
        None => None,
    };
    let category = match &args.category {
        Some(text) => {
            let category = normalise_category(text);
            let excluded = &ctx.config.program.excluded_kinds;
            if !CATEGORIES.contains(&category.as_str())
                && !excluded.iter().any(|k| normalise_category(k) == category)
            {
                bail!(
                    "--category {text:?} is not a category; use one of: {}",
                    CATEGORIES.join(", ")
                );
            }
            Some(category)
        }
        None => None,
    };
    let merchant = match &args.merchant {
        Some(m) if m.trim().is_empty() => bail!("--merchant is empty; give the shop's name"),
        Some(m) => Some(m.trim().to_string()),
        None => None,
    };
    Ok(Overrides {
        merchant,
        purchase_date: args.date,
        total,
        category,
    })
}

fn read_options(
    ctx: &Ctx,
    args: &Args,
    overrides: &Overrides,
    settings: &Arc<extract::Settings>,
    detectors: &Arc<privacy::DetectorConfig>,
) -> Result<intake::Options> {
    let ocr = &ctx.config.ocr;
    let languages = match &args.lang {
        Some(lang) => {
            crate::config::check_languages(lang).map_err(|e| anyhow::anyhow!("--lang: {e}"))?;
            lang.clone()
        }
        None => ocr.languages.clone(),
    };
    let detectors = Arc::clone(detectors);
    Ok(intake::Options {
        ocr_optional: overrides.complete(),
        second_pass: Some(extract::second_pass_when_unsure(settings.as_ref().clone())),
        line_rereads: Some(extract::line_rereads(settings.as_ref().clone())),
        privacy_look: Some(Arc::new(move |reading: &intake::Reading| {
            privacy::prints_a_card(&reading.text, &detectors)
        })),
        ..ctx.config.read_options(languages)
    })
}

/// A receipt that was read but is not taken: why, with what was read of
/// it, and in a dry run the plan it would have had.
pub struct Refused {
    pub reason: anyhow::Error,
    pub fields: Fields,
    pub plan: Option<SharePlan>,
}

impl Refused {
    pub fn error(reason: impl std::fmt::Display, plan: SharePlan, dry_run: bool) -> anyhow::Error {
        anyhow::Error::new(Refused {
            reason: anyhow::anyhow!("{reason}"),
            fields: plan.fields.clone(),
            plan: dry_run.then_some(plan),
        })
    }
}

impl std::fmt::Debug for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Refused({:#})", self.reason)
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.reason)
    }
}

impl std::error::Error for Refused {}

/// A bug met while reading one file, as that file's failure.
fn internal(panicked: isolate::Panicked) -> anyhow::Error {
    anyhow::anyhow!(
        "internal error while reading this file: {panicked}; please report it \
         (the other files are not affected)"
    )
}
