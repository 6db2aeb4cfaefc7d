//! A scoring workshop of SEI's *SDG Synergies* method as a document: the targets a
//! region chose, each participant's scores of ordered pairs, and the score agreed for
//! each pair with who decided it. The agreed scores are a cross-impact matrix
//! ([`Workshop::graph`]); the participants' scores show where they disagree
//! ([`Workshop::spread`]).
//!
//! *Bounds:* at most [`MAX_TARGETS`] targets, [`MAX_PARTICIPANTS`] participants,
//! [`MAX_SCORES`] individual scores and [`MAX_TEXT_CHARS`] characters a text, checked by
//! [`Workshop::check`] before anything else is done with the document. Checking is
//! O(t + p + s) with hashing, for t targets, p participants and s scores.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{GoalGraph, Interaction, Score};
use crate::syntax::{Diagnostic, pointer_index};
use crate::{Datum, FormatVersion, GoalCatalogue, GoalId, Lang, Sakerhet};

/// The most targets of a workshop: every target of the 2030 Agenda and more.
pub const MAX_TARGETS: usize = 300;
/// The most participants of a workshop.
pub const MAX_PARTICIPANTS: usize = 200;
/// The most individual scores of a workshop (40 targets, 1 560 pairs, 60 participants).
pub const MAX_SCORES: usize = 100_000;
/// The most characters of a title, name or comment.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// A scoring workshop: targets, participants, their scores and the agreed matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Matrisverkstad")]
pub struct Workshop {
    /// Version of the document format (1).
    pub format_version: FormatVersion,
    /// The workshop's id within its organisation: lower-case letters, digits and `-`.
    #[schemars(length(min = 1, max = 64), regex(pattern = r"^[a-z0-9][a-z0-9-]*$"))]
    pub id: String,
    /// Its name, e.g. "Regionens målnätverk 2026".
    #[schemars(length(min = 1))]
    pub titel: String,
    /// When it was held (the date findings from its matrix name).
    pub datum: Datum,
    /// The chosen targets, in the matrix's order (RUS priorities included).
    pub mal: Vec<GoalId>,
    /// Who takes part.
    #[serde(default)]
    pub deltagare: Vec<String>,
    /// Each participant's scores.
    #[serde(default)]
    pub poang: Vec<ParticipantScore>,
    /// The agreed score of each pair: the matrix.
    #[serde(default)]
    pub beslut: Vec<AgreedScore>,
}

/// One participant's score of how progress on `fran` affects `till`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantScore {
    /// Who scored: one of the workshop's participants.
    pub deltagare: String,
    /// The row's target.
    pub fran: GoalId,
    /// The column's target.
    pub till: GoalId,
    /// The score, −3 … +3.
    pub poang: Score,
    /// Why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
}

/// The score the workshop agreed for a pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreedScore {
    /// The row's target.
    pub fran: GoalId,
    /// The column's target.
    pub till: GoalId,
    /// The score, −3 … +3.
    pub poang: Score,
    /// Why: the interaction's rationale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kommentar: Option<String>,
    /// Who decided it (none when it came from a workbook without that).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beslutad_av: Option<String>,
}

/// The participants' scores of one pair, and the agreed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PairSpread {
    /// The row's target.
    pub fran: GoalId,
    /// The column's target.
    pub till: GoalId,
    /// Each participant's score, in the order of the participants.
    pub scores: Vec<(String, Score)>,
    /// The lowest.
    pub min: Score,
    /// The highest.
    pub max: Score,
    /// The median (the lower of the two middle scores when their number is even).
    pub median: Score,
    /// The agreed score, when there is one.
    pub agreed: Option<Score>,
    /// Whether the pair is one to discuss: scores two or more steps apart (as scores of
    /// opposite signs always are).
    pub disagreement: bool,
}

impl Workshop {
    /// Every problem of the document, each with its JSON pointer: an id that is not
    /// one, an empty title, a target outside `catalogue` or chosen twice, a participant
    /// named twice, a score by someone not taking part, of a target not chosen, on the
    /// diagonal, or twice for the same pair and participant, an agreed score twice for a
    /// pair, and anything over the bounds (then nothing else is checked); said in `lang`.
    pub fn check(&self, catalogue: &GoalCatalogue, lang: Lang) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for (pointer, count, most) in [
            ("/mal", self.mal.len(), MAX_TARGETS),
            ("/deltagare", self.deltagare.len(), MAX_PARTICIPANTS),
            ("/poang", self.poang.len(), MAX_SCORES),
            ("/beslut", self.beslut.len(), MAX_SCORES),
        ] {
            if count > most {
                problems.push(Diagnostic::error(
                    pointer,
                    lang.pick(
                        format!("högst {most} poster; här finns {count}"),
                        format!("at most {most} items; this has {count}"),
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return problems;
        }
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            problems.push(Diagnostic::error(
                "/id",
                lang.pick(
                    format!(
                        "`{}` är inte ett id för en verkstad: 1–64 små bokstäver a–z, siffror och `-`, som börjar med en bokstav eller siffra",
                        self.id
                    ),
                    format!(
                        "`{}` is not a workshop id: 1 to 64 lower-case letters a–z, digits and `-`, starting with a letter or digit",
                        self.id
                    ),
                ),
            ));
        }
        text(&mut problems, "/titel", &self.titel, true, lang);

        let mut chosen = HashSet::new();
        for (i, goal) in self.mal.iter().enumerate() {
            let at = pointer_index("/mal", i);
            if let Err(unknown) = catalogue.resolve(goal) {
                problems.push(
                    Diagnostic::error(
                        at,
                        lang.pick(
                            format!("`{goal}` finns inte i målkatalogen"),
                            format!("`{goal}` is not in the goal catalogue"),
                        ),
                    )
                    .with_help(unknown.help()),
                );
            } else if !chosen.insert(goal) {
                problems.push(Diagnostic::error(
                    at,
                    lang.pick(
                        format!("`{goal}` är valt två gånger; ett mål har en rad och en kolumn"),
                        format!("`{goal}` is chosen twice; a target has one row and one column"),
                    ),
                ));
            }
        }
        let mut people = HashSet::new();
        for (i, who) in self.deltagare.iter().enumerate() {
            let at = pointer_index("/deltagare", i);
            text(&mut problems, &at, who, true, lang);
            if !people.insert(who.trim()) {
                problems.push(Diagnostic::error(
                    at,
                    lang.pick(
                        format!("`{who}` deltar två gånger"),
                        format!("`{who}` takes part twice"),
                    ),
                ));
            }
        }
        let pair = |problems: &mut Vec<Diagnostic>, at: &str, fran: &GoalId, till: &GoalId| {
            let mut ok = true;
            for (field, goal) in [("fran", fran), ("till", till)] {
                if !chosen.contains(goal) {
                    problems.push(Diagnostic::error(
                        format!("{at}/{field}"),
                        lang.pick(
                            format!("`{goal}` är inte ett av verkstadens mål"),
                            format!("`{goal}` is not one of the workshop's targets"),
                        ),
                    ));
                    ok = false;
                }
            }
            if fran == till {
                problems.push(Diagnostic::error(
                    format!("{at}/till"),
                    lang.pick(
                        format!("`{fran}` → `{till}` ligger på diagonalen: ett mål poängsätts inte mot sig självt"),
                        format!("`{fran}` → `{till}` is on the diagonal: a target is not scored against itself"),
                    ),
                ));
                ok = false;
            }
            ok
        };
        let mut scored = HashSet::new();
        for (i, s) in self.poang.iter().enumerate() {
            let at = pointer_index("/poang", i);
            if !people.contains(s.deltagare.trim()) {
                problems.push(Diagnostic::error(
                    format!("{at}/deltagare"),
                    lang.pick(
                        format!("`{}` är inte en av verkstadens deltagare", s.deltagare),
                        format!(
                            "`{}` is not one of the workshop's participants",
                            s.deltagare
                        ),
                    ),
                ));
            }
            if pair(&mut problems, &at, &s.fran, &s.till)
                && !scored.insert((s.deltagare.trim(), &s.fran, &s.till))
            {
                problems.push(Diagnostic::error(
                    at.clone(),
                    lang.pick(
                        format!(
                            "`{}` poängsätter `{}` → `{}` två gånger",
                            s.deltagare, s.fran, s.till
                        ),
                        format!("`{}` scores `{}` → `{}` twice", s.deltagare, s.fran, s.till),
                    ),
                ));
            }
            if let Some(c) = &s.kommentar {
                text(&mut problems, &format!("{at}/kommentar"), c, false, lang);
            }
        }
        let mut agreed = HashSet::new();
        for (i, s) in self.beslut.iter().enumerate() {
            let at = pointer_index("/beslut", i);
            if pair(&mut problems, &at, &s.fran, &s.till) && !agreed.insert((&s.fran, &s.till)) {
                problems.push(Diagnostic::error(
                    at.clone(),
                    lang.pick(
                        format!("`{}` → `{}` har två gemensamma poäng", s.fran, s.till),
                        format!("`{}` → `{}` has two agreed scores", s.fran, s.till),
                    ),
                ));
            }
            if let Some(c) = &s.kommentar {
                text(&mut problems, &format!("{at}/kommentar"), c, false, lang);
            }
            if let Some(who) = &s.beslutad_av {
                text(&mut problems, &format!("{at}/beslutad_av"), who, true, lang);
            }
        }
        problems
    }

    /// A workshop of a matrix read from a file: its goals the targets in order, its
    /// interactions the agreed scores (rationales as comments, nobody named as having
    /// decided), and the participants' scores with the participants they name.
    ///
    /// # Complexity
    /// O(t + e + s) for t targets, e interactions and s individual scores.
    pub fn from_matrix(
        id: String,
        titel: String,
        datum: Datum,
        graph: &GoalGraph,
        poang: Vec<ParticipantScore>,
    ) -> Self {
        let mut seen = HashSet::new();
        let deltagare = poang
            .iter()
            .filter(|s| seen.insert(s.deltagare.as_str()))
            .map(|s| s.deltagare.clone())
            .collect();
        Self {
            format_version: FormatVersion::CURRENT,
            id,
            titel,
            datum,
            mal: graph.goals().cloned().collect(),
            deltagare,
            beslut: graph
                .interactions()
                .map(|(fran, till, i)| AgreedScore {
                    fran: fran.clone(),
                    till: till.clone(),
                    poang: i.score,
                    kommentar: Some(i.rationale.trim().to_owned()).filter(|c| !c.is_empty()),
                    beslutad_av: None,
                })
                .collect(),
            poang,
        }
    }

    /// Where the matrix's interactions come from, as findings name it: the workshop and
    /// its date.
    pub fn source(&self) -> String {
        format!("Matrisverkstad ”{}”, {}", self.titel.trim(), self.datum)
    }

    /// The agreed matrix as a goal graph: every chosen target, each agreed score an
    /// interaction ([`Workshop::interactions`]).
    ///
    /// # Errors
    /// The problems of [`Workshop::check`], when there are any.
    ///
    /// # Complexity
    /// O(t + s + a) for t targets, s individual scores and a agreed scores.
    pub fn graph(&self, catalogue: &GoalCatalogue) -> Result<GoalGraph, Vec<Diagnostic>> {
        let mut graph = GoalGraph::new();
        let mut problems = self.errors(catalogue)?;
        for (i, goal) in self.mal.iter().enumerate() {
            if let Err(e) = graph.add_goal(catalogue, goal) {
                problems.push(Diagnostic::error(pointer_index("/mal", i), e.to_string()));
            }
        }
        for (i, s, interaction) in self.interactions() {
            if let Err(e) = graph.add(catalogue, &s.fran, &s.till, interaction) {
                problems.push(Diagnostic::error(
                    pointer_index("/beslut", i),
                    e.to_string(),
                ));
            }
        }
        if problems.is_empty() {
            Ok(graph)
        } else {
            Err(problems)
        }
    }

    /// Puts the agreed matrix on `graph` as a layer: each pair the workshop agreed on
    /// takes the workshop's score (an agreed 0 removes the pair), every other pair
    /// stays. Returns how many pairs it replaced; on error `graph` is unchanged.
    ///
    /// # Errors
    /// The problems of [`Workshop::check`], when there are any.
    ///
    /// # Complexity
    /// O(t + s + a · d) for d the out-degree in `graph`.
    pub fn layer_on(
        &self,
        graph: &mut GoalGraph,
        catalogue: &GoalCatalogue,
    ) -> Result<usize, Vec<Diagnostic>> {
        let mut problems = self.errors(catalogue)?;
        let mut layered = graph.clone();
        let mut replaced = 0;
        for (i, s, interaction) in self.interactions() {
            match layered.set(catalogue, &s.fran, &s.till, interaction) {
                Ok(before) => replaced += usize::from(before.is_some()),
                Err(e) => {
                    problems.push(Diagnostic::error(
                        pointer_index("/beslut", i),
                        e.to_string(),
                    ));
                }
            }
        }
        if problems.is_empty() {
            *graph = layered;
            Ok(replaced)
        } else {
            Err(problems)
        }
    }

    /// [`Workshop::check`]'s errors as an `Err`, else an empty list to add to.
    fn errors(&self, catalogue: &GoalCatalogue) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let problems = self.check(catalogue, Lang::En);
        if problems.iter().any(Diagnostic::is_error) {
            Err(problems)
        } else {
            Ok(Vec::new())
        }
    }

    /// Each agreed score (with its index) as an interaction: the comment its
    /// rationale, the workshop its source, and a confidence from the participants'
    /// spread — high when they all scored the pair the same, low when they disagree,
    /// medium otherwise or without their scores.
    fn interactions(&self) -> impl Iterator<Item = (usize, &AgreedScore, Interaction)> {
        let spread: HashMap<(GoalId, GoalId), PairSpread> = self
            .spread()
            .into_iter()
            .map(|p| ((p.fran.clone(), p.till.clone()), p))
            .collect();
        let source = self.source();
        self.beslut.iter().enumerate().map(move |(i, s)| {
            let confidence = match spread.get(&(s.fran.clone(), s.till.clone())) {
                Some(p) if p.disagreement => Sakerhet::Lag,
                Some(p) if p.min == p.max && p.scores.len() > 1 => Sakerhet::Hog,
                _ => Sakerhet::Medel,
            };
            let interaction = Interaction {
                score: s.poang,
                rationale: s.kommentar.clone().unwrap_or_default(),
                confidence,
                context: super::Context::default(),
                source: source.clone(),
            };
            (i, s, interaction)
        })
    }

    /// The participants' scores per pair, the pairs to discuss first (by how far apart
    /// the scores are), then in the matrix's order. Pairs nobody scored are left out.
    ///
    /// # Complexity
    /// O(s log s + t) for s individual scores and t targets.
    pub fn spread(&self) -> Vec<PairSpread> {
        let order: HashMap<&GoalId, usize> =
            self.mal.iter().enumerate().map(|(i, g)| (g, i)).collect();
        let agreed: HashMap<(&GoalId, &GoalId), Score> = self
            .beslut
            .iter()
            .map(|s| ((&s.fran, &s.till), s.poang))
            .collect();
        let mut pairs: HashMap<(&GoalId, &GoalId), Vec<(String, Score)>> = HashMap::new();
        for s in &self.poang {
            pairs
                .entry((&s.fran, &s.till))
                .or_default()
                .push((s.deltagare.trim().to_owned(), s.poang));
        }
        let mut out: Vec<PairSpread> = pairs
            .into_iter()
            .filter_map(|((fran, till), scores)| {
                let mut sorted: Vec<Score> = scores.iter().map(|(_, s)| *s).collect();
                sorted.sort_unstable();
                let (min, max) = (*sorted.first()?, *sorted.last()?);
                let median = *sorted.get((sorted.len() - 1) / 2)?;
                Some(PairSpread {
                    fran: fran.clone(),
                    till: till.clone(),
                    // Opposite signs are always two steps or more apart.
                    disagreement: max.value() - min.value() >= 2,
                    agreed: agreed.get(&(fran, till)).copied(),
                    scores,
                    min,
                    max,
                    median,
                })
            })
            .collect();
        let at = |g: &GoalId| order.get(g).copied().unwrap_or(usize::MAX);
        out.sort_by_key(|p| {
            (
                std::cmp::Reverse(p.disagreement),
                std::cmp::Reverse(p.max.value() - p.min.value()),
                at(&p.fran),
                at(&p.till),
            )
        });
        out
    }
}

/// A text of the document: not over [`MAX_TEXT_CHARS`], and not blank when `required`.
fn text(problems: &mut Vec<Diagnostic>, at: &str, value: &str, required: bool, lang: Lang) {
    let chars = value.chars().count();
    if chars > MAX_TEXT_CHARS {
        problems.push(Diagnostic::error(
            at,
            lang.pick(
                format!("högst {MAX_TEXT_CHARS} tecken; här finns {chars}"),
                format!("at most {MAX_TEXT_CHARS} characters; this has {chars}"),
            ),
        ));
    } else if required && value.trim().is_empty() {
        problems.push(Diagnostic::error(
            at,
            lang.pick(
                "förväntade en text som inte är tom",
                "expected a non-empty text",
            ),
        ));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::*;

    fn id(s: &str) -> GoalId {
        GoalId::new(s).unwrap()
    }

    fn workshop() -> Workshop {
        serde_json::from_value(serde_json::json!({
            "format_version": 1,
            "id": "jh-2026",
            "titel": "Regionens målnätverk",
            "datum": "2026-11-20",
            "mal": ["7.2", "15.5", "8.2"],
            "deltagare": ["Anna", "Björn", "Cecilia"],
            "poang": [
                { "deltagare": "Anna", "fran": "7.2", "till": "15.5", "poang": -2 },
                { "deltagare": "Björn", "fran": "7.2", "till": "15.5", "poang": 1 },
                { "deltagare": "Cecilia", "fran": "7.2", "till": "15.5", "poang": -1 },
                { "deltagare": "Anna", "fran": "7.2", "till": "8.2", "poang": 2 },
                { "deltagare": "Björn", "fran": "7.2", "till": "8.2", "poang": 2 }
            ],
            "beslut": [
                { "fran": "7.2", "till": "15.5", "poang": -1, "kommentar": "Vindkraft tar mark", "beslutad_av": "Anna" },
                { "fran": "7.2", "till": "8.2", "poang": 2, "beslutad_av": "Anna" }
            ]
        }))
        .unwrap()
    }

    #[test]
    fn the_agreed_scores_are_the_matrix_named_by_the_workshop_and_its_date() {
        let w = workshop();
        let g = w.graph(GoalCatalogue::builtin()).unwrap();
        assert_eq!(g.goal_count(), 3);
        let i = g.interaction(&id("7.2"), &id("15.5")).unwrap();
        assert_eq!(i.score, Score::Constraining);
        assert_eq!(i.rationale, "Vindkraft tar mark");
        assert_eq!(
            i.source,
            "Matrisverkstad ”Regionens målnätverk”, 2026-11-20"
        );
        // Scores of opposite signs: low confidence; the same from all: high.
        assert_eq!(i.confidence, Sakerhet::Lag);
        assert_eq!(
            g.interaction(&id("7.2"), &id("8.2")).unwrap().confidence,
            Sakerhet::Hog
        );
    }

    #[test]
    fn pairs_the_participants_disagree_on_come_first() {
        let spread = workshop().spread();
        assert_eq!(spread.len(), 2);
        let first = &spread[0];
        assert_eq!((first.fran.as_str(), first.till.as_str()), ("7.2", "15.5"));
        assert!(first.disagreement);
        assert_eq!(
            (first.min, first.median, first.max),
            (Score::Counteracting, Score::Constraining, Score::Enabling)
        );
        assert_eq!(first.agreed, Some(Score::Constraining));
        assert!(!spread[1].disagreement);
    }

    #[test]
    fn every_problem_is_named_with_its_place() {
        let mut w = workshop();
        w.id = "Jämtland".into();
        w.mal.push(id("99.9"));
        w.mal.push(id("8.2"));
        w.deltagare.push("Anna".into());
        w.poang.push(ParticipantScore {
            deltagare: "Okänd".into(),
            fran: id("8.2"),
            till: id("8.2"),
            poang: Score::Enabling,
            kommentar: None,
        });
        w.poang.push(w.poang[0].clone());
        w.beslut.push(w.beslut[0].clone());
        w.beslut.push(AgreedScore {
            fran: id("1.1"),
            till: id("7.2"),
            poang: Score::Enabling,
            kommentar: Some("x".repeat(MAX_TEXT_CHARS + 1)),
            beslutad_av: None,
        });
        let problems = w.check(GoalCatalogue::builtin(), Lang::En);
        let places: Vec<&str> = problems.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            places,
            [
                "/id",
                "/mal/3",
                "/mal/4",
                "/deltagare/3",
                "/poang/5/deltagare",
                "/poang/5/till",
                "/poang/6",
                "/beslut/2",
                "/beslut/3/fran",
                "/beslut/3/kommentar"
            ],
            "{problems:#?}"
        );
        assert!(
            problems[5].message.contains("diagonal"),
            "{}",
            problems[5].message
        );
        assert!(w.graph(GoalCatalogue::builtin()).is_err());
    }

    #[test]
    fn a_matrix_read_from_a_file_becomes_a_workshop_with_the_same_matrix() {
        let w = workshop();
        let catalogue = GoalCatalogue::builtin();
        let g = w.graph(catalogue).unwrap();
        let back =
            Workshop::from_matrix(w.id.clone(), w.titel.clone(), w.datum, &g, w.poang.clone());
        assert!(back.check(catalogue, Lang::En).is_empty());
        assert_eq!(back.mal, w.mal);
        assert_eq!(back.deltagare, w.deltagare);
        assert_eq!(
            super::super::to_csv(&back.graph(catalogue).unwrap()),
            super::super::to_csv(&g)
        );
    }

    #[test]
    fn the_agreed_matrix_layers_on_the_standard_interactions() {
        let catalogue = GoalCatalogue::builtin();
        let mut g = GoalGraph::standard().unwrap();
        let before = g.interaction_count();
        let replaced = workshop().layer_on(&mut g, catalogue).unwrap();
        assert_eq!(replaced, 1, "7.2 → 15.5 is a standard pair");
        let i = g.interaction(&id("7.2"), &id("15.5")).unwrap();
        assert_eq!(i.score, Score::Constraining);
        assert!(i.source.starts_with("Matrisverkstad"));
        assert_eq!(g.interaction_count(), before + 1);
        // An agreed 0 takes the pair away.
        let mut w = workshop();
        w.beslut[0].poang = Score::Consistent;
        let mut g = GoalGraph::standard().unwrap();
        w.layer_on(&mut g, catalogue).unwrap();
        assert_eq!(g.interaction(&id("7.2"), &id("15.5")), None);
    }

    #[test]
    fn a_document_over_its_bounds_is_refused_before_it_is_read() {
        let mut w = workshop();
        w.mal = vec![id("7.2"); MAX_TARGETS + 1];
        let problems = w.check(GoalCatalogue::builtin(), Lang::En);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pointer, "/mal");
    }
}
