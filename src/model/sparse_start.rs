//! The optimum of linfa-logistic's objective, found on the sparse rows, to start linfa
//! from.
//!
//! linfa-logistic 0.8.1 only takes a dense matrix, and each of its L-BFGS steps walks
//! all of it (three passes per step); our rows are about 97% zeros, so on large data
//! nearly all of that time multiplies zeros. Here the same solver linfa uses (argmin's
//! L-BFGS with a Moré–Thuente line search, memory 10) minimises the same objective
//! (summed log-loss + `alpha/2 |w|²`, intercept unpenalised, columns centred) over the
//! sparse rows, where a pass costs the non-zeros only. linfa then starts at that point
//! and checks it against its own stopping rule on the dense matrix, continuing if it
//! is not met, so the fitted head is still linfa's.
//!
//! The objective is divided by the number of rows here (the optimum does not move), so
//! the first, unscaled L-BFGS step is of a sensible length whatever the data size.

use super::Head;
use crate::features::SparseVector;
use argmin::core::{CostFunction, Error, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use ndarray::Array1;
use std::cell::{Ref, RefCell};

/// Sparse vectors stored back to back, so that a pass over them streams through
/// memory instead of visiting one allocation per vector.
struct Packed {
    /// Where each vector starts in `entries`, plus the end of the last.
    offsets: Vec<usize>,
    /// Every vector's (index, value) pairs, in order.
    entries: Vec<(u32, f32)>,
}

impl Packed {
    /// The vectors, packed.
    fn new<'a>(vectors: impl Iterator<Item = &'a [(u32, f32)]>) -> Self {
        let mut offsets = vec![0];
        let mut entries = Vec::new();
        for vector in vectors {
            entries.extend_from_slice(vector);
            offsets.push(entries.len());
        }
        Packed { offsets, entries }
    }

    /// The vectors, in order.
    fn iter(&self) -> impl Iterator<Item = &[(u32, f32)]> + '_ {
        self.offsets
            .windows(2)
            .map(|span| &self.entries[span[0]..span[1]])
    }
}

/// Training rows, packed by row: the log-odds (`x·w`) and the gradient (`xᵀ·r`, added
/// up row by row into a vector that stays in the cache) both stream through them.
pub struct SparseRows {
    rows: Packed,
}

impl SparseRows {
    /// The rows, packed.
    pub fn new(rows: &[SparseVector]) -> Self {
        SparseRows {
            rows: Packed::new(rows.iter().map(Vec::as_slice)),
        }
    }

    /// Every `step`-th row, starting with the first.
    pub fn every(&self, step: usize) -> Self {
        SparseRows {
            rows: Packed::new(self.iter().step_by(step.max(1))),
        }
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.offsets.len() - 1
    }

    /// Each row's (column, value) pairs, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[(u32, f32)]> + '_ {
        self.rows.iter()
    }
}

/// linfa-logistic's loss for one head on sparse rows whose columns are centred on the
/// fly, divided by the number of rows. Parameters are the weights, then the intercept
/// of the centred rows (`b + mean·w`).
struct CentredLogLoss<'a> {
    rows: &'a SparseRows,
    mean: &'a [f64],
    targets: &'a [bool],
    alpha: f64,
    /// The last point's cost and gradient: the line search asks for both at each
    /// point, and one pass over the rows gives both.
    last: RefCell<Option<Evaluation>>,
}

/// The loss and its gradient at one point, both divided by the number of rows.
struct Evaluation {
    at: Array1<f64>,
    cost: f64,
    gradient: Array1<f64>,
}

impl CentredLogLoss<'_> {
    /// The cost and gradient at `p`, computed once per point.
    fn evaluation(&self, p: &Array1<f64>) -> Ref<'_, Evaluation> {
        let fresh = matches!(&*self.last.borrow(), Some(e) if e.at == p);
        if !fresh {
            *self.last.borrow_mut() = Some(self.evaluate(p));
        }
        Ref::map(self.last.borrow(), |last| {
            last.as_ref().expect("the evaluation was just computed")
        })
    }

    /// The cost and gradient at `p` in one pass over the rows: each row's log-odds
    /// `(x - mean)·w + intercept`, its loss, and its residual times the row added into
    /// the gradient while the row is still in the cache.
    fn evaluate(&self, p: &Array1<f64>) -> Evaluation {
        let (weights, intercept) = split(p);
        let shift = centring_shift(weights, self.mean);
        let mut gradient = Array1::<f64>::zeros(p.len());
        let g = gradient.as_slice_mut().expect("a new array is contiguous");
        let (mut loss, mut residual_sum) = (0.0, 0.0);
        for (row, &t) in self.rows.iter().zip(self.targets) {
            let m = Margin::new(sparse_dot(row, weights) + intercept - shift);
            loss += m.softplus() - if t { m.z } else { 0.0 };
            let residual = m.sigmoid() - if t { 1.0 } else { 0.0 };
            residual_sum += residual;
            for &(c, v) in row {
                g[c as usize] += residual * v as f64;
            }
        }
        let (g_weights, g_intercept) = g.split_at_mut(weights.len());
        for ((g, w), m) in g_weights.iter_mut().zip(weights).zip(self.mean) {
            *g += self.alpha * w - m * residual_sum;
        }
        g_intercept[0] = residual_sum;
        gradient /= self.n();
        let penalty = 0.5 * self.alpha * weights.iter().map(|w| w * w).sum::<f64>();
        Evaluation {
            at: p.clone(),
            cost: (loss + penalty) / self.n(),
            gradient,
        }
    }

    /// The rows as an `f64` count, for the mean.
    fn n(&self) -> f64 {
        self.rows.len().max(1) as f64
    }
}

/// The weights and the intercept of a parameter vector.
fn split(p: &Array1<f64>) -> (&[f64], f64) {
    let p = p.as_slice().expect("parameters are contiguous");
    let (weights, intercept) = p.split_at(p.len() - 1);
    (weights, intercept[0])
}

/// `Σ dense[i]·v` over a sparse vector's `(i, v)` entries. Four running sums, so that
/// each addition need not wait for the one before.
fn sparse_dot(entries: &[(u32, f32)], dense: &[f64]) -> f64 {
    let mut sums = [0.0f64; 4];
    let mut chunks = entries.chunks_exact(4);
    for chunk in &mut chunks {
        for (sum, &(i, v)) in sums.iter_mut().zip(chunk) {
            *sum += dense[i as usize] * v as f64;
        }
    }
    let tail: f64 = chunks
        .remainder()
        .iter()
        .map(|&(i, v)| dense[i as usize] * v as f64)
        .sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

/// `mean·w`: what centring the columns adds to the intercept, so heads move between
/// centred and uncentred terms exactly.
pub fn centring_shift(weights: &[f64], mean: &[f64]) -> f64 {
    weights.iter().zip(mean).map(|(w, m)| w * m).sum()
}

/// One row's log-odds `z` with `e^-|z|`, which both the loss and its gradient need:
/// computed once per row and point instead of once for each.
#[derive(Debug, Clone, Copy)]
struct Margin {
    z: f64,
    /// `e^-|z|`, in (0, 1]: never overflows.
    e: f64,
}

impl Margin {
    fn new(z: f64) -> Self {
        Margin {
            z,
            e: (-z.abs()).exp(),
        }
    }

    /// `ln(1 + e^z)`.
    fn softplus(self) -> f64 {
        self.z.max(0.0) + self.e.ln_1p()
    }

    /// `1 / (1 + e^-z)`.
    fn sigmoid(self) -> f64 {
        super::sigmoid_given(self.z, self.e)
    }
}

impl CostFunction for CentredLogLoss<'_> {
    type Param = Array1<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, Error> {
        Ok(self.evaluation(p).cost)
    }
}

impl Gradient for CentredLogLoss<'_> {
    type Param = Array1<f64>;
    type Gradient = Array1<f64>;

    fn gradient(&self, p: &Self::Param) -> Result<Array1<f64>, Error> {
        Ok(self.evaluation(p).gradient.clone())
    }
}

/// The head minimising linfa-logistic's objective for `targets` (true = positive) on
/// `rows`, reached from `start` by L-BFGS until the mean gradient's norm is below
/// `tolerance` or `max_iterations` steps have run. Both heads are in tipsom's terms:
/// uncentred weights and intercept, scoring `true` positive. An error means the line
/// search gave up (nearly separable data); the caller falls back to its own start.
pub fn optimum(
    rows: &SparseRows,
    mean: &[f64],
    targets: &[bool],
    alpha: f64,
    start: &Head,
    tolerance: f64,
    max_iterations: u64,
) -> Result<Head, Error> {
    let problem = CentredLogLoss {
        rows,
        mean,
        targets,
        alpha,
        last: RefCell::new(None),
    };
    let shift = centring_shift(&start.weights, mean);
    let initial: Array1<f64> = start
        .weights
        .iter()
        .copied()
        .chain(std::iter::once(start.intercept + shift))
        .collect();
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10).with_tolerance_grad(tolerance)?;
    let result = Executor::new(problem, solver)
        .configure(|state| state.param(initial).max_iters(max_iterations))
        .run()?;
    let best = result
        .state()
        .get_best_param()
        .ok_or_else(|| Error::msg("the optimiser returned no parameters"))?;
    let (weights, intercept) = split(best);
    let shift = centring_shift(weights, mean);
    Ok(Head {
        weights: weights.to_vec(),
        intercept: intercept - shift,
        threshold: start.threshold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small, overlapping (not separable) two-column problem.
    fn toy() -> (SparseRows, Vec<f64>, Vec<bool>) {
        let rows: Vec<SparseVector> = (0..40)
            .map(|i| {
                let a = (i % 7) as f32 / 7.0;
                let b = (i % 5) as f32 / 5.0;
                vec![(0, a), (1, b)]
            })
            .collect();
        let targets: Vec<bool> = (0..40).map(|i| (i % 7) + (i % 3) > 4).collect();
        let mut mean = vec![0.0; 2];
        for row in &rows {
            for &(c, v) in row {
                mean[c as usize] += v as f64 / rows.len() as f64;
            }
        }
        (SparseRows::new(&rows), mean, targets)
    }

    fn zero_head() -> Head {
        Head {
            weights: vec![0.0; 2],
            intercept: 0.0,
            threshold: 0.5,
        }
    }

    #[test]
    fn packs_rows_and_every_kth_row() {
        let rows: Vec<SparseVector> = vec![vec![(0, 1.0), (2, 2.0)], vec![], vec![(1, 3.0)]];
        let packed = SparseRows::new(&rows);
        assert_eq!(packed.len(), 3);
        assert_eq!(
            packed.iter().collect::<Vec<_>>(),
            [&rows[0][..], &[], &rows[2][..]]
        );
        let odd = packed.every(2);
        assert_eq!(odd.iter().collect::<Vec<_>>(), [&rows[0][..], &rows[2][..]]);
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let (rows, mean, targets) = toy();
        let problem = CentredLogLoss {
            rows: &rows,
            mean: &mean,
            targets: &targets,
            alpha: 0.3,
            last: RefCell::new(None),
        };
        let p = Array1::from(vec![0.7, -1.2, 0.4]);
        let gradient = problem.gradient(&p).unwrap();
        for k in 0..p.len() {
            let h = 1e-6;
            let (mut up, mut down) = (p.clone(), p.clone());
            up[k] += h;
            down[k] -= h;
            let numeric = (problem.cost(&up).unwrap() - problem.cost(&down).unwrap()) / (2.0 * h);
            assert!(
                (numeric - gradient[k]).abs() < 1e-6,
                "{k}: {numeric} vs {}",
                gradient[k]
            );
        }
    }

    #[test]
    fn reaches_a_point_where_the_mean_gradient_vanishes() {
        let (rows, mean, targets) = toy();
        let head = optimum(&rows, &mean, &targets, 0.3, &zero_head(), 1e-8, 200).unwrap();
        let norm = super::super::train::gradient_norm(&head, &rows, &targets, 0.3);
        assert!(
            norm / rows.len() as f64 <= 1e-7,
            "mean gradient norm {norm}"
        );
        assert!(head.weights.iter().any(|w| w.abs() > 0.1), "{head:?}");
    }
}
