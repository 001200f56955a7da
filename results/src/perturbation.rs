//! Cell key perturbation: small, consistent noise on every count, as the UK's Office for National
//! Statistics protected the 2021 Census tables (the cell key method; the perturbation table as
//! the sdcTools `ptable` package describes it).
//!
//! - Each response carries a random **record key**, uniform over `u32`.
//! - A count's **cell key** is the sum of its records' keys, wrapped (so it too is uniform, and
//!   the same people always give the same cell key, in whichever table they are counted).
//! - The published **perturbation table** ([`Ptable`]) says, for each true count, which published
//!   counts it may become and how likely each is. The cell key picks one: the same cell is
//!   published the same way in every table and every rerun, so comparing tables gives noise, not
//!   a person.
//!
//! The table is public, as ONS's is: nothing relies on it being secret. It keeps to these rules:
//! the noise is at most `max_noise` either way; it averages to nothing (each row's mean is zero);
//! a zero stays zero; no count is ever published as 1 to `blocked` (so a published small count is
//! never a small count seen as it is), nor below zero. Among the tables that keep to them, each row
//! is the one of most entropy for its variance (a discrete Gaussian, `p(v) ∝ exp(-λv²)`, tilted
//! for the small counts near the blocked values so that their mean stays zero), the approach of
//! Giessing (2016) that `ptable` follows; written here, since it is a few lines and the browser
//! must run it too.

/// The perturbation table's parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parameters {
    /// The most a count is moved either way.
    pub max_noise: usize,
    /// The noise's variance for counts far from the blocked ones.
    pub variance: f64,
    /// Counts 1 to this are never published.
    pub blocked: usize,
}

/// speaksafe's parameters: noise of at most 3, variance 1, and no count published as 1 or 2. A
/// count of 6 or more is left as it is with probability 0.398, moved by 1 either way with 0.242
/// each, by 2 with 0.054 and by 3 with 0.0045: on average 0.73 away from the truth.
pub const PARAMETERS: Parameters = Parameters { max_noise: 3, variance: 1.0, blocked: 2 };

/// For each true count up to `rows - 1` (and every larger count, like the last), what it may be
/// published as: each published count with the width of its share of the key space.
#[derive(Debug, Clone, PartialEq)]
pub struct Ptable {
    pub parameters: Parameters,
    /// `rows[i]`: the published counts for a true count `i`, ascending, each with the first cell
    /// key (as a fraction of 2³², inclusive) that gives it; the next one's start ends it.
    rows: Vec<Vec<(usize, u64)>>,
    /// Probabilities, for documents and tests: `probabilities[i]` pairs each published count with
    /// its probability.
    probabilities: Vec<Vec<(usize, f64)>>,
}

const KEYS: u64 = 1 << 32;

impl Ptable {
    /// The table for these parameters. Err when no table keeps to the rules (a variance that is
    /// not positive, or no room for a zero mean).
    pub fn new(parameters: Parameters) -> Result<Ptable, String> {
        let Parameters { max_noise: d, variance, blocked } = parameters;
        if d == 0 || variance.is_nan() || variance <= 0.0 {
            return Err("the noise must be at least 1 and its variance more than 0".into());
        }
        let noise: Vec<i64> = (-(d as i64)..=d as i64).collect();
        // The steepness that gives the variance, for a row free of the blocked values.
        let variance_of = |lambda: f64| {
            let weights: Vec<f64> = noise.iter().map(|&v| (-lambda * (v * v) as f64).exp()).collect();
            let sum: f64 = weights.iter().sum();
            noise.iter().zip(&weights).map(|(&v, w)| (v * v) as f64 * w / sum).sum::<f64>()
        };
        let most = variance_of(0.0);
        if variance >= most {
            return Err(format!("a variance of {variance} needs noise of more than {d}"));
        }
        let lambda = bisect(0.0, 64.0, |l| variance_of(l) > variance);
        // Rows for 0 to the first count no blocked value or negative count can reach, and one more.
        let free = blocked + 1 + d;
        let mut probabilities = Vec::new();
        for i in 0..=free {
            let allowed: Vec<usize> = (i.saturating_sub(d)..=i + d).filter(|&j| j == 0 || j > blocked).collect();
            if i == 0 {
                probabilities.push(vec![(0, 1.0)]);
                continue;
            }
            // Tilt the discrete Gaussian until its mean is zero: exp(-λv² + μv).
            let weights = |mu: f64| -> Vec<(usize, f64)> {
                let raw: Vec<(usize, f64)> = allowed
                    .iter()
                    .map(|&j| {
                        let v = j as f64 - i as f64;
                        (j, (-lambda * v * v + mu * v).exp())
                    })
                    .collect();
                let sum: f64 = raw.iter().map(|(_, w)| w).sum();
                raw.into_iter().map(|(j, w)| (j, w / sum)).collect()
            };
            let mean = |mu: f64| weights(mu).iter().map(|&(j, p)| (j as f64 - i as f64) * p).sum::<f64>();
            if !(allowed.iter().any(|&j| j < i) || allowed.contains(&i)) || !allowed.iter().any(|&j| j >= i) {
                return Err(format!("no zero-mean noise for a count of {i}"));
            }
            let mu = bisect(-64.0, 64.0, |mu| mean(mu) < 0.0);
            probabilities.push(weights(mu));
        }
        let rows = probabilities
            .iter()
            .map(|row| {
                let mut start = 0u64;
                let mut cumulative = 0.0;
                row.iter()
                    .map(|&(j, p)| {
                        let here = start;
                        cumulative += p;
                        // At least one key for every count the row can give, so the table says
                        // exactly what can happen.
                        start = ((cumulative * KEYS as f64).round() as u64).clamp(here + 1, KEYS);
                        (j, here)
                    })
                    .collect()
            })
            .collect();
        Ok(Ptable { parameters, rows, probabilities })
    }

    /// speaksafe's table ([`PARAMETERS`]).
    pub fn standard() -> Ptable {
        Ptable::new(PARAMETERS).expect("the standard parameters make a table")
    }

    /// The published count for a true `count` whose cell key is `key`.
    pub fn perturb(&self, count: usize, key: u32) -> usize {
        let last = self.rows.len() - 1;
        let (row, shift) = if count > last { (&self.rows[last], count - last) } else { (&self.rows[count], 0) };
        let key = u64::from(key);
        let at = row.iter().rposition(|&(_, start)| start <= key).unwrap_or(0);
        row[at].0 + shift
    }

    /// The published count for a true `count` in a summary withholding counts under `min_cell`:
    /// perturbed, but a count of at least the minimum is never published under it. A count is
    /// shown only when it is at least the minimum, so a reader would know a 10 published as 7 to
    /// be exactly 10, and with it, through the totals, counts that are withheld. So what the table
    /// would publish under the minimum is published as the minimum instead (or as the first count
    /// the table publishes above the blocked ones), which any count from it to `max_noise` above can
    /// give: still one of the counts the table allows for the truth. Totals (how many answered, the
    /// number of responses) follow the same rule, so that the same people are the same count
    /// whether they are a shown cell or a total.
    pub fn publish(&self, count: usize, key: u32, min_cell: usize) -> usize {
        let published = self.perturb(count, key);
        if count < min_cell {
            return published;
        }
        let floor = if min_cell <= self.parameters.blocked { self.parameters.blocked + 1 } else { min_cell };
        published.max(floor)
    }

    /// The true counts that could have been published as `published`: what a reader who knows the
    /// table (and not the keys) can say of a count.
    pub fn could_be(&self, published: usize) -> Vec<usize> {
        let d = self.parameters.max_noise;
        (published.saturating_sub(d)..=published + d).filter(|&i| self.outcomes(i).contains(&published)).collect()
    }

    /// What a true count can be published as.
    pub fn outcomes(&self, count: usize) -> Vec<usize> {
        let last = self.rows.len() - 1;
        let (row, shift) = if count > last { (&self.rows[last], count - last) } else { (&self.rows[count], 0) };
        row.iter().map(|&(j, _)| j + shift).collect()
    }

    /// Each row's published counts and probabilities, for the documents.
    pub fn probabilities(&self) -> &[Vec<(usize, f64)>] {
        &self.probabilities
    }
}

/// The cell key of a count: its records' keys added up, wrapped.
pub fn cell_key<'k>(keys: impl IntoIterator<Item = &'k u32>) -> u32 {
    keys.into_iter().fold(0u32, |sum, k| sum.wrapping_add(*k))
}

/// A record key for a response that has none of its own (sealed before responses carried one):
/// taken from its sealed bytes (FNV-1a), so that it is the same every time it is opened.
pub fn key_from_sealed(sealed: &[u8]) -> u32 {
    sealed.iter().fold(0x811c_9dc5u32, |hash, &b| (hash ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// The point where `above` turns from true to false between `lo` and `hi` (it is true at `lo`).
fn bisect(mut lo: f64, mut hi: f64, above: impl Fn(f64) -> bool) -> f64 {
    for _ in 0..200 {
        let mid = (lo + hi) / 2.0;
        if above(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (lo + hi) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_keeps_to_its_rules() {
        let table = Ptable::standard();
        let Parameters { max_noise, variance, blocked } = table.parameters;
        for (i, row) in table.probabilities().iter().enumerate() {
            let total: f64 = row.iter().map(|(_, p)| p).sum();
            assert!((total - 1.0).abs() < 1e-9, "row {i} sums to {total}");
            let mean: f64 = row.iter().map(|&(j, p)| (j as f64 - i as f64) * p).sum();
            assert!(mean.abs() < 1e-9, "row {i} has mean {mean}");
            for &(j, p) in row {
                assert!(p > 0.0);
                assert!(j.abs_diff(i) <= max_noise, "{i} → {j}");
                assert!(j == 0 || j > blocked, "{i} → {j}: a blocked count");
            }
        }
        let last = table.probabilities().last().unwrap();
        let i = table.probabilities().len() - 1;
        let v: f64 = last.iter().map(|&(j, p)| (j as f64 - i as f64).powi(2) * p).sum();
        assert!((v - variance).abs() < 1e-6, "variance {v}");
        assert_eq!(table.outcomes(0), [0], "zero stays zero");
    }

    #[test]
    fn every_key_gives_a_count_the_table_allows_and_keys_spread_as_the_probabilities_say() {
        let table = Ptable::standard();
        for count in [0, 1, 2, 3, 4, 7, 10, 200] {
            let mut seen = std::collections::BTreeMap::new();
            let steps = 1u64 << 16;
            for s in 0..steps {
                let key = (s * (KEYS / steps)) as u32;
                let published = table.perturb(count, key);
                assert!(table.outcomes(count).contains(&published));
                *seen.entry(published).or_insert(0u64) += 1;
            }
            let row = &table.probabilities()[count.min(table.probabilities().len() - 1)];
            let shift = count.saturating_sub(table.probabilities().len() - 1);
            for &(j, p) in row {
                let share = *seen.get(&(j + shift)).unwrap_or(&0) as f64 / steps as f64;
                assert!((share - p).abs() < 1e-3, "count {count} → {}: {share} for {p}", j + shift);
            }
        }
    }

    #[test]
    fn no_published_count_tells_a_small_count_exactly() {
        let table = Ptable::standard();
        for published in 0..60 {
            let could_be = table.could_be(published);
            if !could_be.is_empty() {
                assert!(could_be.len() >= 2, "{published} could only be {could_be:?}");
            }
        }
        // What a published count could be is a run of counts with no gap, so a reader (and the
        // attacker of the tests) loses nothing by taking it as a range.
        for published in 0..60 {
            let could_be = table.could_be(published);
            assert!(could_be.windows(2).all(|w| w[1] == w[0] + 1), "{published}: {could_be:?}");
        }
        for blocked in 1..=table.parameters.blocked {
            assert!(table.could_be(blocked).is_empty(), "{blocked} is never published");
        }
    }

    #[test]
    fn a_shown_count_is_never_published_under_the_minimum_nor_pinned_by_it() {
        let table = Ptable::standard();
        for min_cell in [1, 2, 3, 5, 10] {
            let mut could_be = std::collections::BTreeMap::<usize, Vec<usize>>::new();
            for count in min_cell..min_cell + 12 {
                for s in 0..4096u64 {
                    let published = table.publish(count, (s * (KEYS / 4096)) as u32, min_cell);
                    assert!(published >= min_cell, "{count} shown as {published} under {min_cell}");
                    assert!(table.outcomes(count).contains(&published), "{count} shown as {published}");
                    could_be.entry(published).or_default().push(count);
                }
            }
            // A reader who knows it is shown, and so at least the minimum, still has at least two
            // counts it could be (those near the top of the range tried have fewer tried above).
            for (published, counts) in could_be.range(..min_cell + 8) {
                let mut counts = counts.clone();
                counts.dedup();
                assert!(counts.len() >= 2, "shown as {published} under {min_cell}: only {counts:?}");
            }
        }
    }

    #[test]
    fn cell_keys_add_up_wrapped_and_old_responses_get_a_steady_key() {
        assert_eq!(cell_key(&[u32::MAX, 2]), 1);
        assert_eq!(cell_key(&[]), 0);
        assert_eq!(key_from_sealed(b"sealed"), key_from_sealed(b"sealed"));
        assert_ne!(key_from_sealed(b"sealed"), key_from_sealed(b"sealeD"));
    }

    #[test]
    fn parameters_no_table_can_keep_to_are_refused() {
        assert!(Ptable::new(Parameters { max_noise: 0, variance: 1.0, blocked: 2 }).is_err());
        assert!(Ptable::new(Parameters { max_noise: 1, variance: 5.0, blocked: 2 }).is_err());
    }
}
