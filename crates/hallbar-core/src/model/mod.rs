//! The domain model: one assessment (hållbarhetssäkring) of one insats.
//!
//! Names follow the method's Swedish terms (see `docs/ordlista.md`); serialized field
//! names are the same words in ASCII (`malkonflikter`, `atgarder`).

mod analys;
mod beslut;
mod document;
mod finding;
mod insats;
mod intressent;
mod plan;

pub use analys::{
    Dimension, Effekt, Effekttyp, Grupp, Kunskapslucka, Malkonflikt, Paverkan, RangeError,
    Riktning, RusPaverkan, Sakerhet, Stodomrade, StrategiskInriktning, Styrka, Svar, Svarsstatus,
};
pub use beslut::{
    Beslut, Dimensionsbedomning, Forslag, Hallplats, Rekommendation, SamladBedomning, Utfall,
};
pub use document::{FORMAT_VERSION, FormatVersion, FormatVersionError, Hallbarhetssakring};
pub use finding::{Evidence, Finding, FindingKind, FindingSource, Severity, Suggestions, Support};
pub use insats::{Geografi, Insats, InsatsTyp, Omradestyp, Period, Sektor};
pub use intressent::{Hallning, Intressekonflikt, Intressent, IntressentKategori, Niva};
pub use plan::{Atgard, Hallbarhetsnyckel, Indikator};
