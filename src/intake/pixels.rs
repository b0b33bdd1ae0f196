//! Regions of pixels, shared by the clean-up of scans' dark borders and the
//! search for a photo's paper: both grow 4-connected regions from a seed.

/// Fills the 4-connected region around `start` of the pixels of a `w`×`h`
/// picture that `inside` accepts and `seen` has not marked yet: marks each
/// in `seen` and gives its index to `each`. `start` itself must be inside
/// and unmarked. `stack` is scratch space, kept by the caller between
/// regions.
pub(crate) fn flood(
    (w, h): (usize, usize),
    start: usize,
    seen: &mut [bool],
    stack: &mut Vec<usize>,
    inside: impl Fn(usize) -> bool,
    mut each: impl FnMut(usize),
) {
    seen[start] = true;
    stack.push(start);
    while let Some(i) = stack.pop() {
        each(i);
        let (x, y) = (i % w, i / w);
        let mut visit = |j: usize| {
            if !seen[j] && inside(j) {
                seen[j] = true;
                stack.push(j);
            }
        };
        if x > 0 {
            visit(i - 1);
        }
        if x + 1 < w {
            visit(i + 1);
        }
        if y > 0 {
            visit(i - w);
        }
        if y + 1 < h {
            visit(i + w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_one_region_and_not_its_diagonal_neighbour() {
        // 1 1 0
        // 0 1 0
        // 0 0 1
        let on = [true, true, false, false, true, false, false, false, true];
        let mut seen = [false; 9];
        let mut region = Vec::new();
        flood(
            (3, 3),
            0,
            &mut seen,
            &mut Vec::new(),
            |j| on[j],
            |i| region.push(i),
        );
        region.sort();
        assert_eq!(region, vec![0, 1, 4]);
        assert!(!seen[8]);
    }
}
