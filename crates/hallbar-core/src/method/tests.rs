use super::*;
use crate::syntax::Format;
use crate::testing::fixture;
use crate::{Finding, FindingKind, FindingSource, Lang, Severity};

fn kronoberg() -> &'static Profile {
    Profile::builtin("kronoberg").unwrap()
}

#[test]
fn both_builtin_profiles_load_with_the_handbooks_questions() {
    for (name, text) in profile::builtin_sources() {
        assert!(Profile::parse(text, Format::Toml).is_ok(), "{name}");
    }
    let k = kronoberg();
    let steps: Vec<&str> = k.steg.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(steps, ["A", "B", "C", "D"]);
    let checkpoints: Vec<&str> = k
        .steg
        .iter()
        .filter(|s| s.hallplats)
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(checkpoints, ["A", "C"]);
    let support: Vec<&Question> = k.fraga.iter().filter(|q| q.is_support_question()).collect();
    assert_eq!(support.len(), 29);
    for area in [
        crate::Stodomrade::MaktOchInflytande,
        crate::Stodomrade::HalsaOchUtbildning,
        crate::Stodomrade::KlimatOchMiljo,
        crate::Stodomrade::ResurserOchArbete,
    ] {
        assert!(support.iter().any(|q| q.omrade == Some(area)));
    }
    for p in [
        Perspective::Individ,
        Perspective::Geografiskt,
        Perspective::Samhalle,
    ] {
        assert!(support.iter().any(|q| q.perspektiv == Some(p)));
    }
    let j = Profile::builtin("jamtland-harjedalen").unwrap();
    assert_eq!(
        j.steg.iter().map(|s| s.namn.as_str()).collect::<Vec<_>>(),
        ["RUS-säkra", "Hållbarhetssäkra", "Aktörssäkra", "Åtgärder"]
    );
}

#[test]
fn every_question_the_fixtures_answer_is_in_their_profile() {
    for name in [
        "laddinfrastruktur.toml",
        "turism-fjall.toml",
        "foretagsstod-skog.toml",
        "vaginvestering.toml",
        "vindkraft-renskotsel.toml",
        "kommersiell-service.toml",
    ] {
        let doc = fixture(name);
        let profile =
            Profile::builtin(doc.metod.as_ref().map_or(DEFAULT_PROFILE, |m| m.as_str())).unwrap();
        for s in &doc.svar {
            assert!(profile.question(&s.fraga).is_some(), "{name}: {}", s.fraga);
        }
    }
}

#[test]
fn profile_files_report_their_problems() {
    let text = r#"
format_version = 1
[profil]
id = "x"
namn = "X"
[[steg]]
id = "1"
namn = "Ett"
hallplatsfragor = ["?"]
[[steg]]
id = "1"
namn = "Igen"
[[fraga]]
id = "q"
steg = "9"
text = "?"
"#;
    let ds = Profile::parse(text, Format::Toml).unwrap_err();
    let pointers: Vec<&str> = ds.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/steg/0/hallplatsfragor", "/steg/1/id", "/fraga/0/steg"]
    );
}

#[test]
fn an_undecided_checkpoint_keeps_an_assessment_from_being_complete() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let s = status(&doc, kronoberg());
    assert_eq!(s.state, State::InProgress("A".parse().unwrap()));
    assert_eq!(s.steps[0].checkpoint, Some(Checkpoint::Undecided));
    let f = findings(&doc, kronoberg(), GoalCatalogue::builtin(), Lang::Sv);
    assert!(
        f.iter()
            .any(|f| f.title == "Hållplatsen efter steg A är inte beslutad")
    );
    assert!(
        f.iter().all(
            |f| f.source == FindingSource::Method && f.kind == crate::FindingKind::Ofullstandig
        )
    );
}

#[test]
fn a_revision_at_a_checkpoint_is_where_the_assessment_stands_and_later_decisions_count() {
    let mut doc = fixture("laddinfrastruktur.toml");
    assert_eq!(
        status(&doc, kronoberg()).state,
        State::Revising("C".parse().unwrap())
    );
    // The iterative process: a later decision at the same checkpoint supersedes, and the
    // earlier one stays in the document.
    let mut again = doc.hallplatser[1].clone();
    again.beslut = Some(crate::Beslut::Fortsatt);
    doc.hallplatser.push(again);
    let s = status(&doc, kronoberg());
    assert_eq!(
        s.steps[2].checkpoint,
        Some(Checkpoint::Decided {
            beslut: crate::Beslut::Fortsatt,
            index: 2
        })
    );
    assert_eq!(doc.hallplatser.len(), 3);
    assert_ne!(s.state, State::Revising("C".parse().unwrap()));
}

#[test]
fn a_stop_at_a_checkpoint_stops_the_assessment() {
    let mut doc = fixture("vaginvestering.toml");
    doc.hallplatser[0].beslut = Some(crate::Beslut::Avsluta);
    assert_eq!(
        status(&doc, kronoberg()).state,
        State::Stopped("A".parse().unwrap())
    );
}

#[test]
fn a_complete_assessment_is_complete() {
    let mut doc = fixture("laddinfrastruktur.toml");
    let k = kronoberg();
    // Fill in what the example lacks: every support question answered, every checkpoint
    // decided to continue, every key with a measure and an indicator with targets.
    doc.svar = k
        .fraga
        .iter()
        .filter(|q| q.is_support_question())
        .map(|q| crate::Svar {
            fraga: q.id.clone(),
            status: crate::Svarsstatus::EjRelevant,
            svar: None,
        })
        .collect();
    doc.hallplatser[1].beslut = Some(crate::Beslut::Fortsatt);
    for k in doc.nycklar.clone() {
        doc.indikatorer.push(crate::Indikator {
            id: crate::IndikatorId::new(format!("i-{}", k.id)).unwrap(),
            namn: "n".into(),
            enhet: "antal".into(),
            nyckel: k.id.clone(),
            utgangsvarde: Some(1.0),
            utgangsar: Some(2025),
            malvarde: Some(2.0),
            malar: Some(2028),
            kolada: None,
        });
    }
    doc.indikatorer
        .retain(|i| i.utgangsvarde.is_some() && i.malvarde.is_some() && i.malar.is_some());
    let s = status(&doc, k);
    assert!(
        s.steps.iter().all(|s| s.missing.is_empty()),
        "{:?}",
        s.steps
    );
    assert_eq!(s.state, State::Complete);
}

#[test]
fn the_suggested_overall_assessment_weighs_handled_negative_effects_half() {
    let doc = fixture("laddinfrastruktur.toml");
    let s = suggested_overall(&doc, GoalCatalogue::builtin());
    let eco = s
        .iter()
        .find(|s| s.dimension == Dimension::Ekonomisk)
        .unwrap();
    // 9.1 (+2); 10.2 (−1, measure) and 12.2 (−2, measure and position) are handled.
    assert_eq!(
        (eco.positive, eco.negative_unhandled, eco.negative_handled),
        (2, 0, 3)
    );
    assert_eq!(eco.utfall, Utfall::Bidrar);
}

#[test]
fn an_effect_that_falls_on_a_group_counts_in_the_social_dimension_too() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let on_sami =
        |e: &&crate::Effekt| e.mal.as_str() == "15.5" && e.grupper.contains(&crate::Grupp::Samer);
    let effect = doc
        .effekter
        .iter()
        .find(on_sami)
        .expect("15.5 falls on the Sami");
    let s = suggested_overall(&doc, GoalCatalogue::builtin());
    let of = |d: Dimension| s.iter().find(|s| s.dimension == d).unwrap();
    let strength = u32::from(effect.styrka.get());
    // Counted where its goal is (ecological), and as a social effect too.
    assert!(of(Dimension::Ekologisk).negative_unhandled >= strength);
    let mut without = doc.clone();
    without.effekter.retain(|e| !on_sami(&e));
    let s2 = suggested_overall(&without, GoalCatalogue::builtin());
    let social = |s: &[crate::method::Suggested]| {
        let x = s.iter().find(|s| s.dimension == Dimension::Social).unwrap();
        x.negative_unhandled + x.negative_handled
    };
    assert_eq!(social(&s) - social(&s2), strength);
}

#[test]
fn an_overall_assessment_against_the_effects_is_a_finding() {
    let mut doc = fixture("foretagsstod-skog.toml");
    doc.samlad_bedomning.ekologisk.as_mut().unwrap().bedomning = Utfall::Bidrar;
    let f = findings(&doc, kronoberg(), GoalCatalogue::builtin(), Lang::Sv);
    let against = f
        .iter()
        .find(|f| f.title == "Samlad bedömning (ekologisk) går emot effekterna")
        .unwrap();
    assert_eq!(against.evidence[0].pointer, "/samlad_bedomning/ekologisk");
    assert!(
        against.explanation.contains("motverkar/hindrar"),
        "{}",
        against.explanation
    );
}

#[test]
fn a_position_taken_counts_as_handling_a_negative_effect() {
    let doc = fixture("kommersiell-service.toml");
    let drivmedel = doc
        .effekter
        .iter()
        .find(|e| e.id.as_str() == "drivmedel")
        .unwrap();
    assert!(Handled::new(&doc, GoalCatalogue::builtin()).contains(drivmedel));
}

#[test]
fn stakeholders_fall_in_the_four_quadrants() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let q: Vec<(&str, Quadrant)> = doc
        .intressenter
        .iter()
        .map(|s| (s.id.as_str(), quadrant(s)))
        .collect();
    assert_eq!(
        q,
        [
            ("bolaget", Quadrant::HanteraNara),
            ("lansstyrelsen", Quadrant::HallNojd),
            ("kommunen", Quadrant::HanteraNara),
            ("sameby", Quadrant::HallInformerad),
            ("sametinget", Quadrant::HallInformerad),
        ]
    );
}

#[test]
fn a_requirement_several_steps_share_is_reported_once() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let f = findings(&doc, kronoberg(), GoalCatalogue::builtin(), Lang::Sv);
    let positions = f
        .iter()
        .filter(|f| {
            f.title
                .ends_with("ställningstagande till varje målkonflikt")
        })
        .count();
    assert_eq!(
        positions, 1,
        "A and B both require positions; reported at A only"
    );
}

#[test]
fn an_undecided_checkpoint_is_serious_only_once_later_steps_have_content() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let f = findings(&doc, kronoberg(), GoalCatalogue::builtin(), Lang::Sv);
    let severity = |step: &str| {
        f.iter()
            .find(|f| f.title == format!("Hållplatsen efter steg {step} är inte beslutad"))
            .unwrap()
            .severity
    };
    // B has effects after A; D (after C) is empty — "every key has a measure" holds
    // vacuously there and must not count as work begun.
    assert_eq!(severity("A"), crate::Severity::Allvarlig);
    assert_eq!(severity("C"), crate::Severity::Varning);
}

#[test]
fn a_step_is_not_done_while_a_serious_finding_about_it_stands() {
    let mut doc = fixture("vindkraft-renskotsel.toml");
    let profile = Profile::for_document(&doc).unwrap();
    let rules = crate::rules::RuleSet::standard().unwrap();
    let assessor = crate::assess::Assessor::new(&rules);
    let stakeholder_step = profile
        .steg
        .iter()
        .position(|s| s.kraver.contains(&Requirement::Intressenter))
        .unwrap();
    // The Sami villages take part: no serious finding about the stakeholders.
    for s in &mut doc.intressenter {
        if s.kategori == crate::IntressentKategori::SamiskaSamhallet {
            s.involverad = true;
        }
    }
    let before = status_given(&doc, profile, &assessor.findings(&doc, Lang::Sv));
    assert!(
        before.steps[stakeholder_step].serious.is_empty(),
        "{:?}",
        before.steps[stakeholder_step]
    );
    // Nobody from the Sami community takes part, in the reindeer-husbandry area.
    for s in &mut doc.intressenter {
        if s.kategori == crate::IntressentKategori::SamiskaSamhallet {
            s.involverad = false;
        }
    }
    let findings = assessor.findings(&doc, Lang::Sv);
    let serious: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Allvarlig && f.kind == FindingKind::SaknadIntressent)
        .collect();
    assert!(!serious.is_empty(), "{findings:#?}");
    let after = status_given(&doc, profile, &findings);
    let step = &after.steps[stakeholder_step];
    assert!(step.serious.contains(&serious[0].title), "{step:?}");
    assert!(!step.done());
    // The requirements alone would call the step done, as they did before.
    assert_eq!(
        status(&doc, profile).steps[stakeholder_step].missing,
        step.missing
    );
    assert_ne!(after.state, State::Complete);
}

#[test]
fn an_unanswered_support_question_is_named_by_its_text() {
    let doc = fixture("vindkraft-renskotsel.toml");
    let profile = Profile::for_document(&doc).unwrap();
    let findings = findings(&doc, profile, GoalCatalogue::builtin(), Lang::Sv);
    let texts: Vec<&str> = findings
        .iter()
        .flat_map(|f| &f.evidence)
        .map(|e| e.text.as_str())
        .filter(|t| t.contains("obesvarad"))
        .collect();
    assert!(!texts.is_empty(), "{findings:#?}");
    let question = profile
        .fraga
        .iter()
        .find(|q| q.is_support_question())
        .unwrap();
    assert!(
        texts.iter().all(|t| !t.contains(question.id.as_str())),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.ends_with(question.text.as_str())),
        "{texts:?}"
    );
}
