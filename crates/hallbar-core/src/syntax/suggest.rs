//! "Did you mean": the known word nearest to one that is not known.

/// The candidate nearest to `word` by edit distance (insertions, deletions and
/// substitutions of characters), if one is near enough to be what was meant: within a
/// third of the word's length, and at least one edit. Ties go to the first candidate.
///
/// # Complexity
/// O(c · n · m) for c candidates of length m and a word of length n; callers pass a
/// rule set's ids or a table's keys, and words are cut at 64 characters.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word: Vec<char> = word.chars().take(64).collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&word, candidate);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
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
    }
}
