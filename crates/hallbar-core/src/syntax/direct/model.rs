//! The assessment read by code that knows its fields: the portfolio's reader.
//!
//! serde's derived code reads a struct through a chain of generic calls per field (a
//! map access, a key seed, a field identifier visitor, a value seed). Here each struct
//! of the model matches its keys directly and reads its values into the memory the
//! previous document left, strings and optional parts included (serde replaces an
//! `Option<String>` instead of reusing it). Values without parts (ids, dates, numbers,
//! enums) are still read by their serde implementations, which check them. Measured on
//! generated portfolios: 2 % fewer instructions than serde's derived code through the
//! same reader, 3–10 % less time (docs/performance.md) — most of reading is per string
//! (finding its end, checking ids, copying), which both pay alike.
//!
//! The model is listed once more here, field by field, in [`model!`]: a struct whose
//! list misses a field does not compile (the list builds the struct), and a field read
//! as required that serde treats as optional, or the reverse, is caught by the
//! differential tests, which hold this reader to serde's on every text (what is
//! accepted, and the document it gives).

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::{Deserialize, de};

use super::{Reader, Result, Text};
use crate::{
    Atgard, AtgardId, Beslut, Datum, Dimension, Dimensionsbedomning, Effekt, EffektId, Effekttyp,
    FormatVersion, FragaId, Geografi, GoalId, Grupp, Hallbarhetsnyckel, Hallbarhetssakring,
    Hallning, Hallplats, Indikator, IndikatorId, Insats, InsatsId, InsatsTyp, Intressekonflikt,
    Intressent, IntressentId, IntressentKategori, KoladaKpiId, KommunKod, KonfliktId,
    Kunskapslucka, KunskapsluckaId, LanKod, Malkonflikt, Niva, NyckelId, Omradestyp, Paverkan,
    Period, ProfilId, Riktning, RusPaverkan, Sakerhet, SamladBedomning, Sektor, StegId, Stodomrade,
    StrategiskInriktning, Styrka, Svar, Svarsstatus, Utfall,
};

/// Reads the JSON text `text` into `place`, reusing the memory of the document it holds.
/// The result is the document [`read_json`](super::read_json) gives, and the same texts
/// are refused. On an error `place` is left part old, part new.
pub(crate) fn read_assessment_into(text: &str, place: &mut Hallbarhetssakring) -> Result<()> {
    let mut reader = Reader::new(text);
    place.read_into(&mut reader).map_err(|e| reader.locate(e))?;
    reader.end()
}

/// Reads the JSON text `text` as an assessment, as [`read_assessment_into`] does.
pub(crate) fn read_assessment(text: &str) -> Result<Hallbarhetssakring> {
    let mut reader = Reader::new(text);
    let doc = Hallbarhetssakring::read_new(&mut reader).map_err(|e| reader.locate(e))?;
    reader.end()?;
    Ok(doc)
}

/// A part of the model read from JSON: into memory a value already has, or new.
trait ReadInto<'de>: Sized {
    fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()>;
    fn read_new(r: &mut Reader<'de>) -> Result<Self>;
}

impl<'de> Reader<'de> {
    /// Reads an object, handing each key to `field` with the reader at its value.
    #[inline]
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        if self.peek_value()? != b'{' {
            return Err(self.invalid_type(&"an object"));
        }
        self.enter()?;
        let mut first = true;
        while self.next_key(first)? {
            first = false;
            let key = match self.string()? {
                Text::Borrowed(key) => Cow::Borrowed(key),
                Text::Copied(key) => Cow::Owned(key.to_owned()),
            };
            self.colon()?;
            field(self, &key)?;
        }
        self.close(b'}', "an object")
    }

    /// Reads a list, handing each element's position to `element` with the reader at
    /// the element; gives the number of elements.
    #[inline]
    fn list(&mut self, mut element: impl FnMut(&mut Self, usize) -> Result<()>) -> Result<usize> {
        if self.peek_value()? != b'[' {
            return Err(self.invalid_type(&"a list"));
        }
        self.enter()?;
        let mut n = 0;
        while self.next_element(n == 0)? {
            element(self, n)?;
            n += 1;
        }
        self.close(b']', "a list")?;
        Ok(n)
    }
}

impl<'de> ReadInto<'de> for String {
    #[inline]
    fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
        if r.peek_value()? != b'"' {
            return Err(r.invalid_type(&"a string"));
        }
        let text = match r.string()? {
            Text::Borrowed(s) | Text::Copied(s) => s,
        };
        self.clear();
        self.push_str(text);
        Ok(())
    }

    fn read_new(r: &mut Reader<'de>) -> Result<Self> {
        let mut s = String::new();
        s.read_into(r)?;
        Ok(s)
    }
}

impl<'de, T: ReadInto<'de>> ReadInto<'de> for Option<T> {
    #[inline]
    fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
        if r.peek_value()? == b'n' {
            r.expect_literal("null")?;
            *self = None;
            return Ok(());
        }
        match self {
            Some(value) => value.read_into(r),
            None => {
                *self = Some(T::read_new(r)?);
                Ok(())
            }
        }
    }

    fn read_new(r: &mut Reader<'de>) -> Result<Self> {
        let mut value = None;
        value.read_into(r)?;
        Ok(value)
    }
}

impl<'de, T: ReadInto<'de>> ReadInto<'de> for Vec<T> {
    fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
        let n = r.list(|r, i| match self.get_mut(i) {
            Some(element) => element.read_into(r),
            None => {
                self.push(T::read_new(r)?);
                Ok(())
            }
        })?;
        self.truncate(n);
        Ok(())
    }

    fn read_new(r: &mut Reader<'de>) -> Result<Self> {
        let mut list = Vec::new();
        list.read_into(r)?;
        Ok(list)
    }
}

/// Values without parts, read (and checked) by their serde implementations.
macro_rules! by_serde {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> ReadInto<'de> for $t {
            #[inline]
            fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
                Deserialize::deserialize_in_place(r, self)
            }

            #[inline]
            fn read_new(r: &mut Reader<'de>) -> Result<Self> {
                Deserialize::deserialize(r)
            }
        }
    )*};
}

by_serde!(bool, u16, u64, f64, FormatVersion, Styrka, Niva);

/// Values written as a string (ids, dates, enums), read by their serde implementations
/// from the string alone: serde's calls through a deserializer that holds nothing but
/// the string are resolved at compile time. Anything else (an enum written as an
/// object, a value of the wrong kind) goes to the reader, as in [`by_serde`].
macro_rules! from_string {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> ReadInto<'de> for $t {
            #[inline]
            fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
                if r.peek_value()? != b'"' {
                    return Deserialize::deserialize_in_place(r, self);
                }
                match r.string()? {
                    Text::Borrowed(s) => {
                        Deserialize::deserialize_in_place(BorrowedStrDeserializer::new(s), self)
                    }
                    Text::Copied(s) => Deserialize::deserialize_in_place(StrDeserializer::new(s), self),
                }
            }

            #[inline]
            fn read_new(r: &mut Reader<'de>) -> Result<Self> {
                if r.peek_value()? != b'"' {
                    return Deserialize::deserialize(r);
                }
                match r.string()? {
                    Text::Borrowed(s) => Deserialize::deserialize(BorrowedStrDeserializer::new(s)),
                    Text::Copied(s) => Deserialize::deserialize(StrDeserializer::new(s)),
                }
            }
        }
    )*};
}

from_string!(
    Datum,
    // Ids.
    AtgardId,
    EffektId,
    FragaId,
    GoalId,
    IndikatorId,
    InsatsId,
    IntressentId,
    KoladaKpiId,
    KommunKod,
    KonfliktId,
    KunskapsluckaId,
    LanKod,
    NyckelId,
    ProfilId,
    StegId,
    // Enums.
    Beslut,
    Dimension,
    Effekttyp,
    Grupp,
    Hallning,
    InsatsTyp,
    IntressentKategori,
    Omradestyp,
    Paverkan,
    Riktning,
    Sakerhet,
    Sektor,
    Stodomrade,
    Svarsstatus,
    Utfall,
);

/// A struct of the model, field by field; `#[default]` marks a field that may be
/// missing (serde's `#[serde(default)]`), which then takes its type's default. Every
/// struct refuses unknown fields, as all of the model's do (`deny_unknown_fields`).
macro_rules! model {
    ($($name:ident { $($(#[$default:ident])? $field:ident: $ty:ty),* $(,)? })*) => {$(
        impl<'de> ReadInto<'de> for $name {
            fn read_into(&mut self, r: &mut Reader<'de>) -> Result<()> {
                const FIELDS: &[&str] = &[$(stringify!($field)),*];
                $(let mut $field = false;)*
                r.object(|r, key| match key {
                    $(stringify!($field) => {
                        if std::mem::replace(&mut $field, true) {
                            return Err(r.locate(de::Error::duplicate_field(stringify!($field))));
                        }
                        self.$field.read_into(r)
                    })*
                    _ => Err(r.locate(de::Error::unknown_field(key, FIELDS))),
                })?;
                $(if !$field {
                    model!(@missing r, $($default)?, $field, self.$field = Default::default());
                })*
                Ok(())
            }

            fn read_new(r: &mut Reader<'de>) -> Result<Self> {
                const FIELDS: &[&str] = &[$(stringify!($field)),*];
                $(let mut $field: Option<$ty> = None;)*
                r.object(|r, key| match key {
                    $(stringify!($field) => {
                        if $field.is_some() {
                            return Err(r.locate(de::Error::duplicate_field(stringify!($field))));
                        }
                        $field = Some(<$ty>::read_new(r)?);
                        Ok(())
                    })*
                    _ => Err(r.locate(de::Error::unknown_field(key, FIELDS))),
                })?;
                $(let $field = match $field {
                    Some(value) => value,
                    None => {
                        model!(@missing r, $($default)?, $field, Default::default())
                    }
                };)*
                Ok(Self { $($field),* })
            }
        }
    )*};
    // A field that is not in the text: its default, or an error.
    (@missing $r:ident, default, $field:ident, $fill:expr) => { $fill };
    (@missing $r:ident, , $field:ident, $fill:expr) => {
        return Err($r.locate(de::Error::missing_field(stringify!($field))))
    };
}

model! {
    Hallbarhetssakring {
        format_version: FormatVersion,
        #[default] metod: Option<ProfilId>,
        insats: Insats,
        #[default] strategisk_inriktning: StrategiskInriktning,
        #[default] effekter: Vec<Effekt>,
        #[default] malkonflikter: Vec<Malkonflikt>,
        #[default] svar: Vec<Svar>,
        #[default] kunskapsluckor: Vec<Kunskapslucka>,
        #[default] intressenter: Vec<Intressent>,
        #[default] intressekonflikter: Vec<Intressekonflikt>,
        #[default] nycklar: Vec<Hallbarhetsnyckel>,
        #[default] atgarder: Vec<Atgard>,
        #[default] indikatorer: Vec<Indikator>,
        #[default] hallplatser: Vec<Hallplats>,
        #[default] samlad_bedomning: SamladBedomning,
    }
    Insats {
        id: InsatsId,
        titel: String,
        #[default] beskrivning: String,
        typ: InsatsTyp,
        agare: String,
        #[default] geografi: Geografi,
        #[default] sektorer: Vec<Sektor>,
        #[default] period: Option<Period>,
        #[default] budget_sek: Option<u64>,
    }
    Geografi {
        #[default] lan: Vec<LanKod>,
        #[default] kommuner: Vec<KommunKod>,
        #[default] omraden: Vec<Omradestyp>,
        #[default] renskotselomrade: Option<bool>,
        #[default] platser: Vec<String>,
    }
    Period {
        start: Datum,
        #[default] slut: Option<Datum>,
    }
    StrategiskInriktning {
        #[default] bidrag_malbild: String,
        #[default] relevans: String,
        #[default] prioriteringar: Vec<RusPaverkan>,
    }
    RusPaverkan {
        prioritet: GoalId,
        paverkan: Paverkan,
        #[default] motivering: String,
    }
    Effekt {
        id: EffektId,
        mal: GoalId,
        riktning: Riktning,
        styrka: Styrka,
        typ: Effekttyp,
        motivering: String,
        #[default] grupper: Vec<Grupp>,
        #[default] geografi: Vec<Omradestyp>,
        #[default] utanfor_sverige: bool,
        sakerhet: Sakerhet,
    }
    Malkonflikt {
        id: KonfliktId,
        mal: Vec<GoalId>,
        beskrivning: String,
        #[default] stallningstagande: Option<String>,
    }
    Svar {
        fraga: FragaId,
        status: Svarsstatus,
        #[default] svar: Option<String>,
    }
    Kunskapslucka {
        id: KunskapsluckaId,
        beskrivning: String,
        #[default] omrade: Option<Stodomrade>,
        #[default] hantering: Option<String>,
    }
    Intressent {
        id: IntressentId,
        namn: String,
        kategori: IntressentKategori,
        makt: Niva,
        intresse: Niva,
        involverad: bool,
        hallning: Hallning,
        #[default] intressen: Option<String>,
    }
    Intressekonflikt {
        id: KonfliktId,
        intressenter: Vec<IntressentId>,
        beskrivning: String,
        #[default] hantering: Option<String>,
    }
    Hallbarhetsnyckel {
        id: NyckelId,
        titel: String,
        #[default] beskrivning: Option<String>,
        #[default] dimensioner: Vec<Dimension>,
        #[default] effekter: Vec<EffektId>,
    }
    Atgard {
        id: AtgardId,
        beskrivning: String,
        #[default] nycklar: Vec<NyckelId>,
        #[default] effekter: Vec<EffektId>,
        #[default] konflikter: Vec<KonfliktId>,
        #[default] ansvarig: Option<String>,
        #[default] klar_senast: Option<Datum>,
    }
    Indikator {
        id: IndikatorId,
        namn: String,
        enhet: String,
        nyckel: NyckelId,
        #[default] utgangsvarde: Option<f64>,
        #[default] utgangsar: Option<u16>,
        #[default] malvarde: Option<f64>,
        #[default] malar: Option<u16>,
        #[default] kolada: Option<KoladaKpiId>,
    }
    Hallplats {
        efter_steg: StegId,
        #[default] beslut: Option<Beslut>,
        #[default] motivering: String,
        #[default] beslutad_av: Option<String>,
        #[default] datum: Option<Datum>,
    }
    SamladBedomning {
        #[default] social: Option<Dimensionsbedomning>,
        #[default] ekologisk: Option<Dimensionsbedomning>,
        #[default] ekonomisk: Option<Dimensionsbedomning>,
        #[default] kvarstaende_fragor: Vec<String>,
        #[default] bedomd_av: Option<String>,
    }
    Dimensionsbedomning {
        bedomning: Utfall,
        #[default] motivering: String,
    }
}
