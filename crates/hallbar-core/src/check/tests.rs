use super::*;
use crate::syntax::{Format, parse_as};

const BASE: &str = r#"
format_version = 1
[insats]
id = "x"
titel = "Test"
typ = "projekt"
agare = "Region Exempel"
geografi = { lan = ["07"], kommuner = ["0780"] }
period = { start = 2026-01-01, slut = 2027-12-31 }

[[effekter]]
id = "e1"
mal = "8"
riktning = "positiv"
styrka = 2
typ = "direkt"
motivering = "Fler jobb."
sakerhet = "medel"

[[intressenter]]
id = "s1"
namn = "Kommunen"
kategori = "kommun"
makt = 4
intresse = 4
involverad = true
hallning = "positiv"

[[nycklar]]
id = "k1"
titel = "Jobb"
effekter = ["e1"]

[[atgarder]]
id = "a1"
beskrivning = "Gör något"
nycklar = ["k1"]
effekter = ["e1"]

[[indikatorer]]
id = "i1"
namn = "Sysselsättning"
enhet = "%"
nyckel = "k1"
utgangsar = 2024
malar = 2030
kolada = "N00914"
"#;

fn diagnostics(extra: &str, replace: Option<(&str, &str)>) -> Vec<Diagnostic> {
    let mut text = BASE.to_owned();
    if let Some((from, to)) = replace {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    text.push_str(extra);
    let doc: Hallbarhetssakring = parse_as(&text, Format::Toml).unwrap();
    check(&doc, GoalCatalogue::builtin(), crate::Lang::En)
}

#[test]
fn problems_are_said_in_swedish_when_asked() {
    let mut text = BASE.replace("titel = ", "titel = \" \" #");
    text.push_str("");
    let doc: Hallbarhetssakring = parse_as(&text, Format::Toml).unwrap();
    let sv = check(&doc, GoalCatalogue::builtin(), crate::Lang::Sv);
    assert!(
        sv.iter()
            .any(|d| d.pointer == "/insats/titel" && d.message == "titeln är tom"),
        "{sv:?}"
    );
    let mut unknown = doc.clone();
    unknown.effekter[0].mal = "18".parse().unwrap();
    let sv = check(&unknown, GoalCatalogue::builtin(), crate::Lang::Sv);
    let d = sv.iter().find(|d| d.pointer == "/effekter/0/mal").unwrap();
    assert_eq!(d.message, "okänt mål `18`");
    assert!(
        d.help
            .as_deref()
            .unwrap_or_default()
            .starts_with("Agenda 2030 har målen"),
        "{d:?}"
    );
}

fn messages(d: &[Diagnostic]) -> Vec<(String, String)> {
    d.iter()
        .map(|d| (d.pointer.clone(), d.message.clone()))
        .collect()
}

#[test]
fn a_consistent_document_has_no_diagnostics() {
    assert_eq!(messages(&diagnostics("", None)), []);
}

#[test]
fn unknown_goal_ids_are_errors_with_help() {
    let d = diagnostics("", Some(("mal = \"8\"", "mal = \"18\"")));
    assert_eq!(
        messages(&d),
        [("/effekter/0/mal".into(), "unknown goal `18`".into())]
    );
    assert!(d[0].help.as_deref().unwrap().contains("1–17"));
}

#[test]
fn dangling_references_are_errors() {
    let d = diagnostics("", Some(("nyckel = \"k1\"", "nyckel = \"k9\"")));
    assert_eq!(
        messages(&d),
        [(
            "/indikatorer/0/nyckel".into(),
            "no sustainability key has the id `k9`".into()
        )]
    );
    let d = diagnostics(
        "",
        Some((
            "effekter = [\"e1\"]\n\n[[atgarder]]",
            "effekter = [\"e2\"]\n\n[[atgarder]]",
        )),
    );
    assert_eq!(
        messages(&d),
        [(
            "/nycklar/0/effekter/0".into(),
            "no effect has the id `e2`".into()
        )]
    );
}

#[test]
fn duplicate_ids_name_the_first_use() {
    let d = diagnostics("\n[[nycklar]]\nid = \"k1\"\ntitel = \"Igen\"\n", None);
    assert_eq!(
        messages(&d),
        [(
            "/nycklar/1/id".into(),
            "the id `k1` is already used at /nycklar/0".into()
        )]
    );
}

#[test]
fn periods_and_years_must_be_in_order() {
    let d = diagnostics("", Some(("slut = 2027-12-31", "slut = 2025-12-31")));
    assert_eq!(d[0].pointer, "/insats/period/slut");
    let d = diagnostics("", Some(("malar = 2030", "malar = 2020")));
    assert_eq!(
        d[0].message,
        "the target year 2020 is before the baseline year 2024"
    );
}

#[test]
fn goal_conflicts_need_two_goals() {
    let d = diagnostics(
        "\n[[malkonflikter]]\nid = \"m1\"\nmal = [\"8\", \"8\"]\nbeskrivning = \"x\"\n",
        None,
    );
    assert_eq!(
        d[0].message,
        "a goal conflict needs at least two different goals"
    );
}

#[test]
fn answered_questions_need_an_answer() {
    let d = diagnostics(
        "\n[[svar]]\nfraga = \"klimat.koldioxid\"\nstatus = \"besvarad\"\n",
        None,
    );
    assert_eq!(d[0].pointer, "/svar/0/svar");
}

#[test]
fn a_question_is_answered_once() {
    let answer =
        |q: &str| format!("\n[[svar]]\nfraga = \"{q}\"\nstatus = \"besvarad\"\nsvar = \"Ja.\"\n");
    let extra = ["klimat.koldioxid", "klimat.koldioxidx", "klimat.koldioxid"]
        .map(answer)
        .concat();
    assert_eq!(
        messages(&diagnostics(&extra, None)),
        [(
            "/svar/2/fraga".into(),
            "the question `klimat.koldioxid` is already answered at /svar/0".into()
        )]
    );
}

#[test]
fn municipality_outside_the_listed_counties_is_a_warning() {
    let d = diagnostics("", Some(("kommuner = [\"0780\"]", "kommuner = [\"2380\"]")));
    assert_eq!(d.len(), 1);
    assert!(!d[0].is_error());
}

#[test]
fn repeated_effects_are_warnings() {
    let extra = "\n[[effekter]]\nid = \"e2\"\nmal = \"8\"\nriktning = \"positiv\"\nstyrka = 1\ntyp = \"indirekt\"\nmotivering = \"x\"\nsakerhet = \"lag\"\n";
    let d = diagnostics(extra, None);
    assert_eq!(
        messages(&d),
        [(
            "/effekter/1".into(),
            "a positive effect on `8` is already stated at /effekter/0".into()
        )]
    );
}

proptest::proptest! {
    /// Ids compared by their sort key compare as their texts do.
    #[test]
    fn id_keys_order_as_the_texts(a in "[a-z.-]{0,12}", b in "[a-z.-]{0,12}") {
        proptest::prop_assert_eq!(IdKey::of(&a).cmp(&IdKey::of(&b)), a.cmp(&b));
    }
}
