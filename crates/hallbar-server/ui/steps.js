// The form along the steps of the assessment's method profile: the insats first, then
// each step with its questions, the sections where its requirements are worked on, its
// support questions and the checkpoint after it; the sections no step asks for last.
//
// `ctx` is the editor's (editor.js): the document, whether it may be changed, what to
// do when a field changed, and the form with the way to draw it again.

import { h, uid } from "./dom.js";
import { lang, t, section } from "./i18n.js";
import { session } from "./session.js";
import { field, pointer, goalCatalogue } from "./fields.js";
import { sectionFields, insatsFields } from "./sections.js";
import { vocab } from "./vocab.js";

/** Where each requirement of a step is worked on. */
const SECTION_OF = {
  bidrag_malbild: "strategi",
  rus_prioriteringar: "strategi",
  relevans: "strategi",
  effekter: "effekter",
  grupper: "effekter",
  geografi: "geografi",
  kunskapsluckor_hanterade: "kunskapsluckor",
  stallningstaganden: "malkonflikter",
  intressenter: "intressenter",
  intressekonflikter_hanterade: "intressekonflikter",
  nycklar: "nycklar",
  atgarder: "atgarder",
  nycklar_med_atgard: "atgarder",
  nycklar_med_indikator: "indikatorer",
  indikatorer_med_mal: "indikatorer",
  samlad_bedomning: "samlad",
};
const ORDER = ["geografi", "strategi", "effekter", "malkonflikter", "kunskapsluckor", "intressenter", "intressekonflikter", "nycklar", "atgarder", "indikatorer", "samlad"];

/** A support question (handbook: stödfråga) has an area or a perspective. */
const isSupport = (q) => Boolean(q.omrade || q.perspektiv);
const questionText = (q) => (lang === "en" && q.text_en) || q.text;
const stepName = (s) => (lang === "en" && s.name_en) || s.namn;

/** The method profile `doc` names, or the first profile. */
const profileOf = (doc) => session.profiles.find((p) => p.profil.id === doc.metod) || session.profiles[0];

/** What the form holds; `idFixed` once the assessment is stored (its id is then fixed). */
export function formContents(ctx, idFixed) {
  const p = profileOf(ctx.doc);
  const claimed = new Set();
  const steps = (p?.steg || []).map((step) => {
    const own = ORDER.filter((s) => step.kraver.some((k) => SECTION_OF[k] === s) && !claimed.has(s));
    own.forEach((s) => claimed.add(s));
    return stepSection(ctx, step, own, p);
  });
  const rest = ORDER.filter((s) => !claimed.has(s));
  return [
    goalCatalogue(),
    ctx.readOnly ? h("p", { class: "notice" }, t("readOnly")) : null,
    h("section", { class: "step", "aria-labelledby": "sec-insats" }, h("h2", { id: "sec-insats" }, section("insats")), insatsFields(ctx, idFixed)),
    steps,
    rest.length
      ? h("section", { class: "step", "aria-labelledby": "sec-ovrigt" }, h("h2", { id: "sec-ovrigt" }, section("ovrigt")), rest.map((name) => sectionFields(ctx, name)))
      : null,
  ];
}

function stepSection(ctx, step, sections, p) {
  const questions = p.fraga.filter((q) => q.steg === step.id);
  const asked = questions.filter((q) => !isSupport(q));
  const support = questions.filter(isSupport);
  const hid = `step-${step.id}`;
  return h(
    "section",
    { class: "step", id: hid, "aria-labelledby": `${hid}-h` },
    h("h2", { id: `${hid}-h` }, t("step", step.id, stepName(step))),
    h("p", { class: "muted" }, step.beskrivning),
    asked.length ? h("aside", { class: "questions" }, h("h3", {}, t("questions")), h("ul", {}, asked.map((q) => h("li", {}, questionText(q))))) : null,
    sections.map((name) => sectionFields(ctx, name)),
    support.length ? answers(ctx, support) : null,
    step.hallplats ? checkpoint(ctx, step) : null,
  );
}

/**
 * The support questions of a step, each with its answer in `svar` (made on the first
 * change). Each question's status and answer are labelled by the question's text, so
 * that 29 "Status" fields are told apart by a screen reader too.
 */
function answers(ctx, questions) {
  const { doc } = ctx;
  return h(
    "div",
    { class: "group" },
    h("h3", {}, t("supportQuestions")),
    questions.map((q) => {
      const existing = () => (doc.svar || []).findIndex((s) => s.fraga === q.id);
      const answer = () => {
        let i = existing();
        if (i < 0) {
          doc.svar = doc.svar || [];
          // Unanswered until an answer is written or another status chosen.
          doc.svar.push({ fraga: q.id, status: "obesvarad" });
          i = doc.svar.length - 1;
          wrapper.dataset.pointer = pointer(["svar", i]);
        }
        return i;
      };
      const current = doc.svar?.[existing()] || {};
      const [qid, sid, aid] = [uid("q"), uid(), uid()];
      const labelledBy = (id) => `${qid} ${id}-label`;
      const status = h(
        "select",
        {
          id: sid,
          disabled: ctx.readOnly,
          "aria-labelledby": labelledBy(sid),
          "data-path": "/svar/*/status",
          on: {
            change: (e) => {
              const i = answer();
              doc.svar[i].status = e.target.value;
              ctx.changed(["svar", i, "status"]);
            },
          },
        },
        vocab("svarsstatus").map((o) => h("option", { value: o.value, selected: o.value === (current.status ?? "obesvarad") }, o.label)),
      );
      const text = h("textarea", {
        id: aid,
        rows: 2,
        disabled: ctx.readOnly,
        "aria-labelledby": labelledBy(aid),
        "data-path": "/svar/*/svar",
        value: current.svar ?? "",
        on: {
          input: (e) => {
            const i = answer();
            if (e.target.value === "") delete doc.svar[i].svar;
            else doc.svar[i].svar = e.target.value;
            // Writing an answer answers the question; the status says so.
            if (e.target.value.trim() !== "" && doc.svar[i].status === "obesvarad") {
              doc.svar[i].status = "besvarad";
              status.value = "besvarad";
            }
            ctx.changed(["svar", i, "svar"]);
          },
        },
      });
      const i = existing();
      const wrapper = h(
        "div",
        { class: "question", dataset: { pointer: i >= 0 ? pointer(["svar", i]) : `/svar/-/${q.id}` } },
        h("p", { class: "question-text", id: qid }, questionText(q)),
        h("div", { class: "field" }, h("label", { for: sid, id: `${sid}-label` }, t("answerStatus")), status),
        h("div", { class: "field" }, h("label", { for: aid, id: `${aid}-label` }, t("answer")), text),
        h("div", { class: "notes" }),
      );
      return wrapper;
    }),
  );
}

/** The decision at the checkpoint after `step`: the latest recorded, or a new one. */
function checkpoint(ctx, step) {
  const { doc } = ctx;
  const list = doc.hallplatser || [];
  let index = list.map((c) => c.efter_steg).lastIndexOf(step.id);
  const path = () => ["hallplatser", index];
  const ensure = () => {
    if (index < 0) {
      doc.hallplatser = doc.hallplatser || [];
      doc.hallplatser.push({ efter_steg: step.id, motivering: "", beslutad_av: session.who.label || session.who.organisation });
      index = doc.hallplatser.length - 1;
      ctx.render();
      ctx.form.querySelector(`#checkpoint-${CSS.escape(step.id)} select`)?.focus();
    }
  };
  const box = h(
    "section",
    { class: "checkpoint", id: `checkpoint-${step.id}`, "aria-labelledby": `checkpoint-${step.id}-h`, dataset: index >= 0 ? { pointer: pointer(path()) } : {} },
    h("h3", { id: `checkpoint-${step.id}-h` }, t("checkpointAfter", step.id)),
    step.hallplatsfragor?.length ? h("ul", { class: "questions" }, step.hallplatsfragor.map((q) => h("li", {}, q))) : null,
  );
  if (index < 0) {
    box.append(
      ctx.readOnly
        ? h("p", { class: "muted" }, "–")
        : h("button", { type: "button", class: "record-checkpoint", on: { click: ensure } }, `${t("add")}: ${t("checkpointAfter", step.id).toLowerCase()}`),
    );
  } else {
    box.append(
      field(ctx, [...path(), "beslut"], t("decision"), "select", { options: "beslut", optional: true }),
      field(ctx, [...path(), "motivering"], t("motivation"), "textarea"),
      field(ctx, [...path(), "beslutad_av"], t("decidedBy"), "text", { optional: true }),
      field(ctx, [...path(), "datum"], t("date"), "date", { optional: true }),
      h("div", { class: "notes" }),
    );
  }
  return box;
}
