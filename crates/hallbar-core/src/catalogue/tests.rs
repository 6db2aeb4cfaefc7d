use super::*;
use crate::Lang;

fn id(s: &str) -> GoalId {
    GoalId::new(s).unwrap()
}

#[test]
fn agenda_2030_has_17_goals_and_169_targets() {
    let cat = GoalCatalogue::builtin();
    let sdg: Vec<&Goal> = cat.iter().filter(|g| g.id.is_sdg()).collect();
    assert_eq!(sdg.iter().filter(|g| g.parent.is_none()).count(), 17);
    assert_eq!(sdg.iter().filter(|g| g.parent.is_some()).count(), 169);
    assert_eq!(cat.children(&id("1")).count(), 7);
    assert_eq!(cat.children(&id("17")).count(), 19);
}

#[test]
fn every_target_has_text_and_indicators() {
    let cat = GoalCatalogue::builtin();
    let t = cat.get(&id("15.5")).unwrap();
    assert!(t.text.as_deref().unwrap().contains("natural habitats"));
    assert_eq!(t.indicators[0].0, "15.5.1");
    assert!(
        cat.iter()
            .filter(|g| g.id.is_sdg() && g.parent.is_some())
            .all(|g| g.text.as_deref().is_some_and(|t| !t.is_empty()) && !g.indicators.is_empty())
    );
}

#[test]
fn goals_have_official_swedish_and_english_names() {
    let cat = GoalCatalogue::builtin();
    let g8 = cat.get(&id("8")).unwrap();
    assert_eq!(
        g8.name(Lang::Sv),
        "Anständiga arbetsvillkor och ekonomisk tillväxt"
    );
    assert_eq!(g8.name(Lang::En), "Decent Work and Economic Growth");
    assert_eq!(
        cat.get(&id("13")).unwrap().name_sv,
        "Bekämpa klimatförändringarna"
    );
}

#[test]
fn every_goal_but_17_has_a_dimension_and_targets_inherit_it() {
    let cat = GoalCatalogue::builtin();
    for n in 1..=17 {
        let d = cat.dimension(&id(&n.to_string()));
        assert_eq!(d.is_none(), n == 17, "goal {n}");
    }
    assert_eq!(cat.dimension(&id("13.2")), Some(Dimension::Ekologisk));
    assert_eq!(cat.dimension(&id("8.4")), Some(Dimension::Ekonomisk));
    assert_eq!(cat.dimension(&id("5.5")), Some(Dimension::Social));
}

#[test]
fn names_and_aliases_are_found_ignoring_case() {
    let cat = GoalCatalogue::builtin();
    assert_eq!(cat.find_by_name("jämställdhet").unwrap().id, id("5"));
    assert_eq!(cat.find_by_name("Climate Action").unwrap().id, id("13"));
    assert_eq!(cat.find_by_name("Levande skogar").unwrap().id, id("mkm:12"));
}

#[test]
fn unknown_goals_get_a_helpful_error() {
    let cat = GoalCatalogue::builtin();
    let e = cat.resolve(&id("18")).unwrap_err();
    assert_eq!(e.to_string(), "unknown goal `18`");
    assert!(e.help().contains("1–17"));
    let e = cat.resolve(&id("8.11")).unwrap_err();
    assert!(
        e.help().starts_with("goal 8 has the targets 8.1, 8.2"),
        "{}",
        e.help()
    );
    let e = cat.resolve(&id("xyz:1")).unwrap_err();
    assert!(
        e.help().contains("no framework `xyz` is loaded"),
        "{}",
        e.help()
    );
}

#[test]
fn other_frameworks_load_from_files() {
    let cat = GoalCatalogue::builtin();
    let mkm: Vec<&Goal> = cat
        .iter()
        .filter(|g| g.framework.as_str() == "mkm")
        .collect();
    assert_eq!(mkm.len(), 16);
    assert!(
        mkm.iter()
            .all(|g| g.dimension == Some(Dimension::Ekologisk))
    );
    assert!(cat.iter().any(|g| g.framework.as_str() == "rus-exempel"));
}

#[test]
fn framework_files_report_every_problem() {
    let text = r#"
format_version = 1
[ramverk]
id = "mkm"
namn = "Again"
[[mal]]
id = "other:1"
namn = "Wrong prefix"
[[mal]]
id = "mkm:x"
namn = "Orphan"
overordnat = "mkm:nope"
"#;
    let mut cat = GoalCatalogue::builtin().clone();
    let before = cat.len();
    let file = cat.parse_framework(text, Format::Toml).unwrap();
    let e = cat.add_framework(&file).unwrap_err();
    let msgs: Vec<&str> = e.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "the framework `mkm` is already loaded",
            "the goal `other:1` does not belong to the framework `mkm`",
            "the parent goal `mkm:nope` is not listed before `mkm:x`",
        ]
    );
    assert_eq!(e.diagnostics[2].pointer, "/mal/1/overordnat");
    assert_eq!(cat.len(), before, "a failed load changes nothing");
}

#[test]
fn a_region_adds_its_own_framework() {
    let text = r#"
format_version = 1
[ramverk]
id = "rus-kronoberg"
namn = "Gröna Kronoberg"
[[mal]]
id = "rus-kronoberg:1"
namn = "Grön omställning"
dimension = "ekologisk"
[[mal]]
id = "rus-kronoberg:1.1"
namn = "Fossilfria transporter"
overordnat = "rus-kronoberg:1"
"#;
    let mut cat = GoalCatalogue::builtin().clone();
    let file = cat.parse_framework(text, Format::Toml).unwrap();
    cat.add_framework(&file).unwrap();
    assert!(cat.is_within(&id("rus-kronoberg:1.1"), &id("rus-kronoberg:1")));
    assert!(!cat.is_within(&id("rus-kronoberg:1"), &id("rus-kronoberg:1.1")));
    assert!(cat.is_related(&id("rus-kronoberg:1"), &id("rus-kronoberg:1.1")));
    assert!(cat.is_related(&id("8.2"), &id("8")));
    assert!(!cat.is_related(&id("8.2"), &id("8.3")));
    assert_eq!(
        cat.dimension(&id("rus-kronoberg:1.1")),
        Some(Dimension::Ekologisk)
    );
    assert_eq!(
        cat.top_level(&id("rus-kronoberg:1.1")).unwrap().id,
        id("rus-kronoberg:1")
    );
}
