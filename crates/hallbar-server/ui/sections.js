// The fields of each section of an assessment, where the requirements of the method's
// steps are worked on, and the fields that describe the insats itself. Every field of
// the model has one here (or in steps.js: support questions and checkpoints), except
// those docs/web.md lists as left out of the form.

import { h } from "./dom.js";
import { lang, t, section } from "./i18n.js";
import { session } from "./session.js";
import { field, rows, nextId } from "./fields.js";
import { indicatorValues } from "./kolada.js";
import { vocab, labelOf, forslagOptions, goalOptions, countyOptions, municipalityOptions, refOptions } from "./vocab.js";

/** The whole numbers from `min` to `max` as choices. */
const range = (min, max) => Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: String(min + i) }));
// Power and interest, 1 (least) to 5 (most); an effect's strength 1 to 3: as the model
// and the rules use them.
const levels = range(1, 5);
const strengths = range(1, 3);
// Years a baseline or target may name.
const YEARS = { min: 1900, max: 2199 };

/** A municipality is offered when it lies in one of the chosen counties, or when none is chosen. */
const inChosenCounties = (option, doc) => {
  const counties = doc.insats?.geografi?.lan || [];
  return counties.length === 0 || counties.includes(option.county);
};

/** Items of the document's `lists` to pick from, named; what the field at `path` holds kept too. */
const pickFrom = (ctx, lists, path) => () => refOptions(ctx.doc, lists, path.reduce((o, k) => o?.[k], ctx.doc));

/** The fields of the section `name`; null for a name it does not know. */
export function sectionFields(ctx, name) {
  const title = h("h3", {}, section(name));
  switch (name) {
    case "geografi":
      return h(
        "div",
        { class: "group" },
        title,
        field(ctx, ["insats", "geografi", "lan"], t("counties"), "pick", { options: countyOptions, optional: true }),
        field(ctx, ["insats", "geografi", "kommuner"], t("municipalities"), "pick", { options: municipalityOptions, offer: inChosenCounties, optional: true }),
        field(ctx, ["insats", "geografi", "platser"], t("places"), "lines", { optional: true, rows: 2 }),
        field(ctx, ["insats", "geografi", "omraden"], t("areas"), "multi", { options: "omradestyp", optional: true }),
        field(ctx, ["insats", "geografi", "renskotselomrade"], t("reindeerArea"), "select", {
          options: [
            { value: true, label: t("yes") },
            { value: false, label: t("no") },
          ],
          optional: true,
          blank: t("unknown"),
        }),
      );
    case "strategi":
      return h(
        "div",
        { class: "group" },
        title,
        field(ctx, ["strategisk_inriktning", "bidrag_malbild"], t("contribution"), "textarea"),
        field(ctx, ["strategisk_inriktning", "relevans"], t("relevance"), "textarea"),
        rows(ctx, ["strategisk_inriktning", "prioriteringar"], t("priority"), (path) => [
          field(ctx, [...path, "prioritet"], t("priority"), "goal"),
          field(ctx, [...path, "paverkan"], t("impact"), "select", { options: "paverkan" }),
          field(ctx, [...path, "motivering"], t("motivation"), "textarea", { optional: true }),
        ], () => ({ prioritet: "", paverkan: vocab("paverkan")[0]?.value })),
      );
    case "effekter":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["effekter"], t("goal"), (path) => [
          field(ctx, [...path, "mal"], t("goal"), "goal"),
          field(ctx, [...path, "riktning"], t("direction"), "select", { options: "riktning" }),
          field(ctx, [...path, "styrka"], t("strength"), "select", { options: strengths }),
          field(ctx, [...path, "typ"], t("type"), "select", { options: "effekttyp" }),
          field(ctx, [...path, "sakerhet"], t("certainty"), "select", { options: "sakerhet" }),
          field(ctx, [...path, "motivering"], t("motivation"), "textarea"),
          field(ctx, [...path, "grupper"], t("groups"), "multi", { options: "grupp", optional: true }),
          field(ctx, [...path, "geografi"], t("areas"), "multi", { options: "omradestyp", optional: true }),
          field(ctx, [...path, "utanfor_sverige"], t("outsideSweden"), "checkbox"),
        ], (items) => ({
          id: nextId(items, "e"),
          mal: "",
          riktning: vocab("riktning")[0]?.value,
          styrka: 2,
          typ: vocab("effekttyp")[0]?.value,
          motivering: "",
          sakerhet: vocab("sakerhet")[1]?.value ?? vocab("sakerhet")[0]?.value,
        })),
      );
    case "malkonflikter":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["malkonflikter"], section("malkonflikter"), (path) => [
          field(ctx, [...path, "mal"], t("goals"), "pick", { options: goalOptions }),
          field(ctx, [...path, "beskrivning"], t("description"), "textarea"),
          field(ctx, [...path, "stallningstagande"], t("position"), "textarea", { optional: true }),
        ], (items) => ({ id: nextId(items, "k"), mal: [], beskrivning: "" })),
      );
    case "kunskapsluckor":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["kunskapsluckor"], section("kunskapsluckor"), (path) => [
          field(ctx, [...path, "beskrivning"], t("description"), "textarea"),
          field(ctx, [...path, "omrade"], t("areas"), "select", { options: "stodomrade", optional: true }),
          field(ctx, [...path, "hantering"], t("handling"), "textarea", { optional: true }),
        ], (items) => ({ id: nextId(items, "l"), beskrivning: "" })),
      );
    case "intressenter":
      return h(
        "div",
        { class: "group" },
        title,
        h("div", { class: "figure-slot", dataset: { figure: "grid" } }),
        rows(ctx, ["intressenter"], section("intressenter"), (path) => [
          field(ctx, [...path, "namn"], t("name")),
          field(ctx, [...path, "kategori"], t("category"), "select", { options: "intressentkategori" }),
          field(ctx, [...path, "makt"], t("power"), "select", { options: levels }),
          field(ctx, [...path, "intresse"], t("interest"), "select", { options: levels }),
          field(ctx, [...path, "involverad"], t("involved"), "checkbox"),
          field(ctx, [...path, "hallning"], t("stance"), "select", { options: "hallning" }),
          field(ctx, [...path, "intressen"], t("interests"), "textarea", { optional: true }),
        ], (items) => ({
          id: nextId(items, "i"),
          namn: "",
          kategori: vocab("intressentkategori")[0]?.value,
          makt: 3,
          intresse: 3,
          involverad: false,
          hallning: vocab("hallning")[0]?.value,
        })),
      );
    case "intressekonflikter":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["intressekonflikter"], section("intressekonflikter"), (path) => [
          field(ctx, [...path, "intressenter"], t("stakeholdersPick"), "multi", { options: pickFrom(ctx, ["intressenter"], [...path, "intressenter"]) }),
          field(ctx, [...path, "beskrivning"], t("description"), "textarea"),
          field(ctx, [...path, "hantering"], t("handling"), "textarea", { optional: true }),
        ], (items) => ({ id: nextId(items, "ik"), intressenter: [], beskrivning: "" })),
      );
    case "nycklar":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["nycklar"], section("nycklar"), (path) => [
          field(ctx, [...path, "titel"], t("title")),
          field(ctx, [...path, "beskrivning"], t("description"), "textarea", { optional: true }),
          field(ctx, [...path, "dimensioner"], t("dimensions"), "multi", { options: "dimension", optional: true }),
          field(ctx, [...path, "effekter"], t("effectsPick"), "multi", { options: pickFrom(ctx, ["effekter"], [...path, "effekter"]), optional: true }),
        ], (items) => ({ id: nextId(items, "n"), titel: "" })),
      );
    case "atgarder":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["atgarder"], section("atgarder"), (path) => [
          field(ctx, [...path, "beskrivning"], t("description"), "textarea"),
          field(ctx, [...path, "nycklar"], t("keysPick"), "multi", { options: pickFrom(ctx, ["nycklar"], [...path, "nycklar"]), optional: true }),
          field(ctx, [...path, "effekter"], t("effectsPick"), "multi", { options: pickFrom(ctx, ["effekter"], [...path, "effekter"]), optional: true }),
          field(ctx, [...path, "konflikter"], t("conflictsPick"), "multi", {
            options: pickFrom(ctx, ["malkonflikter", "intressekonflikter"], [...path, "konflikter"]),
            optional: true,
          }),
          field(ctx, [...path, "ansvarig"], t("responsible"), "text", { optional: true }),
          field(ctx, [...path, "klar_senast"], t("dueBy"), "date", { optional: true }),
        ], (items) => ({ id: nextId(items, "a"), beskrivning: "" })),
      );
    case "indikatorer":
      return h(
        "div",
        { class: "group" },
        title,
        rows(ctx, ["indikatorer"], section("indikatorer"), (path) => [
          field(ctx, [...path, "namn"], t("name")),
          field(ctx, [...path, "enhet"], t("unit")),
          field(ctx, [...path, "nyckel"], t("key"), "select", { options: pickFrom(ctx, ["nycklar"], [...path, "nyckel"]), blank: t("choose") }),
          field(ctx, [...path, "kolada"], t("kolada"), "kolada", { optional: true }),
          field(ctx, [...path, "utgangsvarde"], t("baseline"), "number", { optional: true }),
          field(ctx, [...path, "utgangsar"], t("baselineYear"), "int", { optional: true, ...YEARS }),
          field(ctx, [...path, "malvarde"], t("target"), "number", { optional: true }),
          field(ctx, [...path, "malar"], t("targetYear"), "int", { optional: true, ...YEARS }),
          indicatorValues(ctx, path),
        ], (items) => ({ id: nextId(items, "ind"), namn: "", enhet: "" })),
      );
    case "samlad":
      return h(
        "div",
        { class: "group" },
        title,
        ["social", "ekologisk", "ekonomisk"].map((dim) =>
          h(
            "div",
            { class: "dimension" },
            h("h4", {}, labelOf("dimension", dim)),
            field(ctx, ["samlad_bedomning", dim, "bedomning"], t("assessment"), "select", { options: "utfall", optional: true }),
            field(ctx, ["samlad_bedomning", dim, "motivering"], t("motivation"), "textarea", { optional: true }),
          ),
        ),
        field(ctx, ["samlad_bedomning", "kvarstaende_fragor"], t("remaining"), "lines", { optional: true }),
        field(ctx, ["samlad_bedomning", "bedomd_av"], t("assessedBy"), "text", { optional: true }),
        recommendation(ctx),
      );
    default:
      return null;
  }
}

/**
 * The assessor's recommendation to the decision-maker, the first thing the decision
 * basis says: support, support on conditions (the conditions then listed), or advise
 * against; a summary and a date.
 */
function recommendation(ctx) {
  const path = ["samlad_bedomning", "rekommendation"];
  const current = ctx.doc.samlad_bedomning?.rekommendation;
  // The conditions are asked for when the recommendation sets them, and shown while any are written.
  const conditions = current?.forslag === "tillstyrka_med_villkor" || current?.villkor?.length > 0;
  return h(
    "fieldset",
    { class: "recommendation", dataset: { pointer: "/samlad_bedomning/rekommendation" } },
    h("legend", {}, t("recommendation")),
    field(ctx, [...path, "forslag"], t("proposal"), "select", { options: forslagOptions(), optional: true, structural: true }),
    conditions ? rows(ctx, [...path, "villkor"], t("condition"), (p) => [field(ctx, p, t("condition"), "textarea", { rows: 2 })], () => "") : null,
    field(ctx, [...path, "sammanfattning"], t("summary"), "textarea", { optional: true }),
    field(ctx, [...path, "datum"], t("recommendedOn"), "date", { optional: true }),
    h("div", { class: "notes" }),
  );
}

/** The fields of the insats and the method profile; `idFixed` once the assessment is stored. */
export function insatsFields(ctx, idFixed) {
  return [
    field(ctx, ["insats", "id"], t("newId"), "text", {}),
    field(ctx, ["insats", "titel"], t("title")),
    field(ctx, ["insats", "beskrivning"], t("description"), "textarea", { optional: true }),
    field(ctx, ["insats", "typ"], t("type"), "select", { options: "insatstyp" }),
    field(ctx, ["insats", "diarienummer"], t("caseNumber"), "text", { optional: true }),
    field(ctx, ["insats", "agare"], t("owner")),
    field(ctx, ["metod"], t("profile"), "select", {
      options: session.profiles.map((p) => ({ value: p.profil.id, label: (lang === "en" && p.profil.name_en) || p.profil.namn })),
    }),
    field(ctx, ["insats", "period", "start"], t("start"), "date", { optional: true }),
    field(ctx, ["insats", "period", "slut"], t("end"), "date", { optional: true }),
    field(ctx, ["insats", "budget_sek"], t("budget"), "int", { optional: true, min: 0 }),
    field(ctx, ["insats", "sektorer"], t("sectors"), "multi", { options: "sektor", optional: true }),
  ].map((el) => {
    // The id names the stored assessment: fixed once saved.
    if (idFixed && el.dataset.pointer === "/insats/id") el.querySelector("input").readOnly = true;
    return el;
  });
}
