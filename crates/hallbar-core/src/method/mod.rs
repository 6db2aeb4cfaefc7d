//! The method as a workflow: where an assessment stands in its region's method, whether
//! it is complete and consistent, a suggested overall assessment per dimension, and the
//! power/interest grid of its stakeholders.
//!
//! The method itself is data ([`Profile`]): Region Kronoberg's steps A–D and Region
//! Jämtland Härjedalen's steps 1–4 are built in; a region adds its own as a file.

mod checks;
mod profile;

pub use checks::{Checkpoint, State, Status, StepStatus, findings, progress, status, status_given};
pub use profile::{
    DEFAULT_PROFILE, Perspective, Profile, ProfileInfo, Question, Requirement, Step,
};

use serde::Serialize;
use strum::IntoEnumIterator as _;

use crate::{Dimension, Effekt, GoalCatalogue, Hallbarhetssakring, Intressent, Riktning, Utfall};

/// Which negative effects of one document are handled: a measure addresses the effect,
/// or a position has been taken on a stated goal conflict that names its goal (or a goal
/// it lies within). Built once per document; asking about each effect is then cheap.
///
/// # Complexity
/// [`Handled::new`] is O(r log r + c) for r references from measures to effects and c
/// goals named by conflicts with a position; [`Handled::contains`] O(log r + g) for the
/// g distinct such goals.
///
/// # Example
/// ```
/// use hallbar_core::{GoalCatalogue, method::Handled};
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/kommersiell-service.toml")).unwrap();
/// let doc: hallbar_core::Hallbarhetssakring = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
/// let handled = Handled::new(&doc, GoalCatalogue::builtin());
/// let drivmedel = doc.effekter.iter().find(|e| e.id.as_str() == "drivmedel").unwrap();
/// assert!(handled.contains(drivmedel), "a position is taken on its conflict");
/// ```
#[derive(Debug)]
pub struct Handled<'a> {
    catalogue: &'a GoalCatalogue,
    /// The effects some measure addresses, sorted.
    measured: Vec<&'a crate::EffektId>,
    /// The goals of stated conflicts with a position, sorted, without repeats.
    positions: Vec<&'a crate::GoalId>,
}

impl<'a> Handled<'a> {
    /// What handles the effects of `doc`.
    pub fn new(doc: &'a Hallbarhetssakring, catalogue: &'a GoalCatalogue) -> Self {
        let mut measured: Vec<_> = doc.atgarder.iter().flat_map(|a| &a.effekter).collect();
        measured.sort_unstable();
        measured.dedup();
        let mut positions: Vec<_> = doc
            .malkonflikter
            .iter()
            .filter(|k| {
                k.stallningstagande
                    .as_deref()
                    .is_some_and(|s| !s.trim().is_empty())
            })
            .flat_map(|k| &k.mal)
            .collect();
        positions.sort_unstable();
        positions.dedup();
        Self {
            catalogue,
            measured,
            positions,
        }
    }

    /// Whether `effect`, an effect of the document, is handled.
    pub fn contains(&self, effect: &Effekt) -> bool {
        self.measured.binary_search(&&effect.id).is_ok()
            || self
                .positions
                .iter()
                .any(|g| self.catalogue.is_related(&effect.mal, g))
    }
}

/// The overall assessment hallbar suggests for one dimension, from the stated effects.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggested {
    /// The dimension.
    pub dimension: Dimension,
    /// The suggested verdict.
    pub utfall: Utfall,
    /// Sum of the strengths of positive effects on goals of the dimension.
    pub positive: u32,
    /// Sum of the strengths of negative effects with no measure or position.
    pub negative_unhandled: u32,
    /// Sum of the strengths of negative effects that are handled; they count half.
    pub negative_handled: u32,
}

impl Suggested {
    /// positive − unhandled − handled/2: above 0 contributes, below counteracts.
    pub fn balance(&self) -> f64 {
        f64::from(self.positive)
            - f64::from(self.negative_unhandled)
            - f64::from(self.negative_handled) / 2.0
    }
}

/// The suggested overall assessment per dimension: *bidrar* when the positive effects
/// outweigh the negative ones, *motverkar* when the negative ones do — a negative effect
/// with a measure or a position counting half — and *påverkar inte* when there are no
/// effects on goals of the dimension or they balance. An effect counts in its goal's
/// dimension, and in the social one too when it names the groups of people it falls on
/// (an effect on 15.5 that falls on the Sami is also a social effect). Cross-cutting
/// goals (SDG 17) count in no dimension of their own. Shown beside the assessor's own
/// verdict; it never replaces it.
///
/// # Example
/// ```
/// use hallbar_core::{Dimension, GoalCatalogue, Utfall, method::suggested_overall};
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/foretagsstod-skog.toml")).unwrap();
/// let doc = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
/// let s = suggested_overall(&doc, GoalCatalogue::builtin());
/// let eco = s.iter().find(|s| s.dimension == Dimension::Ekologisk).unwrap();
/// assert_eq!(eco.utfall, Utfall::Motverkar);
/// ```
pub fn suggested_overall(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue) -> Vec<Suggested> {
    let handled = Handled::new(doc, catalogue);
    Dimension::iter()
        .map(|dimension| {
            let mut s = Suggested {
                dimension,
                utfall: Utfall::PaverkarInte,
                positive: 0,
                negative_unhandled: 0,
                negative_handled: 0,
            };
            for e in doc.effekter.iter().filter(|e| {
                catalogue.dimension(&e.mal) == Some(dimension)
                    || (dimension == Dimension::Social && !e.grupper.is_empty())
            }) {
                let strength = u32::from(e.styrka.get());
                match e.riktning {
                    Riktning::Positiv => s.positive += strength,
                    Riktning::Negativ if handled.contains(e) => s.negative_handled += strength,
                    Riktning::Negativ => s.negative_unhandled += strength,
                }
            }
            let balance = s.balance();
            s.utfall = if balance > 0.0 {
                Utfall::Bidrar
            } else if balance < 0.0 {
                Utfall::Motverkar
            } else {
                Utfall::PaverkarInte
            };
            s
        })
        .collect()
}

/// A quadrant of the power/interest grid, and the strategy it calls for.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::Display,
    strum::EnumIter,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// High power, high interest.
    #[strum(to_string = "Hantera nära", message = "Manage closely")]
    HanteraNara,
    /// High power, low interest.
    #[strum(to_string = "Håll nöjd", message = "Keep satisfied")]
    HallNojd,
    /// Low power, high interest.
    #[strum(to_string = "Håll informerad", message = "Keep informed")]
    HallInformerad,
    /// Low power, low interest.
    #[strum(to_string = "Bevaka", message = "Monitor")]
    Bevaka,
}

/// The quadrant of a stakeholder: power and interest count as high at 4 or 5.
///
/// # Example
/// ```
/// use hallbar_core::method::{Quadrant, quadrant};
/// let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/insatser/vindkraft-renskotsel.toml")).unwrap();
/// let doc: hallbar_core::Hallbarhetssakring = hallbar_core::syntax::parse_as(&text, hallbar_core::syntax::Format::Toml).unwrap();
/// let sameby = doc.intressenter.iter().find(|s| s.id.as_str() == "sameby").unwrap();
/// assert_eq!(quadrant(sameby), Quadrant::HallInformerad);
/// ```
pub fn quadrant(s: &Intressent) -> Quadrant {
    match (s.makt.is_high(), s.intresse.is_high()) {
        (true, true) => Quadrant::HanteraNara,
        (true, false) => Quadrant::HallNojd,
        (false, true) => Quadrant::HallInformerad,
        (false, false) => Quadrant::Bevaka,
    }
}

#[cfg(test)]
mod tests;
