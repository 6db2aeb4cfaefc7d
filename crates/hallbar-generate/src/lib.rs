//! A synthetic but realistic portfolio of assessments, for benchmarks and tests.
//!
//! Every document is built from one of a dozen kinds of insats seen in Swedish regional
//! development work (tourism, forestry business support, road investment, charging
//! infrastructure, rural service, skills, wind power referrals, food, industry,
//! strategies, broadband, housing) with the effects, stakeholders and plans such an
//! insats typically has, placed in one of the 21 counties, and taken to a random point of
//! its method: some have undecided checkpoints, some negative effects without measures,
//! some keys without indicators — as a real portfolio does.
//!
//! Document `i` of seed `s` depends only on `(s, i)`, so any document can be made again
//! on its own and a portfolio can be generated in parallel.
//!
//! Test data, not domain: the tests, the benchmarks, the peer engines and
//! `hallbar portfolio generate` use it; nothing that checks a real document does.

#![deny(missing_docs)]

use serde_json::{Map, Value, json};

/// A small, fast, well-mixed pseudo-random generator (SplitMix64, Steele, Lea and Flood
/// 2014). Not for secrets.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        // The modulo bias is below 2^-50 for the small `n` used here.
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    /// `true` with probability `percent` / 100.
    fn chance(&mut self, percent: u8) -> bool {
        self.below(100) < usize::from(percent)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + u32::try_from(self.below((hi - lo + 1) as usize)).unwrap_or(0)
    }
}

/// An effect an insats of some kind typically has.
struct TypicalEffect {
    goal: &'static str,
    positive: bool,
    max_strength: u32,
    /// How often it is stated, in percent.
    percent: u8,
    kind: &'static str,
    motivation: &'static str,
    groups: &'static [&'static str],
    outside_sweden: bool,
}

const fn eff(
    goal: &'static str,
    positive: bool,
    max_strength: u32,
    percent: u8,
    kind: &'static str,
    motivation: &'static str,
) -> TypicalEffect {
    TypicalEffect {
        goal,
        positive,
        max_strength,
        percent,
        kind,
        motivation,
        groups: &[],
        outside_sweden: false,
    }
}

const fn with_groups(mut e: TypicalEffect, groups: &'static [&'static str]) -> TypicalEffect {
    e.groups = groups;
    e
}

const fn outside(mut e: TypicalEffect) -> TypicalEffect {
    e.outside_sweden = true;
    e
}

/// A kind of insats and what it typically looks like.
struct Archetype {
    slug: &'static str,
    titles: &'static [&'static str],
    kinds: &'static [&'static str],
    sectors: &'static [&'static str],
    areas: &'static [&'static str],
    /// Whether it may concern the reindeer-husbandry area (in the counties that have it).
    land_use: bool,
    effects: &'static [TypicalEffect],
    stakeholders: &'static [(&'static str, &'static str)],
    key: (&'static str, &'static str),
    indicator: (&'static str, &'static str),
    /// How common it is, relative to the others.
    weight: u32,
}

const ARCHETYPES: &[Archetype] = &[
    Archetype {
        slug: "turism",
        titles: &[
            "Året-runt-destination – sommar- och höstturism",
            "Hållbar besöksnäring i skärgården",
            "Nya vandrings- och cykelleder",
        ],
        kinds: &["projekt", "projektmedel"],
        sectors: &["besoksnaring"],
        areas: &["fjall", "glesbygd", "skargard", "landsbygd"],
        land_use: true,
        effects: &[
            with_groups(
                eff(
                    "8.9",
                    true,
                    3,
                    90,
                    "direkt",
                    "Fler helårsjobb i besöksnäringen.",
                ),
                &["unga", "foretagare"],
            ),
            outside(eff(
                "13",
                false,
                2,
                70,
                "indirekt",
                "Fler resor till destinationen ökar utsläppen.",
            )),
            eff(
                "15",
                false,
                2,
                40,
                "direkt",
                "Ökat besökstryck sliter på känsliga naturmiljöer.",
            ),
            eff("11.4", true, 1, 30, "direkt", "Kulturarvet lyfts fram."),
            eff(
                "14",
                false,
                2,
                25,
                "indirekt",
                "Fler båtar i känsliga vikar.",
            ),
        ],
        stakeholders: &[
            ("foretag", "Besöksnäringsföretag"),
            ("civilsamhalle", "Friluftsorganisationer"),
        ],
        key: ("hallbart-resande", "Minimera klimatpåverkan från resor"),
        indicator: ("helarsjobb", "Helårsanställda i besöksnäringen"),
        weight: 10,
    },
    Archetype {
        slug: "skog",
        titles: &[
            "Investeringsstöd till skogsföretag",
            "Ökad förädling av skogsråvara",
        ],
        kinds: &["foretagsstod"],
        sectors: &["skogsbruk"],
        areas: &["landsbygd", "glesbygd"],
        land_use: true,
        effects: &[
            eff(
                "8.2",
                true,
                2,
                90,
                "direkt",
                "Högre förädlingsvärde i skogsföretagen.",
            ),
            eff(
                "15.2",
                false,
                2,
                60,
                "indirekt",
                "Intensivare avverkning minskar andelen äldre skog.",
            ),
            eff(
                "mkm:12",
                false,
                2,
                40,
                "kumulativ",
                "Levande skogar påverkas tillsammans med andra avverkningar.",
            ),
            eff(
                "13",
                true,
                1,
                30,
                "indirekt",
                "Skogsråvara ersätter fossila material.",
            ),
        ],
        stakeholders: &[
            ("foretag", "Skogsföretag"),
            ("branschorganisation", "Skogsägarförening"),
        ],
        key: (
            "levande-skog",
            "Förädling utan förlust av biologisk mångfald",
        ),
        indicator: ("foradlingsvarde", "Förädlingsvärde per anställd"),
        weight: 8,
    },
    Archetype {
        slug: "vag",
        titles: &[
            "Ombyggnad av riksväg",
            "Ny förbifart",
            "Trafiksäkerhetsåtgärder på länsväg",
        ],
        kinds: &["investering"],
        sectors: &["transport"],
        areas: &["tatort", "tatortsnara_landsbygd", "landsbygd"],
        land_use: false,
        effects: &[
            eff(
                "9.1",
                true,
                3,
                90,
                "direkt",
                "Bättre framkomlighet och tillgänglighet för näringslivet.",
            ),
            eff(
                "11.2",
                false,
                2,
                60,
                "indirekt",
                "Gynnar bil framför kollektivtrafik och cykel.",
            ),
            eff(
                "13",
                false,
                3,
                60,
                "direkt",
                "Ökad vägtrafik ökar utsläppen.",
            ),
            eff("15", false, 1, 30, "direkt", "Barriäreffekter för vilt."),
            eff("3.6", true, 2, 40, "direkt", "Färre trafikolyckor."),
        ],
        stakeholders: &[
            ("myndighet", "Trafikverket"),
            ("medborgare", "Boende längs vägen"),
        ],
        key: (
            "hallbart-resande",
            "Stärk kollektivtrafik och cykel i stråket",
        ),
        indicator: ("kollektivandel", "Kollektivtrafikens andel av resorna"),
        weight: 6,
    },
    Archetype {
        slug: "laddning",
        titles: &[
            "Laddinfrastruktur i landsbygdsnoder",
            "Fossilfria transporter i länet",
        ],
        kinds: &["projekt", "investering"],
        sectors: &["energi", "transport"],
        areas: &["tatort", "landsbygd", "glesbygd"],
        land_use: false,
        effects: &[
            eff(
                "7.2",
                true,
                2,
                70,
                "direkt",
                "Mer förnybar energi i transporterna.",
            ),
            eff(
                "13.2",
                true,
                2,
                80,
                "direkt",
                "Minskade utsläpp från fordon.",
            ),
            eff(
                "11.2",
                true,
                1,
                40,
                "direkt",
                "Laddning möjlig i hela länet.",
            ),
            with_groups(
                eff(
                    "10",
                    false,
                    1,
                    25,
                    "indirekt",
                    "Nyttan tillfaller främst dem som har råd med elbil.",
                ),
                &["lag_inkomst"],
            ),
            outside(eff(
                "12.2",
                false,
                1,
                15,
                "indirekt",
                "Batteriproduktion kräver brytning av råvaror.",
            )),
        ],
        stakeholders: &[
            ("foretag", "Energibolag"),
            ("kommun", "Kommunernas klimatstrateger"),
        ],
        key: ("fossilfritt", "Fossilfria transporter i hela länet"),
        indicator: ("utslapp", "Växthusgasutsläpp totalt per invånare"),
        weight: 6,
    },
    Archetype {
        slug: "service",
        titles: &[
            "Kommersiell service på landsbygden",
            "Servicepunkter i glesbygd",
        ],
        kinds: &["projektmedel", "program"],
        sectors: &["handel_och_service"],
        areas: &["landsbygd", "glesbygd", "skargard"],
        land_use: false,
        effects: &[
            with_groups(
                eff("11", true, 2, 80, "direkt", "Service nära invånarna."),
                &["landsbygdsbor"],
            ),
            with_groups(
                eff(
                    "10.2",
                    true,
                    2,
                    50,
                    "direkt",
                    "Bättre tillgång för äldre och personer utan bil.",
                ),
                &["aldre"],
            ),
            eff(
                "13",
                false,
                1,
                30,
                "indirekt",
                "Varutransporter till servicepunkterna.",
            ),
            eff(
                "8.3",
                true,
                1,
                40,
                "direkt",
                "Lanthandlarna får bättre villkor.",
            ),
        ],
        stakeholders: &[("foretag", "Lanthandlare"), ("civilsamhalle", "Byalag")],
        key: ("hela-lanet", "Service i hela länet"),
        indicator: ("servicepunkter", "Servicepunkter med grundläggande service"),
        weight: 7,
    },
    Archetype {
        slug: "kompetens",
        titles: &[
            "Kompetensförsörjning i industrin",
            "Yrkesutbildning för nyanlända",
            "Validering och omställning",
        ],
        kinds: &["projekt", "program"],
        sectors: &["utbildning"],
        areas: &["stad", "tatort", "landsbygd"],
        land_use: false,
        effects: &[
            eff(
                "4.4",
                true,
                3,
                90,
                "direkt",
                "Fler har kompetens som arbetsmarknaden efterfrågar.",
            ),
            eff("8.5", true, 2, 70, "direkt", "Fler i arbete."),
            with_groups(
                eff(
                    "5.5",
                    true,
                    1,
                    30,
                    "direkt",
                    "Fler kvinnor i tekniska yrken.",
                ),
                &["kvinnor"],
            ),
            with_groups(
                eff(
                    "10.2",
                    true,
                    1,
                    30,
                    "direkt",
                    "Nyanlända kommer snabbare i arbete.",
                ),
                &["utrikesfodda", "nyanlanda"],
            ),
        ],
        stakeholders: &[
            ("myndighet", "Arbetsförmedlingen"),
            ("akademi", "Yrkeshögskolor"),
        ],
        key: ("kompetens", "Rätt kompetens i hela länet"),
        indicator: ("examinerade", "Examinerade som har arbete efter ett år"),
        weight: 9,
    },
    Archetype {
        slug: "vindkraft",
        titles: &[
            "Remissvar: vindkraftspark",
            "Remissvar: vindkraft på skogsmark",
        ],
        kinds: &["remiss"],
        sectors: &["energi"],
        areas: &["glesbygd", "fjall", "landsbygd"],
        land_use: true,
        effects: &[
            eff("7.2", true, 3, 90, "direkt", "Mer förnybar el."),
            eff(
                "13",
                true,
                2,
                80,
                "indirekt",
                "Ersätter fossil el i elsystemet.",
            ),
            with_groups(
                eff(
                    "15.5",
                    false,
                    2,
                    60,
                    "kumulativ",
                    "Stör renbete och flyttleder, tillsammans med andra intrång.",
                ),
                &["samer"],
            ),
            eff(
                "mkm:14",
                false,
                1,
                30,
                "direkt",
                "Påverkan på opåverkade områden.",
            ),
            eff("8", true, 1, 40, "direkt", "Arbeten under byggtiden."),
        ],
        stakeholders: &[
            ("foretag", "Vindkraftsbolaget"),
            ("medborgare", "Närboende"),
        ],
        key: ("samexistens", "Samexistens med rennäringen"),
        indicator: ("betesmark", "Tillgänglig betesmark för rennäringen"),
        weight: 4,
    },
    Archetype {
        slug: "livsmedel",
        titles: &[
            "Livsmedelsstrategi – ökad lokal produktion",
            "Förädling av lokala råvaror",
        ],
        kinds: &["foretagsstod", "projekt"],
        sectors: &["jordbruk", "livsmedel"],
        areas: &["landsbygd", "tatortsnara_landsbygd"],
        land_use: false,
        effects: &[
            eff(
                "2.4",
                true,
                2,
                80,
                "direkt",
                "Högre självförsörjning och hållbar produktion.",
            ),
            eff(
                "8.2",
                true,
                2,
                60,
                "direkt",
                "Lönsammare livsmedelsföretag.",
            ),
            eff(
                "6.3",
                false,
                1,
                40,
                "indirekt",
                "Näringsläckage till vattendrag.",
            ),
            eff(
                "mkm:7",
                false,
                1,
                30,
                "kumulativ",
                "Ökad övergödning tillsammans med annat jordbruk.",
            ),
        ],
        stakeholders: &[
            ("foretag", "Lantbrukare och förädlare"),
            ("branschorganisation", "Lantbrukarnas organisation"),
        ],
        key: ("lokal-mat", "Lokal mat utan ökad övergödning"),
        indicator: (
            "lokal-andel",
            "Andel lokalt producerade livsmedel i offentlig sektor",
        ),
        weight: 5,
    },
    Archetype {
        slug: "industri",
        titles: &[
            "Innovationsstöd till tillverkande företag",
            "Automatisering i små och medelstora företag",
        ],
        kinds: &["foretagsstod"],
        sectors: &["industri"],
        areas: &["stad", "tatort"],
        land_use: false,
        effects: &[
            eff(
                "9.2",
                true,
                2,
                80,
                "direkt",
                "Konkurrenskraftigare industri.",
            ),
            eff(
                "7.3",
                true,
                2,
                30,
                "direkt",
                "Energieffektivisering i produktionen.",
            ),
            eff(
                "8.2",
                true,
                2,
                70,
                "direkt",
                "Högre produktivitet i företagen.",
            ),
            eff("12.2", false, 1, 40, "direkt", "Ökad materialanvändning."),
            eff(
                "13",
                false,
                2,
                40,
                "direkt",
                "Ökad energianvändning i produktionen.",
            ),
            with_groups(
                eff(
                    "5.5",
                    false,
                    1,
                    25,
                    "indirekt",
                    "Stödet går främst till mansdominerade branscher.",
                ),
                &["kvinnor", "man"],
            ),
        ],
        stakeholders: &[
            ("foretag", "Tillverkande företag"),
            ("akademi", "Universitetet"),
        ],
        key: ("resurseffektivt", "Resurseffektiv produktion"),
        indicator: ("energi-per-krona", "Energianvändning per förädlingsvärde"),
        weight: 8,
    },
    Archetype {
        slug: "strategi",
        titles: &[
            "Regional folkhälsostrategi",
            "Kulturplan",
            "Handlingsplan för jämlik hälsa",
        ],
        kinds: &["strategi", "handlingsplan", "process"],
        sectors: &["kultur", "vard_och_omsorg", "offentlig"],
        areas: &["stad", "landsbygd"],
        land_use: false,
        effects: &[
            eff("3.4", true, 2, 80, "direkt", "Bättre psykisk hälsa."),
            with_groups(
                eff(
                    "10.2",
                    true,
                    2,
                    60,
                    "direkt",
                    "Minskade skillnader i hälsa.",
                ),
                &["barn", "unga"],
            ),
            eff("16.7", true, 1, 40, "direkt", "Fler delaktiga i beslut."),
            eff("11.4", true, 1, 30, "direkt", "Kulturarv i hela länet."),
        ],
        stakeholders: &[
            ("civilsamhalle", "Föreningslivet"),
            ("myndighet", "Folkhälsomyndigheten"),
        ],
        key: ("jamlik-halsa", "Jämlik hälsa"),
        indicator: ("psykisk-halsa", "Andel med gott psykiskt välbefinnande"),
        weight: 6,
    },
    Archetype {
        slug: "bredband",
        titles: &["Bredbandsutbyggnad på landsbygden", "Digital infrastruktur"],
        kinds: &["investering", "projekt"],
        sectors: &["digitalisering"],
        areas: &["landsbygd", "glesbygd", "skargard"],
        land_use: false,
        effects: &[
            eff(
                "9.c",
                true,
                3,
                90,
                "direkt",
                "Snabbt bredband i hela länet.",
            ),
            eff(
                "11",
                true,
                1,
                40,
                "direkt",
                "Möjligt att bo och verka på landsbygden.",
            ),
            eff("8", true, 1, 40, "indirekt", "Nya företag på landsbygden."),
            eff("15", false, 1, 20, "direkt", "Grävning i känsliga miljöer."),
        ],
        stakeholders: &[
            ("foretag", "Nätägare"),
            ("civilsamhalle", "Byanätsföreningar"),
        ],
        key: ("uppkoppling", "Uppkoppling i hela länet"),
        indicator: ("bredband", "Andel hushåll med 1 Gbit/s"),
        weight: 5,
    },
    Archetype {
        slug: "bostader",
        titles: &["Bostadsförsörjning i tillväxtorter", "Ny stadsdel"],
        kinds: &["strategi", "projekt"],
        sectors: &["bygg"],
        areas: &["stad", "tatort"],
        land_use: false,
        effects: &[
            eff("11.1", true, 2, 80, "direkt", "Fler bostäder."),
            eff(
                "8",
                true,
                2,
                50,
                "indirekt",
                "Arbetskraft kan flytta dit jobben finns.",
            ),
            eff("15", false, 2, 40, "direkt", "Exploatering av grönområden."),
            eff("13", false, 1, 40, "direkt", "Utsläpp från byggandet."),
            with_groups(
                eff(
                    "10",
                    false,
                    1,
                    25,
                    "indirekt",
                    "Resurserna koncentreras till tillväxtorterna på landsbygdens bekostnad.",
                ),
                &["landsbygdsbor"],
            ),
        ],
        stakeholders: &[
            ("foretag", "Byggföretag"),
            ("medborgare", "Boende i området"),
        ],
        key: ("grona-stader", "Täta och gröna orter"),
        indicator: ("bostader", "Färdigställda bostäder"),
        weight: 5,
    },
];

/// The counties: code, a municipality in each (with a second one where the
/// reindeer-husbandry area reaches), whether the county has reindeer-husbandry land, and a
/// rough relative weight (more insatser in more populous counties).
const COUNTIES: &[(&str, &[&str], bool, u32)] = &[
    ("01", &["0180", "0120"], false, 12),
    ("03", &["0380"], false, 4),
    ("04", &["0484"], false, 3),
    ("05", &["0580", "0581"], false, 4),
    ("06", &["0680"], false, 4),
    ("07", &["0780", "0765"], false, 3),
    ("08", &["0880"], false, 3),
    ("09", &["0980"], false, 2),
    ("10", &["1080"], false, 2),
    ("12", &["1280", "1281"], false, 9),
    ("13", &["1380"], false, 3),
    ("14", &["1480", "1490"], false, 10),
    ("17", &["1780"], false, 3),
    ("18", &["1880"], false, 3),
    ("19", &["1980"], false, 3),
    ("20", &["2080", "2039"], true, 3),
    ("21", &["2180"], false, 3),
    ("22", &["2281", "2284"], true, 3),
    ("23", &["2380", "2321"], true, 3),
    ("24", &["2480", "2481"], true, 3),
    ("25", &["2580", "2584"], true, 4),
];

/// Support questions both built-in method profiles ask.
const QUESTIONS: &[&str] = &[
    "makt.behov",
    "makt.involverade-grupper",
    "makt.barn",
    "makt.geografi",
    "halsa.halsoklyftor",
    "halsa.utbildning",
    "klimat.koldioxid",
    "klimat.energianvandning",
    "klimat.rekyleffekter",
    "klimat.biologisk-mangfald",
    "klimat.utanfor-sverige",
    "resurser.jamstalld-fordelning",
    "resurser.lag-tillgang",
    "resurser.sysselsattning",
];

fn weighted<'a, T>(rng: &mut Rng, items: &'a [T], weight: impl Fn(&T) -> u32) -> Option<&'a T> {
    let total: u32 = items.iter().map(&weight).sum();
    let mut at = rng.between(0, total.saturating_sub(1));
    for item in items {
        let w = weight(item);
        if at < w {
            return Some(item);
        }
        at -= w;
    }
    items.last()
}

/// Makes the synthetic assessments of one seed.
///
/// # Example
/// ```
/// use hallbar_generate::Generator;
/// let generator = Generator::new(7);
/// let first = generator.document(0);
/// assert_eq!(first, generator.document(0), "the same seed and index give the same document");
/// let doc: hallbar_core::Hallbarhetssakring = serde_json::from_value(first).unwrap();
/// assert!(!doc.effekter.is_empty());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Generator {
    seed: u64,
}

impl Generator {
    /// The generator of portfolio `seed`.
    pub fn new(seed: u64) -> Self {
        Self { seed }
    }

    /// Document number `index` of the portfolio, as JSON.
    pub fn document(&self, index: u64) -> Value {
        let mut rng = Rng(self.seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
        // Warm up so that neighbouring indices diverge at once.
        rng.next();
        build(&mut rng, self.seed, index)
    }
}

#[expect(
    clippy::too_many_lines,
    reason = "one document, section by section, reads best in one place"
)]
fn build(rng: &mut Rng, seed: u64, index: u64) -> Value {
    let Some(a) = weighted(rng, ARCHETYPES, |a| a.weight) else {
        return Value::Null;
    };
    let Some(&(lan, kommuner, has_reindeer_land, _)) = weighted(rng, COUNTIES, |c| c.3) else {
        return Value::Null;
    };
    let kommun = rng.pick(kommuner).copied().unwrap_or("0180");
    let kronoberg = match lan {
        "07" => true,
        "23" => false,
        _ => rng.chance(50),
    };
    // The steps after which each profile has a checkpoint.
    let (profile, [first_stop, second_stop]) = if kronoberg {
        ("kronoberg", ["A", "C"])
    } else {
        ("jamtland-harjedalen", ["1", "2"])
    };
    let start_year = rng.between(2021, 2030);
    let years = rng.between(1, 4);
    let area = rng.pick(a.areas).copied().unwrap_or("landsbygd");
    let reindeer = a.land_use && has_reindeer_land && matches!(area, "fjall" | "glesbygd");
    // How far the assessment has come: 0 = strategic direction only … 4 = complete.
    let stage =
        weighted(rng, &[(0, 1), (1, 2), (2, 3), (3, 3), (4, 4)], |s| s.1).map_or(4, |s| s.0);
    // Most assessments that reach the end are done thoroughly: every support question
    // answered, every negative effect and key with a measure, indicators with targets.
    let thorough = stage >= 4 && rng.chance(80);

    let mut effects = Vec::new();
    for (i, t) in a.effects.iter().enumerate() {
        if !rng.chance(t.percent) {
            continue;
        }
        let mut e = Map::new();
        e.insert("id".into(), json!(format!("e{i}")));
        e.insert("mal".into(), json!(t.goal));
        e.insert(
            "riktning".into(),
            json!(if t.positive { "positiv" } else { "negativ" }),
        );
        e.insert("styrka".into(), json!(rng.between(1, t.max_strength)));
        e.insert("typ".into(), json!(t.kind));
        e.insert("motivering".into(), json!(t.motivation));
        if !t.groups.is_empty() && (thorough || rng.chance(70)) {
            e.insert("grupper".into(), json!(t.groups));
        } else if thorough && effects.is_empty() {
            e.insert("grupper".into(), json!(["kvinnor", "man"]));
        }
        if t.outside_sweden && rng.chance(60) {
            e.insert("utanfor_sverige".into(), json!(true));
        }
        let confidence = ["lag", "medel", "medel", "hog"];
        e.insert(
            "sakerhet".into(),
            json!(rng.pick(&confidence).copied().unwrap_or("medel")),
        );
        effects.push((t, Value::Object(e)));
    }
    if effects.is_empty() {
        if let Some(t) = a.effects.first() {
            effects.push((
                t,
                json!({"id": "e0", "mal": t.goal, "riktning": "positiv", "styrka": 1,
                       "typ": t.kind, "motivering": t.motivation, "sakerhet": "medel"}),
            ));
        }
    }
    // Some assessors state a goal conflict between a goal pushed up and one pushed down,
    // and some take a position on it.
    let mut stated = Vec::new();
    let up = effects
        .iter()
        .find(|(t, _)| t.positive)
        .map(|(t, _)| t.goal);
    let down = effects
        .iter()
        .find(|(t, _)| !t.positive)
        .map(|(t, _)| t.goal);
    if let (Some(up), Some(down)) = (up, down) {
        // Drawn only here, so that documents without both sides draw nothing.
        if rng.chance(35) {
            let mut conflict = Map::new();
            conflict.insert("id".into(), json!("mk1"));
            conflict.insert("mal".into(), json!([up, down]));
            conflict.insert(
                "beskrivning".into(),
                json!("Insatsen stärker det ena målet men försvagar det andra."),
            );
            if thorough || rng.chance(60) {
                conflict.insert(
                    "stallningstagande".into(),
                    json!(
                        "Nyttan bedöms väga tyngre; den negativa effekten minimeras med åtgärder."
                    ),
                );
            }
            stated.push(Value::Object(conflict));
        }
    }
    let negative: Vec<&str> = effects
        .iter()
        .filter(|(t, _)| !t.positive)
        .filter_map(|(_, e)| e.get("id").and_then(Value::as_str))
        .collect();

    let mut stakeholders = vec![
        json!({"id": "kommunen", "namn": "Kommunen", "kategori": "kommun",
               "makt": rng.between(3, 5), "intresse": rng.between(2, 5),
               "involverad": true, "hallning": "positiv"}),
        json!({"id": "regionen", "namn": "Regionen", "kategori": "region",
               "makt": 5, "intresse": rng.between(3, 5), "involverad": true,
               "hallning": "positiv"}),
    ];
    for (i, (category, name)) in a.stakeholders.iter().enumerate() {
        let stance = ["positiv", "positiv", "neutral", "negativ", "okand"];
        stakeholders.push(json!({
            "id": format!("s{i}"), "namn": name, "kategori": category,
            "makt": rng.between(1, 5), "intresse": rng.between(1, 5),
            "involverad": rng.chance(75),
            "hallning": rng.pick(&stance).copied().unwrap_or("neutral"),
        }));
    }
    if reindeer && rng.chance(70) {
        stakeholders.push(json!({
            "id": "sameby", "namn": "Samebyn", "kategori": "samiska_samhallet",
            "makt": rng.between(2, 4), "intresse": 5, "involverad": rng.chance(50),
            "hallning": "negativ", "intressen": "Ostörda betesmarker och flyttleder."}));
    }
    if rng.chance(30) {
        stakeholders.push(json!({
            "id": "unga", "namn": "Ungdomsråd", "kategori": "barn_och_unga",
            "makt": 1, "intresse": rng.between(2, 5), "involverad": rng.chance(50),
            "hallning": "okand"}));
    }
    if rng.chance(40) {
        stakeholders.push(json!({
            "id": "lansstyrelsen", "namn": "Länsstyrelsen", "kategori": "lansstyrelsen",
            "makt": 4, "intresse": rng.between(2, 4), "involverad": true,
            "hallning": "neutral"}));
    }

    let asked: Vec<&str> = if thorough {
        hallbar_core::method::Profile::builtin(profile)
            .map(|p| {
                p.fraga
                    .iter()
                    .filter(|q| q.is_support_question())
                    .map(|q| q.id.as_str())
                    .collect()
            })
            .unwrap_or_default()
    } else {
        QUESTIONS
            .iter()
            .copied()
            .filter(|_| rng.chance(45))
            .collect()
    };
    let answers: Vec<Value> = asked
        .into_iter()
        .map(|q| {
            let status = if thorough {
                "besvarad"
            } else {
                *weighted(
                    rng,
                    &["besvarad", "obesvarad", "kunskapslucka", "ej_relevant"],
                    |s| match *s {
                        "besvarad" => 14,
                        "obesvarad" => 3,
                        "kunskapslucka" => 2,
                        _ => 1,
                    },
                )
                .unwrap_or(&"besvarad")
            };
            if status == "besvarad" {
                json!({"fraga": q, "status": status, "svar": "Bedömt i analysen."})
            } else {
                json!({"fraga": q, "status": status})
            }
        })
        .collect();

    let mut doc = Map::new();
    doc.insert("format_version".into(), json!(1));
    doc.insert("metod".into(), json!(profile));
    let title = rng.pick(a.titles).copied().unwrap_or(a.slug);
    doc.insert(
        "insats".into(),
        json!({
            "id": format!("gen-{seed}-{index}"),
            "titel": title,
            "typ": rng.pick(a.kinds).copied().unwrap_or("projekt"),
            "agare": format!("Region {lan}"),
            "geografi": {
                "lan": [lan], "kommuner": [kommun], "omraden": [area],
                "renskotselomrade": reindeer,
            },
            "sektorer": a.sectors,
            "period": {
                "start": format!("{start_year}-01-01"),
                "slut": format!("{}-12-31", start_year + years - 1),
            },
            "budget_sek": rng.between(2, 400) * 100_000,
        }),
    );
    doc.insert(
        "strategisk_inriktning".into(),
        json!({
            "bidrag_malbild": "Bidrar till länets mål om ett hållbart näringsliv och en god livsmiljö.",
            "relevans": "Svarar mot en av strategins prioriteringar.",
            "prioriteringar": [{
                "prioritet": format!("rus-exempel:{}", rng.between(1, 6)),
                "paverkan": "positiv",
                "motivering": "Insatsens huvudsyfte.",
            }],
        }),
    );
    let statements: Vec<Value> = effects.iter().map(|(_, e)| e.clone()).collect();
    doc.insert("effekter".into(), Value::Array(statements));
    if !stated.is_empty() {
        doc.insert("malkonflikter".into(), Value::Array(stated));
    }
    if stage >= 2 {
        doc.insert("svar".into(), Value::Array(answers));
    }
    if stage >= 2 {
        doc.insert("intressenter".into(), Value::Array(stakeholders));
    }

    if stage >= 3 {
        let followed = thorough || rng.chance(75);
        let effect_ids: Vec<&str> = effects
            .iter()
            .filter_map(|(_, e)| e.get("id").and_then(Value::as_str))
            .collect();
        doc.insert(
            "nycklar".into(),
            json!([{"id": a.key.0, "titel": a.key.1, "effekter": effect_ids}]),
        );
        let mut measures: Vec<Value> = negative
            .iter()
            .filter(|_| thorough || rng.chance(65))
            .map(|id| {
                json!({"id": format!("a-{id}"), "beskrivning": "Åtgärd som minimerar den negativa effekten.",
                       "nycklar": [a.key.0], "effekter": [id]})
            })
            .collect();
        if thorough && measures.is_empty() {
            measures.push(json!({"id": "a-nyckel", "beskrivning": "Åtgärd som stärker de positiva effekterna.",
                                 "nycklar": [a.key.0]}));
        }
        doc.insert("atgarder".into(), Value::Array(measures));
        if followed {
            let mut i = Map::new();
            i.insert("id".into(), json!(a.indicator.0));
            i.insert("namn".into(), json!(a.indicator.1));
            i.insert("enhet".into(), json!("antal"));
            i.insert("nyckel".into(), json!(a.key.0));
            if thorough || rng.chance(70) {
                let base = rng.between(10, 1000);
                i.insert("utgangsvarde".into(), json!(base));
                i.insert("utgangsar".into(), json!(start_year - 1));
                i.insert("malvarde".into(), json!(base + rng.between(1, 500)));
                i.insert("malar".into(), json!(start_year + years));
            }
            if a.indicator.0 == "utslapp" {
                i.insert("kolada".into(), json!("N00401"));
            }
            doc.insert("indikatorer".into(), json!([Value::Object(i)]));
        }
    }

    let mut stops = Vec::new();
    if stage >= 1 {
        stops.push(decided(rng, first_stop, start_year));
    }
    if stage == 2 && rng.chance(60) {
        // The assessment has reached the second checkpoint but nobody has decided yet.
        stops.push(json!({"efter_steg": second_stop, "motivering": "Väntar på underlag."}));
    } else if stage >= 3 {
        stops.push(decided(rng, second_stop, start_year));
    }
    doc.insert("hallplatser".into(), Value::Array(stops));

    if stage >= 4 {
        let verdict = |positive: bool| {
            json!({"bedomning": if positive { "bidrar" } else { "motverkar" },
                   "motivering": "Samlad bedömning av effekterna."})
        };
        let dims = [
            ("ekonomisk", rng.chance(80)),
            ("social", rng.chance(70)),
            ("ekologisk", negative.is_empty() || rng.chance(30)),
        ];
        let mut overall = Map::new();
        for (dim, positive) in dims {
            overall.insert(dim.into(), verdict(positive));
        }
        overall.insert("bedomd_av".into(), json!("Handläggare"));
        doc.insert("samlad_bedomning".into(), Value::Object(overall));
    }
    Value::Object(doc)
}

fn decided(rng: &mut Rng, step: &str, year: u32) -> Value {
    let decision = *weighted(rng, &["fortsatt", "revidera", "avsluta"], |d| match *d {
        "fortsatt" => 90,
        "revidera" => 8,
        _ => 2,
    })
    .unwrap_or(&"fortsatt");
    json!({
        "efter_steg": step, "beslut": decision,
        "motivering": "Beslutat efter genomgång av analysen.",
        "beslutad_av": "Enhetschef", "datum": format!("{}-03-15", year - 1),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use hallbar_core::rules::RuleSet;
    use hallbar_core::{GoalCatalogue, Hallbarhetssakring, check};

    use super::Generator;

    #[test]
    fn generated_documents_are_valid_and_varied() {
        let generator = Generator::new(42);
        let rules = RuleSet::standard().unwrap();
        let mut fired = BTreeSet::new();
        let mut kinds = BTreeSet::new();
        let mut undecided = 0;
        for i in 0..2000 {
            let value = generator.document(i);
            let doc: Hallbarhetssakring = serde_json::from_value(value.clone())
                .unwrap_or_else(|e| panic!("document {i}: {e}\n{value:#}"));
            let problems = check::check(&doc, GoalCatalogue::builtin(), hallbar_core::Lang::Sv);
            assert!(problems.is_empty(), "document {i}: {problems:?}\n{value:#}");
            fired.extend(rules.matches(&doc).iter().map(|m| m.rule.id.to_string()));
            kinds.insert(doc.insats.typ);
            undecided += usize::from(doc.hallplatser.iter().any(|h| h.beslut.is_none()));
        }
        // A portfolio that exercises most of the standard rules and every stage.
        assert!(fired.len() >= 20, "{fired:?}");
        assert!(kinds.len() >= 8, "{kinds:?}");
        assert!(undecided > 50, "{undecided}");
    }

    #[test]
    fn documents_depend_only_on_seed_and_index() {
        let a = Generator::new(1);
        let b = Generator::new(2);
        assert_eq!(a.document(5), a.document(5));
        assert_ne!(a.document(5), a.document(6));
        assert_ne!(a.document(5), b.document(5));
    }
}
