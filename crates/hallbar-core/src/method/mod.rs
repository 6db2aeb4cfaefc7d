//! The method as a workflow: where an assessment stands in its region's method, whether
//! it is complete and consistent, a suggested overall assessment per dimension, and the
//! power/interest grid of its stakeholders.
//!
//! The method itself is data ([`Profile`]): Region Kronoberg's steps A–D and Region
//! Jämtland Härjedalen's steps 1–4 are built in; a region adds its own as a file.

mod checks;
mod profile;

pub use checks::{Checkpoint, State, Status, StepStatus, findings, progress, status};
pub use profile::{
    DEFAULT_PROFILE, Perspective, Profile, ProfileInfo, Question, Requirement, Step,
};

use serde::Serialize;
use strum::IntoEnumIterator as _;

use crate::{Dimension, Effekt, GoalCatalogue, Hallbarhetssakring, Intressent, Riktning, Utfall};

/// Whether the negative effect `effect` of `doc` is handled: a measure addresses it, or a
/// position has been taken on a stated goal conflict that names its goal (or a goal it
/// lies within).
pub fn is_handled(doc: &Hallbarhetssakring, catalogue: &GoalCatalogue, effect: &Effekt) -> bool {
    doc.atgarder.iter().any(|a| a.effekter.contains(&effect.id))
        || doc.malkonflikter.iter().any(|k| {
            k.stallningstagande
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty())
                && k.mal.iter().any(|g| catalogue.is_related(&effect.mal, g))
        })
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
/// effects on goals of the dimension or they balance. Cross-cutting goals (SDG 17) count
/// in none. Shown beside the assessor's own verdict; it never replaces it.
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
    Dimension::iter()
        .map(|dimension| {
            let mut s = Suggested {
                dimension,
                utfall: Utfall::PaverkarInte,
                positive: 0,
                negative_unhandled: 0,
                negative_handled: 0,
            };
            for e in doc
                .effekter
                .iter()
                .filter(|e| catalogue.dimension(&e.mal) == Some(dimension))
            {
                let strength = u32::from(e.styrka.get());
                match e.riktning {
                    Riktning::Positiv => s.positive += strength,
                    Riktning::Negativ if is_handled(doc, catalogue, e) => {
                        s.negative_handled += strength
                    }
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
