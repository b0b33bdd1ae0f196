//! Logistic scoring learned from tables of candidates: the one model that
//! extraction ranks a field's candidates with and privacy weighs a line
//! that may be a name with. It is a leaf so that both can use it without
//! importing each other.
//!
//! A model is a bias and one weight per feature; its calibration turns the
//! best score and its lead over the next into the probability that the
//! best is right. Fitting is plain Newton's method on a ridge penalised
//! log-likelihood: deterministic, so tests refit committed tables and find
//! the committed weights.

// Matrices are indexed by row and column as in the formulas.
#![allow(clippy::needless_range_loop)]

use serde::{Deserialize, Serialize};

/// A learned model: a bias, then one weight per feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub features: Vec<String>,
    pub bias: f64,
    pub weights: Vec<f64>,
    /// How sure the best candidate is to be right, from its score and its
    /// lead over the next one: a bias and two weights, fitted on the best
    /// candidate of each receipt as scored by weights fitted without it.
    pub calibration: Vec<f64>,
}

/// How strongly ridge regression pulls weights to zero: enough to keep
/// features that never vary (or always come with the label) finite.
const RIDGE: f64 = 1.0;
const ROUNDS: usize = 30;

impl Model {
    /// How much speaks for a candidate with `features` (its log-odds).
    pub fn score(&self, features: &[f32]) -> f64 {
        self.bias
            + self
                .weights
                .iter()
                .zip(features)
                .map(|(w, x)| w * f64::from(*x))
                .sum::<f64>()
    }

    /// [`Model::score`] of a training table's row.
    pub fn score_row(&self, row: &TableRow) -> f64 {
        let features: Vec<f32> = row.2.iter().map(|v| *v as f32).collect();
        self.score(&features)
    }

    /// The probability that a candidate with `features` is right.
    pub fn probability(&self, features: &[f32]) -> f32 {
        sigmoid(self.score(features)) as f32
    }

    /// The probability that the best of a receipt's candidates, scored
    /// `best`, is right, the next best scoring `next`.
    pub fn confidence(&self, best: f64, next: Option<f64>) -> f32 {
        let x = calibration_features(best, next);
        match self.calibration[..] {
            [b, w1, w2] => sigmoid(b + w1 * x[0] + w2 * x[1]) as f32,
            _ => sigmoid(best) as f32,
        }
    }

    /// Fits a model to rows of (label, features).
    pub fn fit(features: &[&str], rows: &[(bool, Vec<f64>)]) -> Model {
        let k = features.len() + 1;
        let mut w = vec![0.0f64; k];
        for _ in 0..ROUNDS {
            let mut grad = vec![0.0f64; k];
            let mut hess = vec![vec![0.0f64; k]; k];
            for (label, x) in rows {
                let x: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
                let z: f64 = w.iter().zip(&x).map(|(a, b)| a * b).sum();
                let p = 1.0 / (1.0 + (-z).exp());
                let y = if *label { 1.0 } else { 0.0 };
                let s = (p * (1.0 - p)).max(1e-9);
                for i in 0..k {
                    grad[i] += (y - p) * x[i];
                    for j in 0..=i {
                        hess[i][j] += s * x[i] * x[j];
                    }
                }
            }
            for i in 0..k {
                for j in 0..i {
                    hess[j][i] = hess[i][j];
                }
                if i > 0 {
                    grad[i] -= RIDGE * w[i];
                    hess[i][i] += RIDGE;
                } else {
                    hess[i][i] += 1e-6;
                }
            }
            let step = solve(hess, grad);
            for (wi, si) in w.iter_mut().zip(step) {
                *wi += si;
            }
        }
        Model {
            features: features.iter().map(|s| s.to_string()).collect(),
            bias: round(w[0]),
            weights: w[1..].iter().map(|v| round(*v)).collect(),
            calibration: Vec::new(),
        }
    }

    /// Fits weights that rank each group's right candidates first: a
    /// conditional logit (softmax over a receipt's candidates), fitted by
    /// Newton's method with a ridge penalty. Groups without a right
    /// candidate teach nothing about ranking and are left out.
    pub fn fit_ranked(features: &[&str], rows: &[(&str, bool, Vec<f64>)]) -> Model {
        let k = features.len();
        let mut groups: Vec<&[(&str, bool, Vec<f64>)]> = Vec::new();
        let mut start = 0;
        for i in 1..=rows.len() {
            if i == rows.len() || rows[i].0 != rows[start].0 {
                let g = &rows[start..i];
                if g.iter().any(|r| r.1) && g.len() > 1 {
                    groups.push(g);
                }
                start = i;
            }
        }
        let mut w = vec![0.0f64; k];
        for _ in 0..ROUNDS {
            let mut grad: Vec<f64> = w.iter().map(|wi| -RIDGE * wi).collect();
            let mut hess = vec![vec![0.0f64; k]; k];
            for i in 0..k {
                hess[i][i] = RIDGE;
            }
            for g in &groups {
                let scores: Vec<f64> = g
                    .iter()
                    .map(|r| w.iter().zip(&r.2).map(|(a, b)| a * b).sum())
                    .collect();
                let top = scores.iter().copied().fold(f64::MIN, f64::max);
                let exp: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
                let sum: f64 = exp.iter().sum();
                let right = g.iter().filter(|r| r.1).count() as f64;
                let mut mean = vec![0.0f64; k];
                for (r, e) in g.iter().zip(&exp) {
                    let p = e / sum;
                    let t = if r.1 { 1.0 / right } else { 0.0 };
                    for j in 0..k {
                        grad[j] += (t - p) * r.2[j];
                        mean[j] += p * r.2[j];
                    }
                    for a in 0..k {
                        for b in 0..=a {
                            hess[a][b] += p * r.2[a] * r.2[b];
                        }
                    }
                }
                for a in 0..k {
                    for b in 0..=a {
                        hess[a][b] -= mean[a] * mean[b];
                    }
                }
            }
            for a in 0..k {
                for b in 0..a {
                    hess[b][a] = hess[a][b];
                }
            }
            let step = solve(hess, grad);
            for (wi, si) in w.iter_mut().zip(step) {
                *wi += si;
            }
        }
        Model {
            features: features.iter().map(|s| s.to_string()).collect(),
            bias: 0.0,
            weights: w.iter().map(|v| round(*v)).collect(),
            calibration: Vec::new(),
        }
    }

    /// Fits a model to a training table: a header `group label NAMES…`,
    /// then one row per candidate; then its calibration on the best
    /// candidate of each group, scored by weights fitted without that
    /// group's receipt: the weights score the receipts they were fitted
    /// to more extremely than any other, and a calibration learned from
    /// those scores is off for the receipts a panelist brings.
    pub fn fit_table(table: &str) -> Model {
        let (names, rows) = read_table(table);
        Model::fit_calibrated(&names, &rows, &held_out_scores(&names, &rows))
    }

    /// [`Model::fit_table`] on a table already read, given its
    /// [`held_out_scores`].
    pub fn fit_calibrated(names: &[&str], rows: &[TableRow], held_out: &[f64]) -> Model {
        let mut model = Model::fit_ranked(names, rows);
        let best: Vec<(bool, Vec<f64>)> = best_per_group(rows, held_out)
            .into_iter()
            .map(|(best, next, right)| (right, calibration_features(best, next).to_vec()))
            .collect();
        let fitted = Model::fit(&["score", "lead"], &best);
        model.calibration = std::iter::once(fitted.bias).chain(fitted.weights).collect();
        model
    }
}

/// How many parts cross-fitting splits a table into: each part is scored
/// by weights fitted on the others.
pub const FOLDS: usize = 5;

/// The part of a table a group falls in. Groups `2n` and `2n + 1` are two
/// readings of one receipt and fall in the same part, so that no reading
/// of a held-out receipt is fitted on.
pub fn fold_of(group: &str) -> usize {
    group.parse::<usize>().unwrap_or(0) / 2 % FOLDS
}

/// Every row's score under ranking weights fitted without its part of the
/// table: how the weights score receipts they have not seen.
pub fn held_out_scores(names: &[&str], rows: &[TableRow]) -> Vec<f64> {
    let mut scores = vec![0.0; rows.len()];
    for fold in 0..FOLDS {
        let kept: Vec<TableRow> = rows
            .iter()
            .filter(|r| fold_of(r.0) != fold)
            .cloned()
            .collect();
        let model = Model::fit_ranked(names, &kept);
        for (score, row) in scores.iter_mut().zip(rows) {
            if fold_of(row.0) == fold {
                *score = model.score_row(row);
            }
        }
    }
    scores
}

/// Per group of consecutive rows, in order: the best score, the next
/// best, and whether the best-scoring row is labelled right.
pub fn best_per_group(rows: &[TableRow], scores: &[f64]) -> Vec<(f64, Option<f64>, bool)> {
    let mut groups: Vec<(&str, f64, Option<f64>, bool)> = Vec::new();
    for ((group, label, _), &z) in rows.iter().zip(scores) {
        match groups.last_mut() {
            Some(g) if g.0 == *group => {
                if z > g.1 {
                    g.2 = Some(g.1);
                    g.1 = z;
                    g.3 = *label;
                } else if g.2.is_none_or(|n| z > n) {
                    g.2 = Some(z);
                }
            }
            _ => groups.push((group, z, None, *label)),
        }
    }
    groups
        .into_iter()
        .map(|(_, best, next, right)| (best, next, right))
        .collect()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn round(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// The best score and its lead over the next (capped: a lone candidate
/// leads by as much as a clear winner).
fn calibration_features(best: f64, next: Option<f64>) -> [f64; 2] {
    let lead = next.map_or(6.0, |n| (best - n).min(6.0));
    [best.clamp(-10.0, 10.0), lead]
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        for row in col + 1..n {
            let f = a[row][col] / d;
            if f == 0.0 {
                continue;
            }
            for c in col..n {
                a[row][c] -= f * a[col][c];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = if a[row][row].abs() < 1e-12 {
            0.0
        } else {
            (b[row] - s) / a[row][row]
        };
    }
    x
}

/// One row of a training table: its group, its label and its features.
pub type TableRow<'a> = (&'a str, bool, Vec<f64>);

/// A training table as written by [`table_row`] under a header
/// `group label NAMES…`: the feature names, and per row its group, its
/// label and its features.
pub fn read_table(table: &str) -> (Vec<&str>, Vec<TableRow<'_>>) {
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let names = header[2.min(header.len())..].to_vec();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let values = cols[2..]
                .iter()
                .map(|v| v.parse().expect("a number"))
                .collect();
            (cols[0], cols[1] == "1", values)
        })
        .collect();
    (names, rows)
}

/// One line of a training table.
pub fn table_row(group: usize, label: bool, features: &[f32]) -> String {
    let mut row = format!("{group}\t{}", u8::from(label));
    for f in features {
        let v = (f64::from(*f) * 1000.0).round() / 1000.0;
        if v == 0.0 {
            row.push_str("\t0");
        } else {
            row.push_str(&format!("\t{v}"));
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_which_feature_marks_the_right_candidate() {
        let rows: Vec<(bool, Vec<f64>)> = (0..40)
            .map(|i| {
                let right = i % 4 == 0;
                let noise = f64::from(i % 3) / 3.0;
                (right, vec![if right { 1.0 } else { 0.0 }, noise])
            })
            .collect();
        let model = Model::fit(&["labelled", "noise"], &rows);
        assert!(model.weights[0] > 1.0, "{model:?}");
        assert!(model.weights[1].abs() < model.weights[0] / 2.0, "{model:?}");
        assert!(model.probability(&[1.0, 0.0]) > 0.7);
        assert!(model.probability(&[0.0, 0.0]) < 0.2);
    }

    /// A table of 20 receipts read twice, three candidates per reading;
    /// the first feature marks one of them, which is labelled right unless
    /// `mislabelled` says the reading is labelled otherwise.
    fn table(mislabelled: impl Fn(&str) -> bool) -> Vec<(String, bool, Vec<f64>)> {
        let mut rows = Vec::new();
        for group in 0..40 {
            let group_id = group.to_string();
            for c in 0..3 {
                let marked = c == group % 3;
                let right = if mislabelled(&group_id) {
                    c == (group + 1) % 3
                } else {
                    marked
                };
                let noise = ((group * 7 + c * 3) % 5) as f64 / 5.0;
                rows.push((
                    group_id.clone(),
                    right,
                    vec![f64::from(u8::from(marked)), noise],
                ));
            }
        }
        rows
    }

    fn scores(rows: &[(String, bool, Vec<f64>)]) -> Vec<f64> {
        let rows: Vec<TableRow> = rows
            .iter()
            .map(|(g, l, x)| (g.as_str(), *l, x.clone()))
            .collect();
        held_out_scores(&["marked", "noise"], &rows)
    }

    #[test]
    fn held_out_scores_never_learn_from_their_own_receipt() {
        assert_eq!(
            fold_of("6"),
            fold_of("7"),
            "a receipt's two readings share a part"
        );
        let plain = table(|_| false);
        let relabelled = table(|group| fold_of(group) == 0);
        let (before, after) = (scores(&plain), scores(&relabelled));
        for (row, (b, a)) in plain.iter().zip(before.iter().zip(&after)) {
            if fold_of(&row.0) == 0 {
                assert_eq!(a, b, "part 0 is scored without its own labels");
            }
        }
        let others_moved = plain
            .iter()
            .zip(before.iter().zip(&after))
            .any(|(row, (b, a))| fold_of(&row.0) != 0 && (a - b).abs() > 1e-6);
        assert!(
            others_moved,
            "the other parts are scored by weights that saw part 0"
        );
    }
}
