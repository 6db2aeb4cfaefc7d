use std::collections::BTreeSet;

use super::*;
use crate::rules::RuleSet;
use crate::{GoalCatalogue, Hallbarhetssakring, check};

#[test]
fn generated_documents_are_valid_and_varied() {
    let generator = Generator::new(42);
    let rules = RuleSet::standard().unwrap();
    let mut fired = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    let mut undecided = 0;
    for i in 0..2000 {
        let value = generator.document(i);
        let doc: Hallbarhetssakring = serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("document {i}: {e}\n{value:#}"));
        let problems = check::check(&doc, GoalCatalogue::builtin());
        assert!(problems.is_empty(), "document {i}: {problems:?}\n{value:#}");
        fired.extend(rules.matches(&doc).iter().map(|m| m.rule.id.to_string()));
        kinds.insert(doc.insats.typ);
        undecided += usize::from(doc.hallplatser.iter().any(|h| h.beslut.is_none()));
    }
    // A portfolio that exercises most of the standard rules and every stage.
    assert!(fired.len() >= 20, "{fired:?}");
    assert!(kinds.len() >= 8, "{kinds:?}");
    assert!(undecided > 50, "{undecided}");
}

#[test]
fn documents_depend_only_on_seed_and_index() {
    let a = Generator::new(1);
    let b = Generator::new(2);
    assert_eq!(a.document(5), a.document(5));
    assert_ne!(a.document(5), a.document(6));
    assert_ne!(a.document(5), b.document(5));
}
