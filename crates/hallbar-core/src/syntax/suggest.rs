//! "Did you mean": the known word nearest to one that is not known.

/// The candidate nearest to `word` by edit distance (insertions, deletions and
/// substitutions of characters), if one is near enough to be what was meant: within a
/// third of the word's length, and at least one edit. Ties go to the first candidate.
/// Failing that, a word of four characters or more that begins exactly one candidate
/// (`renskotsel-samer` for `renskotsel-samer-ej-involverade`) suggests it.
///
/// # Complexity
/// O(c · n · m) for c candidates of length m and a word of length n; callers pass a
/// rule set's ids or a table's keys, and words are cut at 64 characters.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.chars().take(64).collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    let mut completions = Vec::new();
    for candidate in candidates {
        let distance = edit_distance(&word, candidate);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
        if word.len() >= 4 && completions.len() < 2 && begins(candidate, &word) {
            completions.push(candidate);
        }
    }
    match (best, completions.as_slice()) {
        (Some((_, c)), _) => Some(c),
        (None, [only]) => Some(only),
        (None, _) => None,
    }
}

/// Whether `candidate` begins with `word` (and is longer).
fn begins(candidate: &str, word: &[char]) -> bool {
    let mut chars = candidate.chars();
    word.iter().all(|w| chars.next() == Some(*w)) && chars.next().is_some()
}

/// The Levenshtein distance from `a` to `b`, one row at a time.
fn edit_distance(a: &[char], b: &str) -> usize {
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let at = |row: &[usize], k: usize| row.get(k).copied().unwrap_or(usize::MAX);
            let substitute = at(&previous, j).saturating_add(usize::from(ca != cb));
            let delete = at(&previous, j + 1).saturating_add(1);
            let insert = current
                .last()
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn the_nearest_known_word_is_suggested_when_near_enough() {
        let ids = ["tillvaxt-klimat", "stad-land", "energi-mark-natur"];
        assert_eq!(closest("tillvaxt-klimatt", ids), Some("tillvaxt-klimat"));
        assert_eq!(closest("stad-lamd", ids), Some("stad-land"));
        assert_eq!(closest("alls", ["alla", "nagon", "inte"]), Some("alla"));
        assert_eq!(closest("nogon", ["alla", "nagon", "inte"]), Some("nagon"));
        assert_eq!(closest("skog", ids), None);
        assert_eq!(closest("", ids), None);
        // The start of exactly one id.
        let ids = [
            "renskotsel-samer-ej-involverade",
            "renskotsel-vindkraft-och-mark",
        ];
        assert_eq!(
            closest("renskotsel-samer", ids),
            Some("renskotsel-samer-ej-involverade")
        );
        assert_eq!(closest("renskotsel", ids), None, "the start of two");
        assert_eq!(closest("ren", ids), None, "too short to say");
    }
}
