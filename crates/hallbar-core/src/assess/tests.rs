use super::Assessor;
use crate::graph::GoalGraph;
use crate::graph::infer::InferenceConfig;
use crate::method::Profile;
use crate::rules::RuleSet;
use crate::syntax::{Format, parse_as};
use crate::testing::fixture;
use crate::{FindingKind, FindingSource, Hallbarhetssakring, Lang, Severity};

fn doc(effects: &str) -> Hallbarhetssakring {
    let text = format!(
        "format_version = 1\n[insats]\nid = \"x\"\ntitel = \"t\"\ntyp = \"foretagsstod\"\nagare = \"r\"\nsektorer = [\"industri\"]\n{effects}"
    );
    parse_as(&text, Format::Toml).unwrap()
}

fn effect(id: &str, goal: &str, direction: &str, strength: u8) -> String {
    format!(
        "[[effekter]]\nid = \"{id}\"\nmal = \"{goal}\"\nriktning = \"{direction}\"\nstyrka = {strength}\ntyp = \"direkt\"\nmotivering = \"m\"\nsakerhet = \"medel\"\n"
    )
}

fn findings(doc: &Hallbarhetssakring, profile: Option<&Profile>) -> Vec<crate::Finding> {
    let rules = RuleSet::standard().unwrap();
    let graph = GoalGraph::standard().unwrap();
    let config = InferenceConfig::default();
    Assessor::new(&rules)
        .with_graph(&graph, &config)
        .with_profile(profile)
        .findings(doc, Lang::Sv)
}

#[test]
fn issue_14_every_stated_pair_is_one_conflict_with_every_rule() {
    let d = doc(&(effect("a", "8.2", "positiv", 3) + &effect("b", "13.2", "negativ", 2)));
    let f = findings(&d, None);
    let conflicts: Vec<_> = f
        .iter()
        .filter(|f| f.kind == FindingKind::Malkonflikt && !f.is_secondary())
        .collect();
    assert_eq!(conflicts.len(), 1, "{conflicts:#?}");
    let c = conflicts[0];
    assert_eq!(c.goals, ["8.2".parse().unwrap(), "13.2".parse().unwrap()]);
    assert_eq!(c.rule.as_deref(), Some("tillvaxt-klimat"));
    assert_eq!(
        c.rules,
        ["tillvaxt-klimat", "fossil-inlasning", "angiven-malkonflikt"]
    );
    assert_eq!(
        c.evidence.first().map(|e| e.pointer.as_str()),
        Some("/effekter/0")
    );
    // One explanation, the most specific rule's; every rule named in what supports it.
    assert!(!c.explanation.contains("Regeln"), "{}", c.explanation);
    let titles: Vec<&str> = c.supported_by.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Ekonomisk tillväxt mot klimat",
            "Risk för fossil inlåsning",
            "Målkonflikt mellan insatsens effekter",
            "Möjlig indirekt målkonflikt: 8.2 → 13"
        ]
    );
    assert!(c.sources.len() >= 3);
}

#[test]
fn issue_14_no_inferred_conflict_against_a_stated_positive_effect() {
    // Electrification: +8.2, +13.2. The link 8 → 13 must not say 8.2 counteracts 13.
    let d = doc(&(effect("a", "8.2", "positiv", 3) + &effect("b", "13.2", "positiv", 2)));
    let f = findings(&d, None);
    assert!(
        !f.iter()
            .any(|f| f.kind == FindingKind::Malkonflikt
                && f.goals.iter().any(|g| g.as_str() == "13")),
        "{f:#?}"
    );
}

#[test]
fn issue_14_goal_level_links_on_a_target_are_information_apart() {
    // Skills: +8.5 follows goal 8's links to 12 and 13 only at half weight.
    let d = doc(&effect("a", "8.5", "positiv", 3));
    let f = findings(&d, None);
    let inferred: Vec<_> = f
        .iter()
        .filter(|f| f.source == FindingSource::Graph)
        .collect();
    assert!(!inferred.is_empty());
    for g in inferred {
        assert_eq!(g.severity, Severity::Information, "{g:#?}");
        assert!(g.is_secondary());
    }
}

#[test]
fn issue_14_an_inferred_path_joins_the_stated_conflict_it_explains() {
    let d = doc(&(effect("a", "8.9", "positiv", 3) + &effect("b", "13", "negativ", 2)));
    let f = findings(&d, None);
    let pair: Vec<_> = f
        .iter()
        .filter(|f| {
            f.kind == FindingKind::Malkonflikt && f.goals.iter().any(|g| g.as_str() == "13")
        })
        .collect();
    assert_eq!(pair.len(), 1, "{pair:#?}");
    assert_eq!(pair[0].source, FindingSource::Rule);
    assert_eq!(pair[0].paths.len(), 1);
}

#[test]
fn issue_14_completeness_is_one_finding_per_step_and_rules_join_their_step() {
    let d = fixture("turism-fjall.toml");
    let profile = Profile::builtin("kronoberg").unwrap();
    let f = findings(&d, Some(profile));
    let method: Vec<_> = f
        .iter()
        .filter(|f| f.source == FindingSource::Method)
        .collect();
    let steps: Vec<&str> = method
        .iter()
        .filter(|f| f.title.starts_with("Steg"))
        .map(|f| f.title.split(' ').nth(1).unwrap())
        .collect();
    let mut unique = steps.clone();
    unique.dedup();
    assert_eq!(steps, unique, "one finding per step");
    // The key without an indicator is the method's step D finding, not a second one.
    assert!(
        !f.iter().any(|f| f.source == FindingSource::Rule
            && f.rule.as_deref() == Some("nyckel-utan-indikator"))
    );
    let d_step = method
        .iter()
        .find(|f| f.title.starts_with("Steg D"))
        .unwrap();
    assert_eq!(d_step.rules, ["nyckel-utan-indikator"]);
    // Undecided checkpoints stay findings of their own, serious when later work began.
    assert!(
        method
            .iter()
            .any(|f| f.title.starts_with("Hållplatsen efter steg C")
                && f.severity == Severity::Allvarlig)
    );
}

#[test]
fn issue_14_on_generated_insatser_every_stated_pair_is_exactly_one_conflict() {
    let generator = hallbar_generate::Generator::new(14);
    let (mut pairs_seen, mut docs_with_pairs) = (0, 0);
    for i in 0..200 {
        let d: Hallbarhetssakring = serde_json::from_value(generator.document(i)).unwrap();
        let f = findings(&d, None);
        let conflicts: Vec<_> = f
            .iter()
            .filter(|f| f.kind == FindingKind::Malkonflikt)
            .collect();
        // No conflict twice.
        for (n, a) in conflicts.iter().enumerate() {
            for b in conflicts.iter().skip(n + 1) {
                assert_ne!(a.goals, b.goals, "document {i}: the same conflict twice");
            }
        }
        // Every stated pair of a positive and a negative effect on different goals has
        // its finding, in the main list, naming exactly the pair.
        let mut any = false;
        for p in d
            .effekter
            .iter()
            .filter(|e| e.riktning == crate::Riktning::Positiv)
        {
            for n in d
                .effekter
                .iter()
                .filter(|e| e.riktning == crate::Riktning::Negativ)
            {
                if p.mal == n.mal {
                    continue;
                }
                any = true;
                pairs_seen += 1;
                let pair = [p.mal.clone(), n.mal.clone()];
                assert!(
                    conflicts
                        .iter()
                        .any(|c| c.goals == pair && !c.is_secondary()),
                    "document {i}: no finding for {pair:?}"
                );
            }
        }
        docs_with_pairs += usize::from(any);
        // `rule` is the first of `rules`, for every finding.
        for x in &f {
            assert_eq!(x.rule.as_ref(), x.rules.first(), "document {i}");
        }
    }
    assert!(
        docs_with_pairs > 50 && pairs_seen > 100,
        "{docs_with_pairs} {pairs_seen}"
    );
}
