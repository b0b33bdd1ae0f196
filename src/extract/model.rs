//! The learned part of extraction: per field, weights that score each
//! candidate (a conditional logit: the softmax of the scores over a
//! receipt's candidates is the probability that each is the one), and a
//! calibration that turns the best score and its lead over the next into
//! the probability that the best is right (also when OCR lost the value
//! and no candidate is), fitted on how weights learned without a receipt
//! score it, as they will score a panelist's.
//!
//! The weights are learned from the development receipts' tune part by
//! `cargo run --example train_extract`, which writes the features it
//! learned from to `training/<field>.tsv` (numbers and labels only) and the
//! weights to `weights.json`. The model and its fitting are
//! [`crate::logistic`]'s; a test refits the committed tables and finds the
//! committed weights.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

pub use crate::logistic::{Model, table_row};

/// Every field's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weights {
    pub total: Model,
    pub date: Model,
    pub merchant: Model,
}

static WEIGHTS: LazyLock<Weights> = LazyLock::new(|| {
    serde_json::from_str(include_str!("weights.json")).expect("weights.json is valid")
});

pub fn weights() -> &'static Weights {
    &WEIGHTS
}

/// The best-scoring candidate and the calibrated probability that it is
/// right; among equal scores, the greatest by `tie`.
pub fn pick<C>(
    model: &Model,
    candidates: Vec<C>,
    features: impl Fn(&C) -> &[f32],
    tie: impl Fn(&C, &C) -> std::cmp::Ordering,
) -> Option<(C, f32)> {
    let mut scored: Vec<(f64, C)> = candidates
        .into_iter()
        .map(|c| (model.score(features(&c)), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| tie(&b.1, &a.1)));
    let next = scored.get(1).map(|s| s.0);
    let (best, c) = scored.into_iter().next()?;
    Some((c, model.confidence(best, next)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retraining_reproduces_the_committed_weights() {
        let fitted = Weights {
            total: Model::fit_table(include_str!("training/total.tsv")),
            date: Model::fit_table(include_str!("training/date.tsv")),
            merchant: Model::fit_table(include_str!("training/merchant.tsv")),
        };
        let committed = weights();
        for (got, want) in [
            (&fitted.total, &committed.total),
            (&fitted.date, &committed.date),
            (&fitted.merchant, &committed.merchant),
        ] {
            assert_eq!(got.features, want.features);
            assert!((got.bias - want.bias).abs() < 1e-3, "{got:?} vs {want:?}");
            assert_eq!(got.calibration.len(), want.calibration.len());
            for (g, w) in got
                .weights
                .iter()
                .zip(&want.weights)
                .chain(got.calibration.iter().zip(&want.calibration))
            {
                assert!((g - w).abs() < 1e-3, "{got:?} vs {want:?}");
            }
        }
    }

    #[test]
    fn the_code_computes_the_features_the_weights_were_learned_on() {
        let w = weights();
        assert_eq!(w.total.features, super::super::total::FEATURES);
        assert_eq!(w.date.features, super::super::purchase_date::FEATURES);
        assert_eq!(w.merchant.features, super::super::merchant::FEATURES);
    }
}
