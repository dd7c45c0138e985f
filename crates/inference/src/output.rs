//! Logits → probabilities → top-K, and the result type callers serialise.

use serde::Serialize;

/// Largest `top_k` a caller may ask for.
pub const MAX_TOP_K: usize = 20;

/// One class of a classification result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prediction {
    /// The label, e.g. `Persian cat`.
    pub class: String,
    /// Index in the model's output.
    pub index: usize,
    /// Softmax probability.
    pub probability: f32,
}

/// The answer for one image: predictions sorted by probability, highest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    /// Top-K predictions, descending probability (ties: lower index first).
    pub predictions: Vec<Prediction>,
    /// Label of the first prediction.
    pub top_class: String,
    /// Probability of the first prediction.
    pub top_probability: f32,
    /// Wall time of the model run that computed this image (the whole batch's run).
    pub inference_ms: f64,
}

/// Numerically stable softmax (subtracts the max logit first).
#[must_use]
pub fn softmax(logits: &[f32]) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|&x| (x - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

/// The `k` most probable classes, descending; ties keep the lower index first.
#[must_use]
pub fn top_k(probabilities: &[f32], k: usize) -> Vec<(usize, f32)> {
    // A total order (index breaks ties), so selecting the first `k` and sorting only them
    // gives exactly the prefix a full sort would: 1,000 classes are not sorted for 5.
    let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let mut indexed: Vec<(usize, f32)> = probabilities.iter().copied().enumerate().collect();
    if k == 0 {
        return Vec::new();
    }
    if k < indexed.len() {
        indexed.select_nth_unstable_by(k - 1, order);
        indexed.truncate(k);
    }
    indexed.sort_unstable_by(order);
    indexed
}

/// Builds the result for one row of logits.
pub(crate) fn classify_logits(
    logits: &[f32],
    k: usize,
    labels: &[String],
    inference_ms: f64,
) -> Classification {
    let predictions: Vec<Prediction> = top_k(&softmax(logits), k)
        .into_iter()
        .map(|(index, probability)| Prediction {
            class: labels.get(index).cloned().unwrap_or_default(),
            index,
            probability,
        })
        .collect();
    let (top_class, top_probability) = predictions
        .first()
        .map_or((String::new(), 0.0), |p| (p.class.clone(), p.probability));
    Classification {
        predictions,
        top_class,
        top_probability,
        inference_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one_and_survives_large_logits() {
        let p = softmax(&[1000.0, 1001.0, 999.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(p[1] > p[0] && p[0] > p[2]);
    }

    #[test]
    fn top_k_is_sorted_descending_with_stable_ties() {
        let top = top_k(&[0.1, 0.4, 0.1, 0.4], 3);
        assert_eq!(top, vec![(1, 0.4), (3, 0.4), (0, 0.1)]);
    }

    #[test]
    fn top_k_equals_the_prefix_of_a_full_sort() {
        // Many ties and a spread of values: the selection must give exactly what sorting
        // everything gave before.
        let probabilities: Vec<f32> = (0..1000u32).map(|i| ((i * 7919) % 97) as f32).collect();
        let mut full: Vec<(usize, f32)> = probabilities.iter().copied().enumerate().collect();
        full.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for k in [0, 1, 5, 20, 999, 1000, 1001] {
            assert_eq!(top_k(&probabilities, k), full[..k.min(1000)], "k = {k}");
        }
    }

    #[test]
    fn classify_logits_fills_top_fields() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| (*s).to_string()).collect();
        let c = classify_logits(&[0.0, 5.0, 1.0], 2, &labels, 1.5);
        assert_eq!(c.predictions.len(), 2);
        assert_eq!(c.top_class, "b");
        assert_eq!(c.predictions[0].index, 1);
        assert!((c.top_probability - c.predictions[0].probability).abs() < f32::EPSILON);
        assert!(c.predictions[0].probability >= c.predictions[1].probability);
    }
}
