use super::*;
use crate::syntax::{Format, parse_as};
use crate::testing::fixture;
use crate::{FindingKind, GoalCatalogue, Hallbarhetssakring, Lang};

fn fired(doc: &Hallbarhetssakring) -> Vec<String> {
    RuleSet::standard()
        .unwrap()
        .evaluate(doc, Lang::Sv)
        .into_iter()
        .map(|f| f.rule.unwrap())
        .collect()
}

#[test]
fn the_standard_rule_set_loads_without_diagnostics() {
    let mut b = RuleSetBuilder::new(GoalCatalogue::builtin());
    let ds = b.add_source("standard.toml", STANDARD_RULES, Format::Toml);
    assert!(ds.is_empty(), "{ds:?}");
    assert!(b.build().len() >= 30);
}

#[test]
fn growth_versus_climate_fires_on_tourism_with_its_evidence() {
    let doc = fixture("turism-fjall.toml");
    let findings = RuleSet::standard().unwrap().evaluate(&doc, Lang::Sv);
    let f = findings
        .iter()
        .find(|f| f.rule.as_deref() == Some("tillvaxt-klimat"))
        .unwrap();
    assert_eq!(f.kind, FindingKind::Malkonflikt);
    let goals: Vec<&str> = f.goals.iter().map(|g| g.as_str()).collect();
    assert_eq!(goals, ["8.9", "13"]);
    let pointers: Vec<&str> = f.evidence.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(pointers, ["/effekter/0", "/effekter/1"]);
    assert!(
        f.evidence[1]
            .text
            .starts_with("Negativ effekt på 13 (styrka 2, indirekt): Fler internationella")
    );
}

#[test]
fn standard_rules_find_the_conflicts_the_fixtures_were_written_for() {
    let cases = [
        (
            "turism-fjall.toml",
            &[
                "tillvaxt-klimat",
                "turism-klimat-ekosystem",
                "renskotsel-samer-ej-involverade",
                "samiska-intressen-paverkas",
            ][..],
        ),
        (
            "foretagsstod-skog.toml",
            &[
                "skog-biologisk-mangfald",
                "ojamstalld-resursfordelning",
                "negativ-effekt-utan-atgard",
                "nyckel-utan-indikator",
                "foretagsstod-lag-tillgang",
            ][..],
        ),
        (
            "vaginvestering.toml",
            &[
                "vag-hallbara-transporter",
                "barn-paverkas-ej-horda",
                "infrastruktur-barriar",
            ][..],
        ),
        (
            "vindkraft-renskotsel.toml",
            &[
                "energi-mark-natur",
                "renskotsel-samer-ej-involverade",
                "kumulativ-negativ-effekt",
            ][..],
        ),
        (
            "laddinfrastruktur.toml",
            &[
                "miljopaverkan-utanfor-sverige",
                "klimat-rattvis-omstallning",
            ][..],
        ),
        (
            "kommersiell-service.toml",
            &["service-klimat", "renskotsel-samer-ej-involverade"][..],
        ),
    ];
    for (name, expected) in cases {
        let got = fired(&fixture(name));
        for rule in expected {
            assert!(
                got.iter().any(|r| r == rule),
                "{name}: `{rule}` did not fire; fired: {got:?}"
            );
        }
    }
}

#[test]
fn rules_that_cannot_match_are_not_tested() {
    let set = RuleSet::standard().unwrap();
    // Every rule needing an effect on a goal is indexed; the rest are few.
    assert!(
        set.always.len() < set.len() / 2,
        "{} of {}",
        set.always.len(),
        set.len()
    );
}

#[test]
fn rule_files_report_every_problem_with_its_place() {
    let text = r#"
format_version = 1

[[regel]]
id = "a"
titel = "A"
beskrivning = "b"
motivering = "m"
kalla = "k"
typ = "malkonflikt"
allvarlighet = "varning"
om = { all = [ { effekt = { mal = ["18"] } }, { any = [] } ] }

[[regel]]
id = "a"
titel = "A igen"
beskrivning = "b"
motivering = "m"
kalla = "k"
typ = "malkonflikt"
allvarlighet = "varning"
om = { effekt = { mal = ["8"], dimension = "ekologisk" } }
"#;
    let mut b = RuleSetBuilder::new(GoalCatalogue::builtin()).with_lang(crate::Lang::En);
    let ds = b.add_source("r.toml", text, Format::Toml);
    let got: Vec<(&str, &str)> = ds
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("/regel/0/om/all/0/effekt/mal/0", "unknown goal `18`"),
            (
                "/regel/0/om/all/1/any",
                "an empty `nagon` (`any`) can never be true"
            ),
            ("/regel/1/id", "the rule id `a` is already used at r.toml:4"),
            (
                "/regel/1/om/effekt/mal/0",
                "the condition can never be true: goal `8` is Ekonomisk, not Ekologisk"
            ),
        ]
    );
    assert!(ds.iter().all(|d| d.span.is_some()));
    assert!(b.build().is_empty(), "a file with errors adds no rules");
}

#[test]
fn evaluation_is_independent_of_rule_order() {
    let file: RuleFile = parse_as(STANDARD_RULES, Format::Toml).unwrap();
    let mut reversed = file.clone();
    reversed.regel.reverse();
    let build = |f: &RuleFile| {
        let mut b = RuleSetBuilder::new(GoalCatalogue::builtin());
        assert!(b.add_file("x", f).iter().all(|d| !d.is_error()));
        b.build()
    };
    let (a, b) = (build(&file), build(&reversed));
    for name in [
        "turism-fjall.toml",
        "foretagsstod-skog.toml",
        "vaginvestering.toml",
    ] {
        let doc = fixture(name);
        assert_eq!(a.evaluate(&doc, Lang::Sv), b.evaluate(&doc, Lang::Sv));
    }
}

#[test]
fn rule_sets_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<RuleSet>();
}

#[test]
fn the_index_finds_what_testing_every_rule_finds() {
    let set = RuleSet::standard().unwrap();
    for name in [
        "turism-fjall.toml",
        "foretagsstod-skog.toml",
        "vaginvestering.toml",
        "vindkraft-renskotsel.toml",
        "laddinfrastruktur.toml",
        "kommersiell-service.toml",
    ] {
        let doc = fixture(name);
        assert_eq!(
            set.evaluate(&doc, Lang::Sv),
            set.evaluate_without_index(&doc, Lang::Sv),
            "{name}"
        );
    }
}

#[test]
fn a_case_patches_its_template_as_an_rfc_7386_merge_patch() {
    use serde_json::json;
    let mut doc = json!({"a": {"b": 1, "c": 2}, "list": [1, 2]});
    super::testing::merge_patch(&mut doc, &json!({"a": {"c": null, "d": 3}, "list": [3]}));
    assert_eq!(doc, json!({"a": {"b": 1, "d": 3}, "list": [3]}));
}

#[test]
fn a_layer_on_a_built_set_is_the_layer_on_its_builder() {
    let layer = include_str!("../../../../fixtures/rules/lager/exempel-region.toml");
    let mut whole = RuleSetBuilder::new(GoalCatalogue::builtin())
        .with_standard()
        .unwrap();
    assert!(whole.add_source("region", layer, Format::Toml).is_empty());
    let whole = whole.build();

    let mut on = RuleSetBuilder::on(&RuleSet::standard().unwrap());
    assert!(on.add_source("region", layer, Format::Toml).is_empty());
    let on = on.build();

    let listed = |set: &RuleSet| -> Vec<(String, Provenance)> {
        let mut v: Vec<_> = set
            .provenance()
            .map(|(r, p)| (r.id.to_string(), p.clone()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(listed(&on), listed(&whole));
    assert_eq!(on.len(), whole.len());
    for name in ["turism-fjall.toml", "laddinfrastruktur.toml"] {
        let doc = fixture(name);
        assert_eq!(
            on.evaluate(&doc, Lang::Sv),
            whole.evaluate(&doc, Lang::Sv),
            "{name}"
        );
    }
    // A switched-off rule stays off, and switching it off again names the first place.
    let mut again = RuleSetBuilder::on(&on);
    let ds = again.add_source(
        "lokal",
        "format_version = 1\n[[stang_av]]\nid = \"stad-land\"\nskal = \"x\"\n",
        Format::Toml,
    );
    assert!(
        ds.iter()
            .any(|d| d.is_error() && d.message.contains("region")),
        "{ds:?}"
    );
}
