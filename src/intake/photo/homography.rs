//! A plane-to-plane projective map (homography), the way a flat sheet of
//! paper photographed at an angle relates to the same sheet seen head-on.
//! Four point pairs fix it: an 8×8 linear system, solved here by Gaussian
//! elimination with partial pivoting.

/// `(x, y) ↦ ((h0 x + h1 y + h2) / w, (h3 x + h4 y + h5) / w)` with
/// `w = h6 x + h7 y + 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography([f64; 8]);

impl Homography {
    /// The map taking each `from[i]` to `to[i]`; `None` when three of the
    /// points lie on one line.
    pub fn between(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> Option<Homography> {
        let mut a = [[0f64; 9]; 8];
        for (i, (&(x, y), &(u, v))) in from.iter().zip(&to).enumerate() {
            a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -x * u, -y * u, u];
            a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -x * v, -y * v, v];
        }
        solve(a).map(Homography)
    }

    pub fn apply(&self, (x, y): (f64, f64)) -> (f64, f64) {
        let h = &self.0;
        let w = h[6] * x + h[7] * y + 1.0;
        (
            (h[0] * x + h[1] * y + h[2]) / w,
            (h[3] * x + h[4] * y + h[5]) / w,
        )
    }
}

/// Solves the 8 equations of the augmented matrix `a` (8 unknowns, the
/// right-hand side in the last column).
fn solve(mut a: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    let scale = a
        .iter()
        .flat_map(|row| row.iter())
        .fold(0f64, |m, v| m.max(v.abs()))
        .max(1.0);
    for col in 0..8 {
        let pivot = (col..8).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 * scale {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col];
        for (r, row) in a.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            if r != col && f != 0.0 {
                for (v, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                    *v -= f * p;
                }
            }
        }
    }
    let mut h = [0f64; 8];
    for (i, v) in h.iter_mut().enumerate() {
        *v = a[i][8] / a[i][i];
    }
    Some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_four_points_and_keeps_lines_straight() {
        let from = [(0.0, 0.0), (100.0, 0.0), (100.0, 200.0), (0.0, 200.0)];
        let to = [(12.0, 30.0), (140.0, 18.0), (160.0, 260.0), (5.0, 240.0)];
        let h = Homography::between(from, to).expect("four points in general position");
        for (f, t) in from.iter().zip(&to) {
            let (x, y) = h.apply(*f);
            assert!((x - t.0).abs() < 1e-6 && (y - t.1).abs() < 1e-6, "{x},{y}");
        }
        // The middle of the top edge lands on the top edge.
        let (x, y) = h.apply((50.0, 0.0));
        let cross = (to[1].0 - to[0].0) * (y - to[0].1) - (to[1].1 - to[0].1) * (x - to[0].0);
        assert!(cross.abs() < 1e-6, "{cross}");
    }

    #[test]
    fn refuses_points_on_one_line() {
        let from = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (0.0, 1.0)];
        assert!(Homography::between(from, from).is_none());
    }
}
