//! Where an assessment stands, and what is missing or inconsistent.

use serde::Serialize;

use super::profile::{Profile, Requirement, Step};
use super::suggested_overall;
use crate::{
    Beslut, Evidence, Finding, FindingKind, FindingSource, GoalCatalogue, Hallbarhetssakring,
    Labelled as _, Lang, Severity, StegId, Suggestions, Svarsstatus, Utfall,
};

/// The state of a checkpoint after a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Checkpoint {
    /// No decision yet.
    Undecided,
    /// The latest decision for this checkpoint (earlier ones stay in the document, in
    /// order: the process is iterative).
    Decided {
        /// The decision.
        beslut: Beslut,
        /// Its index in `hallplatser`.
        index: usize,
    },
}

/// One step of the method for one assessment; names are the profile's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepStatus<'p> {
    /// The step.
    pub id: &'p StegId,
    /// Its name.
    pub name: &'p str,
    /// Requirements not met, each with the places that fall short (pointers), empty
    /// when the part is missing altogether.
    pub missing: Vec<(Requirement, Vec<String>)>,
    /// The checkpoint after the step, if the step has one.
    pub checkpoint: Option<Checkpoint>,
    /// The titles of the serious (*allvarlig*) findings about the step's work that
    /// stand: a step is not done while one does ([`Status::hold_back`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub serious: Vec<String>,
}

impl StepStatus<'_> {
    /// Whether every requirement is met, no serious finding about the step stands, and
    /// the checkpoint, if any, decided to continue.
    pub fn done(&self) -> bool {
        self.missing.is_empty()
            && self.serious.is_empty()
            && self.checkpoint.as_ref().is_none_or(|c| {
                matches!(
                    c,
                    Checkpoint::Decided {
                        beslut: Beslut::Fortsatt,
                        ..
                    }
                )
            })
    }
}

/// Where an assessment stands.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "state", content = "step")]
#[non_exhaustive]
pub enum State {
    /// Work is in progress at this step (the first not done).
    InProgress(StegId),
    /// The checkpoint after this step decided to revise (tänka om).
    Revising(StegId),
    /// The checkpoint after this step decided to stop the insats (avsluta).
    Stopped(StegId),
    /// Every step is done and every checkpoint decided to continue.
    Complete,
}

impl State {
    /// Where the assessment stands, in words (`pågår i steg B`).
    pub fn label(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::Complete, Lang::Sv) => "klar".to_owned(),
            (Self::Complete, Lang::En) => "complete".to_owned(),
            (Self::InProgress(s), Lang::Sv) => format!("pågår i steg {s}"),
            (Self::InProgress(s), Lang::En) => format!("in progress at step {s}"),
            (Self::Revising(s), Lang::Sv) => format!("revideras efter hållplatsen efter steg {s}"),
            (Self::Revising(s), Lang::En) => {
                format!("being revised after the checkpoint after step {s}")
            }
            (Self::Stopped(s), Lang::Sv) => format!("avslutad vid hållplatsen efter steg {s}"),
            (Self::Stopped(s), Lang::En) => format!("stopped at the checkpoint after step {s}"),
        }
    }
}

/// The status of an assessment in its method; step ids and names are borrowed from the
/// profile `'p`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Status<'p> {
    /// The profile followed.
    pub profile: &'p str,
    /// Where it stands.
    pub state: State,
    /// Each step.
    pub steps: Vec<StepStatus<'p>>,
}

impl Status<'_> {
    /// Whether the assessment is complete. It cannot be while a checkpoint is undecided.
    pub fn is_complete(&self) -> bool {
        self.state == State::Complete
    }

    /// Holds back the steps that serious findings concern: each *allvarlig* finding of
    /// the main list is named in the first step that requires the work it asks for (a
    /// missing stakeholder or a conflict of interests in the step that lists the
    /// stakeholders, a goal conflict in the one that takes positions on conflicts, a
    /// knowledge gap in the one that handles them), which is then not done; the state
    /// follows. So a step never shows as done while such a finding about it stands.
    ///
    /// # Complexity
    /// O(f · s · r) for f findings, s steps and r requirements per step.
    pub fn hold_back(&mut self, findings: &[Finding], profile: &Profile) {
        self.hold_back_by(
            findings
                .iter()
                .filter(|f| !f.is_secondary())
                .map(|f| (f.kind, f.severity, f.title.as_str())),
            profile,
        );
    }

    /// [`Status::hold_back`] by each finding's kind, severity and title — what the
    /// portfolio has of a rule's match without making the finding.
    ///
    /// # Complexity
    /// As [`Status::hold_back`].
    pub fn hold_back_by<'f>(
        &mut self,
        findings: impl IntoIterator<Item = (FindingKind, Severity, &'f str)>,
        profile: &Profile,
    ) {
        for (kind, _, title) in findings
            .into_iter()
            .filter(|(_, severity, _)| *severity == Severity::Allvarlig)
        {
            let work: &[Requirement] = match kind {
                FindingKind::SaknadIntressent | FindingKind::Intressekonflikt => &[
                    Requirement::Intressenter,
                    Requirement::IntressekonflikterHanterade,
                ],
                FindingKind::Malkonflikt => {
                    &[Requirement::Stallningstaganden, Requirement::Effekter]
                }
                FindingKind::Kunskapslucka => &[Requirement::KunskapsluckorHanterade],
                // Missing parts are the steps' own requirements already; a synergy asks
                // for nothing.
                _ => &[],
            };
            let concerned = profile
                .steg
                .iter()
                .position(|step| step.kraver.iter().any(|r| work.contains(r)));
            if let Some(step) = concerned.and_then(|i| self.steps.get_mut(i)) {
                if !step.serious.iter().any(|t| t == title) {
                    step.serious.push(title.to_owned());
                }
            }
        }
        self.state = state_of(&self.steps);
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The places where `doc` falls short of `req` (`Some(vec![])` when the part is missing
/// altogether, or when `detail` is false), or `None` when the requirement is met.
fn unmet(
    req: Requirement,
    doc: &Hallbarhetssakring,
    profile: &Profile,
    detail: bool,
) -> Option<Vec<String>> {
    // Places are written out only with `detail`: without, finding one is enough.
    fn all<T>(
        detail: bool,
        mut items: impl Iterator<Item = T>,
        place: impl Fn(T) -> String,
    ) -> Option<Vec<String>> {
        if detail {
            let places: Vec<String> = items.map(place).collect();
            (!places.is_empty()).then_some(places)
        } else {
            items.next().map(|_| Vec::new())
        }
    }
    let none_if = |met: bool, place: &str| {
        (!met).then(|| {
            if detail {
                vec![place.to_owned()]
            } else {
                Vec::new()
            }
        })
    };
    match req {
        Requirement::BidragMalbild => none_if(
            !blank(&doc.strategisk_inriktning.bidrag_malbild),
            "/strategisk_inriktning",
        ),
        Requirement::Relevans => none_if(
            !blank(&doc.strategisk_inriktning.relevans),
            "/strategisk_inriktning",
        ),
        Requirement::RusPrioriteringar => none_if(
            !doc.strategisk_inriktning.prioriteringar.is_empty(),
            "/strategisk_inriktning",
        ),
        Requirement::Effekter => none_if(!doc.effekter.is_empty(), "/effekter"),
        Requirement::Grupper => none_if(
            doc.effekter.iter().any(|e| !e.grupper.is_empty()),
            "/effekter",
        ),
        Requirement::Geografi => {
            let g = &doc.insats.geografi;
            none_if(
                !(g.omraden.is_empty() && g.kommuner.is_empty() && g.lan.is_empty()),
                "/insats/geografi",
            )
        }
        Requirement::Stodfragor => {
            let open = profile
                .fraga
                .iter()
                .filter(|q| q.is_support_question())
                .filter(|q| {
                    doc.svar
                        .iter()
                        .find(|s| s.fraga == q.id)
                        .is_none_or(|s| s.status == Svarsstatus::Obesvarad)
                });
            all(detail, open, |q| format!("/svar ({})", q.id))
        }
        Requirement::KunskapsluckorHanterade => all(
            detail,
            doc.kunskapsluckor
                .iter()
                .enumerate()
                .filter(|(_, k)| k.hantering.as_deref().is_none_or(blank)),
            |(i, _)| format!("/kunskapsluckor/{i}"),
        ),
        Requirement::Stallningstaganden => all(
            detail,
            doc.malkonflikter
                .iter()
                .enumerate()
                .filter(|(_, k)| k.stallningstagande.as_deref().is_none_or(blank)),
            |(i, _)| format!("/malkonflikter/{i}"),
        ),
        Requirement::Intressenter => none_if(!doc.intressenter.is_empty(), "/intressenter"),
        Requirement::IntressekonflikterHanterade => all(
            detail,
            doc.intressekonflikter.iter().enumerate().filter(|(_, k)| {
                k.hantering.as_deref().is_none_or(blank)
                    && !doc.atgarder.iter().any(|a| a.konflikter.contains(&k.id))
            }),
            |(i, _)| format!("/intressekonflikter/{i}"),
        ),
        Requirement::Nycklar => none_if(!doc.nycklar.is_empty(), "/nycklar"),
        Requirement::Atgarder => none_if(!doc.atgarder.is_empty(), "/atgarder"),
        Requirement::NycklarMedAtgard => all(
            detail,
            doc.nycklar
                .iter()
                .enumerate()
                .filter(|(_, k)| !doc.atgarder.iter().any(|a| a.nycklar.contains(&k.id))),
            |(i, _)| format!("/nycklar/{i}"),
        ),
        Requirement::NycklarMedIndikator => all(
            detail,
            doc.nycklar
                .iter()
                .enumerate()
                .filter(|(_, k)| !doc.indikatorer.iter().any(|ind| ind.nyckel == k.id)),
            |(i, _)| format!("/nycklar/{i}"),
        ),
        Requirement::IndikatorerMedMal => all(
            detail,
            doc.indikatorer.iter().enumerate().filter(|(_, ind)| {
                ind.utgangsvarde.is_none() || ind.malvarde.is_none() || ind.malar.is_none()
            }),
            |(i, _)| format!("/indikatorer/{i}"),
        ),
        Requirement::SamladBedomning => {
            let s = &doc.samlad_bedomning;
            let places = [
                ("social", &s.social),
                ("ekologisk", &s.ekologisk),
                ("ekonomisk", &s.ekonomisk),
            ]
            .into_iter()
            .filter(|(_, d)| d.as_ref().is_none_or(|d| blank(&d.motivering)));
            all(detail, places, |(name, _)| {
                format!("/samlad_bedomning/{name}")
            })
        }
    }
}

fn checkpoint(doc: &Hallbarhetssakring, step: &Step) -> Option<Checkpoint> {
    if !step.hallplats {
        return None;
    }
    let latest = doc
        .hallplatser
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, h)| h.efter_steg == step.id)
        .find_map(|(i, h)| h.beslut.map(|b| (i, b)));
    Some(match latest {
        Some((index, beslut)) => Checkpoint::Decided { beslut, index },
        None => Checkpoint::Undecided,
    })
}

/// Where `doc` stands in `profile`: each step's unmet requirements and checkpoint, and
/// the state — stopped or revising when a checkpoint's latest decision says so, else the
/// first step not done, else complete. An assessment cannot be complete while a checkpoint is undecided.
///
/// # Example
/// ```
/// use hallbar_core::method::{Profile, State, status};
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/vindkraft-renskotsel.toml")).unwrap();
/// let doc = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
/// let s = status(&doc, Profile::builtin("kronoberg").unwrap());
/// assert_eq!(s.state, State::InProgress("A".parse().unwrap()));
/// assert!(!s.is_complete());
/// ```
pub fn status<'p>(doc: &Hallbarhetssakring, profile: &'p Profile) -> Status<'p> {
    status_of(doc, profile, true)
}

/// [`status`], with the steps that serious findings of `findings` (the assessment's)
/// concern held back ([`Status::hold_back`]): what the editor, the decision basis and the
/// API show, so that a step is never done while a serious finding about it stands.
pub fn status_given<'p>(
    doc: &Hallbarhetssakring,
    profile: &'p Profile,
    findings: &[Finding],
) -> Status<'p> {
    let mut status = status_of(doc, profile, true);
    status.hold_back(findings, profile);
    status
}

/// [`status`] without the places: each unmet requirement comes with an empty list.
/// Cheaper — what a follow-up of many assessments needs.
pub fn progress<'p>(doc: &Hallbarhetssakring, profile: &'p Profile) -> Status<'p> {
    status_of(doc, profile, false)
}

fn status_of<'p>(doc: &Hallbarhetssakring, profile: &'p Profile, detail: bool) -> Status<'p> {
    let steps: Vec<StepStatus<'p>> = profile
        .steg
        .iter()
        .map(|step| StepStatus {
            id: &step.id,
            name: &step.namn,
            missing: step
                .kraver
                .iter()
                .filter_map(|&r| unmet(r, doc, profile, detail).map(|places| (r, places)))
                .collect(),
            checkpoint: checkpoint(doc, step),
            serious: Vec::new(),
        })
        .collect();
    Status {
        profile: profile.profil.id.as_str(),
        state: state_of(&steps),
        steps,
    }
}

/// Where an assessment with these steps stands. A decision at a checkpoint says more
/// than an unfinished step: stopping wins, then revising, then the first step not done.
fn state_of(steps: &[StepStatus<'_>]) -> State {
    let decided = |wanted: Beslut| {
        steps.iter().find(|s| {
            matches!(&s.checkpoint, Some(Checkpoint::Decided { beslut, .. }) if *beslut == wanted)
        })
    };
    if let Some(s) = decided(Beslut::Avsluta) {
        State::Stopped(s.id.clone())
    } else if let Some(s) = decided(Beslut::Revidera) {
        State::Revising(s.id.clone())
    } else if let Some(s) = steps.iter().find(|s| !s.done()) {
        State::InProgress(s.id.clone())
    } else {
        State::Complete
    }
}

fn finding(
    severity: Severity,
    title: String,
    explanation: String,
    evidence: Vec<Evidence>,
) -> Finding {
    Finding {
        kind: FindingKind::Ofullstandig,
        severity,
        goals: Vec::new(),
        source: FindingSource::Method,
        rule: None,
        rules: Vec::new(),
        title,
        explanation,
        evidence,
        paths: Vec::new(),
        sources: Vec::new(),
        suggestions: Suggestions::default(),
        supported_by: Vec::new(),
    }
}

fn evidence(pointer: &str, text: String) -> Evidence {
    Evidence::new(pointer.to_owned(), text)
}

/// The completeness and consistency findings of `doc` in `profile` (kind `ofullstandig`,
/// source `method`): unmet requirements of each step (warnings up to the step in
/// progress, information after it), undecided checkpoints, decisions without motivation
/// or decider, answers to questions the profile does not have, and an overall assessment
/// that goes against what the effects suggest.
pub fn findings(
    doc: &Hallbarhetssakring,
    profile: &Profile,
    catalogue: &GoalCatalogue,
    lang: Lang,
) -> Vec<Finding> {
    let st = status(doc, profile);
    let current = st.steps.iter().position(|s| !s.done());
    let sv = lang == Lang::Sv;
    let mut out = Vec::new();
    let mut reported = std::collections::HashSet::new();
    for (i, (s, step)) in st.steps.iter().zip(&profile.steg).enumerate() {
        let step_name = match lang {
            Lang::Sv => format!("Steg {} {}", s.id, s.name),
            Lang::En => format!(
                "Step {} {}",
                s.id,
                step.namn_en.as_deref().unwrap_or(s.name)
            ),
        };
        let severity = if current.is_none_or(|c| i <= c) {
            Severity::Varning
        } else {
            Severity::Information
        };
        // One finding per step lists everything the step lacks; a requirement several
        // steps share is reported once, at the first.
        let lacking: Vec<_> = s
            .missing
            .iter()
            .filter(|(req, _)| reported.insert(*req))
            .collect();
        if !lacking.is_empty() {
            let whats: Vec<String> = lacking.iter().map(|(req, _)| req.label(lang)).collect();
            let list = whats.join("; ");
            // With one requirement the title names it, with more it counts them.
            let title = match (sv, whats.as_slice()) {
                (true, [one]) => format!("{step_name}: ej uppfyllt – {one}"),
                (true, _) => format!("{step_name}: {} krav ej uppfyllda", whats.len()),
                (false, [one]) => format!("{step_name}: not met – {one}"),
                (false, _) => format!("{step_name}: {} requirements not met", whats.len()),
            };
            let explanation = if sv {
                format!(
                    "Metoden ({}) kräver i {step_name}: {list}.",
                    profile.profil.namn
                )
            } else {
                format!(
                    "The method ({}) requires in {step_name}: {list}.",
                    profile.profil.namn
                )
            };
            let ev = lacking
                .iter()
                .zip(&whats)
                .flat_map(|((_, places), what)| {
                    places.iter().map(move |p| {
                        let (pointer, note) = p
                            .split_once(" (")
                            .map_or((p.as_str(), ""), |(a, b)| (a, b.trim_end_matches(')')));
                        // An unanswered support question by its text, not its id.
                        let question = profile.fraga.iter().find(|q| q.id.as_str() == note).map_or(
                            note,
                            |q| match (sv, &q.text_en) {
                                (false, Some(en)) => en.as_str(),
                                _ => q.text.as_str(),
                            },
                        );
                        let text = if note.is_empty() {
                            what.clone()
                        } else if sv {
                            format!("{what}: obesvarad – {question}")
                        } else {
                            format!("{what}: unanswered – {question}")
                        };
                        evidence(pointer, text)
                    })
                })
                .collect();
            out.push(finding(severity, title, explanation, ev));
        }
        if let Some(Checkpoint::Undecided) = &s.checkpoint {
            // Work has begun after the checkpoint when a later step has something in it
            // (not merely a property that holds while the step is untouched).
            let later_work = profile.steg.iter().skip(i + 1).any(|later| {
                later
                    .kraver
                    .iter()
                    .any(|r| r.is_presence() && unmet(*r, doc, profile, false).is_none())
            });
            let severity = if later_work {
                Severity::Allvarlig
            } else {
                Severity::Varning
            };
            let (title, explanation) = if sv {
                (
                    format!("Hållplatsen efter steg {} är inte beslutad", s.id),
                    format!(
                        "Innan arbetet går vidare ska hållplatsen efter {step_name} beslutas: fortsätt, revidera eller avsluta. En bedömning kan inte vara klar med ett obeslutat hållplatsbeslut.{}",
                        if later_work {
                            " Arbete i senare steg har redan påbörjats."
                        } else {
                            ""
                        }
                    ),
                )
            } else {
                (
                    format!("The checkpoint after step {} is undecided", s.id),
                    format!(
                        "Before work goes on, the checkpoint after {step_name} must be decided: continue, revise or stop. An assessment cannot be complete while a checkpoint is undecided.{}",
                        if later_work {
                            " Later steps have already been started."
                        } else {
                            ""
                        }
                    ),
                )
            };
            out.push(finding(
                severity,
                title,
                explanation,
                vec![evidence("/hallplatser", step.hallplatsfragor.join(" "))],
            ));
        }
    }
    for (i, h) in doc.hallplatser.iter().enumerate() {
        if profile.step(&h.efter_steg).is_none_or(|s| !s.hallplats) {
            let known: Vec<&str> = profile
                .steg
                .iter()
                .filter(|s| s.hallplats)
                .map(|s| s.id.as_str())
                .collect();
            out.push(finding(
                Severity::Varning,
                if sv {
                    format!("Okänd hållplats efter steg {}", h.efter_steg)
                } else {
                    format!("Unknown checkpoint after step {}", h.efter_steg)
                },
                if sv {
                    format!(
                        "Metoden {} har hållplatser efter steg {}.",
                        profile.profil.namn,
                        known.join(", ")
                    )
                } else {
                    format!(
                        "The method {} has checkpoints after steps {}.",
                        profile.profil.namn,
                        known.join(", ")
                    )
                },
                vec![evidence(
                    &format!("/hallplatser/{i}/efter_steg"),
                    h.efter_steg.to_string(),
                )],
            ));
        }
        if h.beslut.is_some()
            && (blank(&h.motivering) || h.beslutad_av.is_none() || h.datum.is_none())
        {
            out.push(finding(
                Severity::Varning,
                if sv { format!("Hållplatsbeslutet efter steg {} saknar motivering, beslutsfattare eller datum", h.efter_steg) } else { format!("The checkpoint decision after step {} lacks a motivation, a decider or a date", h.efter_steg) },
                if sv { "Ett beslut vid en hållplats ska visa varför, vem som beslutade och när.".to_owned() } else { "A checkpoint decision shows why, who decided and when.".to_owned() },
                vec![evidence(&format!("/hallplatser/{i}"), h.beslut.map_or(String::new(), |b| b.label(lang)))],
            ));
        }
    }
    for (i, s) in doc.svar.iter().enumerate() {
        if profile.question(&s.fraga).is_none() {
            out.push(finding(
                Severity::Varning,
                if sv {
                    format!("Okänd fråga `{}`", s.fraga)
                } else {
                    format!("Unknown question `{}`", s.fraga)
                },
                if sv {
                    format!(
                        "Metoden {} har ingen fråga med id `{}`.",
                        profile.profil.namn, s.fraga
                    )
                } else {
                    format!(
                        "The method {} has no question `{}`.",
                        profile.profil.namn, s.fraga
                    )
                },
                vec![evidence(&format!("/svar/{i}/fraga"), s.fraga.to_string())],
            ));
        }
    }
    for suggestion in suggested_overall(doc, catalogue) {
        let Some(own) = doc.samlad_bedomning.get(suggestion.dimension) else {
            continue;
        };
        let opposite = matches!(
            (own.bedomning, suggestion.utfall),
            (Utfall::Bidrar, Utfall::Motverkar) | (Utfall::Motverkar, Utfall::Bidrar)
        );
        if opposite {
            let dim = suggestion.dimension.label(lang).to_lowercase();
            let (title, explanation) = if sv {
                (
                    format!("Samlad bedömning ({dim}) går emot effekterna"),
                    format!(
                        "Bedömningen är {}, men effekterna pekar på {}: positiva {}, negativa utan åtgärd {}, negativa med åtgärd eller ställningstagande {} (räknas till hälften). Motivera avvikelsen eller se över effekterna.",
                        own.bedomning.label(lang).to_lowercase(),
                        suggestion.utfall.label(lang).to_lowercase(),
                        suggestion.positive,
                        suggestion.negative_unhandled,
                        suggestion.negative_handled
                    ),
                )
            } else {
                (
                    format!("Overall assessment ({dim}) goes against the effects"),
                    format!(
                        "The assessment is {}, but the effects point to {}: positive {}, negative without measure {}, negative with a measure or position {} (counting half). Explain the difference or review the effects.",
                        own.bedomning.label(lang).to_lowercase(),
                        suggestion.utfall.label(lang).to_lowercase(),
                        suggestion.positive,
                        suggestion.negative_unhandled,
                        suggestion.negative_handled
                    ),
                )
            };
            let pointer = format!(
                "/samlad_bedomning/{}",
                serde_json::to_value(suggestion.dimension)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            );
            out.push(finding(
                Severity::Varning,
                title,
                explanation,
                vec![evidence(&pointer, own.bedomning.label(lang))],
            ));
        }
    }
    // Negative effects without a measure or position are reported by the rules
    // (`effekt_utan_atgard`, using `Handled`), not twice here.
    out
}
