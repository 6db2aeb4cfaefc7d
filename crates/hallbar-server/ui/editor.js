// One assessment, edited along the steps of its method profile, with live findings.
//
// The document is one object that the fields change in place. Every change asks the
// API for an assessment (debounced), and its findings, the method status and the
// figures are redrawn; each finding and each problem is shown beside the field its JSON
// pointer names. Saving stores a new version with If-Match: when someone else saved
// first, the two are compared side by side and nothing typed is lost.

import { api, ApiError, seg } from "./api.js";
import { h, fill, figure, announce, debounce, uid } from "./dom.js";
import { lang, t, section } from "./i18n.js";
import { session, canWrite } from "./session.js";
import { field, rows, pointer, goalCatalogue, nextId } from "./fields.js";
import { diffTable } from "./versions.js";

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

/** Milliseconds from a change to its findings on the page, for measuring. */
const timings = (window.hallbarTimings = window.hallbarTimings || []);

const vocab = (name) => session.vocabulary[name] || [];
const labelOf = (name, value) => vocab(name).find((v) => v.value === value)?.label ?? value;
const levels = [1, 2, 3].map((n) => ({ value: n, label: String(n) }));

/** A support question (handbook: stödfråga) has an area or a perspective. */
const isSupport = (q) => Boolean(q.omrade || q.perspektiv);
const questionText = (q) => (lang === "en" && q.text_en) || q.text;
const stepName = (s) => (lang === "en" && s.name_en) || s.namn;

export async function editorView(main, id) {
  let version = null;
  let doc;
  if (id) {
    const stored = await api("GET", `/v1/assessments/${seg(id)}`);
    version = stored.version;
    doc = stored.document;
  } else {
    doc = {
      format_version: 1,
      metod: session.profiles[0]?.profil.id,
      insats: { id: "", titel: "", typ: vocab("insatstyp")[0]?.value, agare: session.who.organisation },
    };
  }
  let dirty = false;
  let pendingSince = null;
  let lastResult = null;
  const ctx = { doc, readOnly: !canWrite(), changed };

  const form = h("div", { class: "form" });
  const panel = h("aside", { class: "panel", "aria-label": t("findings") });
  const saveState = h("span", { class: "save-state", role: "status" });
  const versionLabel = h("span", { id: "version-label", class: "badge" }, t("versionOf", version));
  const heading = h("h1", {}, doc.insats.titel || t("newAssessment"));
  const problems = h("div", { class: "problems" });
  const findingsList = h("div", { class: "findings", "aria-live": "polite" });
  const statusBox = h("div", { class: "method-status" });
  const dialog = h("dialog", { class: "conflict", "aria-labelledby": "conflict-title" });

  const profile = () => session.profiles.find((p) => p.profil.id === doc.metod) || session.profiles[0];

  function changed(path, structural = false, focusPath = null) {
    dirty = true;
    saveState.textContent = t("unsaved");
    if (path.join("/") === "insats/titel") heading.textContent = doc.insats.titel || t("newAssessment");
    if (structural || path.join("/") === "metod") render(focusPath);
    if (pendingSince === null) pendingSince = performance.now();
    scheduleAssess();
  }

  function render(focusPath = null) {
    const p = profile();
    const claimed = new Set();
    const steps = (p?.steg || []).map((step) => {
      const own = ORDER.filter((s) => step.kraver.some((k) => SECTION_OF[k] === s) && !claimed.has(s));
      own.forEach((s) => claimed.add(s));
      return stepSection(step, own, p);
    });
    const rest = ORDER.filter((s) => !claimed.has(s));
    fill(
      form,
      goalCatalogue(),
      ctx.readOnly ? h("p", { class: "notice" }, t("readOnly")) : null,
      h("section", { class: "step", "aria-labelledby": "sec-insats" }, h("h2", { id: "sec-insats" }, section("insats")), insatsFields()),
      steps,
      rest.length
        ? h("section", { class: "step", "aria-labelledby": "sec-ovrigt" }, h("h2", { id: "sec-ovrigt" }, section("ovrigt")), rest.map(sectionFields))
        : null,
    );
    if (lastResult) placeNotes(lastResult);
    if (focusPath) form.querySelector(`[data-pointer="${CSS.escape(pointer(focusPath))}"] input, [data-pointer="${CSS.escape(pointer(focusPath))}"] select`)?.focus();
  }

  function stepSection(step, sections, p) {
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
      sections.map(sectionFields),
      support.length ? answers(support) : null,
      step.hallplats ? checkpoint(step) : null,
    );
  }

  function sectionFields(name) {
    const title = h("h3", {}, section(name));
    switch (name) {
      case "geografi":
        return h(
          "div",
          { class: "group" },
          title,
          field(ctx, ["insats", "geografi", "lan"], t("counties"), "list", { optional: true }),
          field(ctx, ["insats", "geografi", "kommuner"], t("municipalities"), "list", { optional: true }),
          field(ctx, ["insats", "geografi", "omraden"], t("areas"), "multi", { options: "omradestyp", optional: true }),
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
            field(ctx, [...path, "styrka"], t("strength"), "select", { options: levels }),
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
            field(ctx, [...path, "mal"], t("goals"), "list"),
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
            makt: 2,
            intresse: 2,
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
            field(ctx, [...path, "intressenter"], t("stakeholdersIds"), "list"),
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
            field(ctx, [...path, "effekter"], t("effectsIds"), "list", { optional: true }),
          ], (items) => ({ id: nextId(items, "n"), titel: "" })),
        );
      case "atgarder":
        return h(
          "div",
          { class: "group" },
          title,
          rows(ctx, ["atgarder"], section("atgarder"), (path) => [
            field(ctx, [...path, "beskrivning"], t("description"), "textarea"),
            field(ctx, [...path, "nycklar"], t("keysIds"), "list", { optional: true }),
            field(ctx, [...path, "effekter"], t("effectsIds"), "list", { optional: true }),
            field(ctx, [...path, "konflikter"], t("conflictsIds"), "list", { optional: true }),
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
            field(ctx, [...path, "nyckel"], t("key")),
            field(ctx, [...path, "kolada"], t("kolada"), "text", { optional: true }),
            field(ctx, [...path, "utgangsvarde"], t("baseline"), "number", { optional: true }),
            field(ctx, [...path, "utgangsar"], t("baselineYear"), "int", { optional: true }),
            field(ctx, [...path, "malvarde"], t("target"), "number", { optional: true }),
            field(ctx, [...path, "malar"], t("targetYear"), "int", { optional: true }),
          ], (items) => ({ id: nextId(items, "ind"), namn: "", enhet: "", nyckel: doc.nycklar?.[0]?.id ?? "" })),
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
        );
      default:
        return null;
    }
  }

  function insatsFields() {
    return [
      field(ctx, ["insats", "id"], t("newId"), "text", {}),
      field(ctx, ["insats", "titel"], t("title")),
      field(ctx, ["insats", "beskrivning"], t("description"), "textarea", { optional: true }),
      field(ctx, ["insats", "typ"], t("type"), "select", { options: "insatstyp" }),
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
      if (version !== null && el.dataset.pointer === "/insats/id") el.querySelector("input").readOnly = true;
      return el;
    });
  }

  /** The support questions of a step, each with its answer in `svar` (made on the first change). */
  function answers(questions) {
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
            doc.svar.push({ fraga: q.id, status: vocab("svarsstatus")[0]?.value });
            i = doc.svar.length - 1;
            wrapper.dataset.pointer = pointer(["svar", i]);
          }
          return i;
        };
        const current = doc.svar?.[existing()] || {};
        const [qid, sid, aid] = [uid("q"), uid(), uid()];
        const status = h(
          "select",
          {
            id: sid,
            disabled: ctx.readOnly,
            "aria-describedby": qid,
            on: {
              change: (e) => {
                const i = answer();
                doc.svar[i].status = e.target.value;
                ctx.changed(["svar", i, "status"]);
              },
            },
          },
          vocab("svarsstatus").map((o) => h("option", { value: o.value, selected: o.value === current.status }, o.label)),
        );
        const text = h("textarea", {
          id: aid,
          rows: 2,
          disabled: ctx.readOnly,
          "aria-describedby": qid,
          value: current.svar ?? "",
          on: {
            input: (e) => {
              const i = answer();
              if (e.target.value === "") delete doc.svar[i].svar;
              else doc.svar[i].svar = e.target.value;
              ctx.changed(["svar", i, "svar"]);
            },
          },
        });
        const i = existing();
        const wrapper = h(
          "div",
          { class: "question", dataset: { pointer: i >= 0 ? pointer(["svar", i]) : `/svar/-/${q.id}` } },
          h("p", { class: "question-text", id: qid }, questionText(q)),
          h("div", { class: "field" }, h("label", { for: sid }, t("answerStatus")), status),
          h("div", { class: "field" }, h("label", { for: aid }, t("answer")), text),
          h("div", { class: "notes" }),
        );
        return wrapper;
      }),
    );
  }

  /** The decision at the checkpoint after `step`: the latest recorded, or a new one. */
  function checkpoint(step) {
    const list = doc.hallplatser || [];
    let index = list.map((c) => c.efter_steg).lastIndexOf(step.id);
    const path = () => ["hallplatser", index];
    const ensure = () => {
      if (index < 0) {
        doc.hallplatser = doc.hallplatser || [];
        doc.hallplatser.push({ efter_steg: step.id, motivering: "", beslutad_av: session.who.label || session.who.organisation });
        index = doc.hallplatser.length - 1;
        render();
        form.querySelector(`#checkpoint-${CSS.escape(step.id)} select`)?.focus();
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

  // Live assessment.
  let sequence = 0;
  const scheduleAssess = debounce(assess, 250);

  async function assess() {
    const mine = ++sequence;
    const started = performance.now();
    findingsList.setAttribute("aria-busy", "true");
    let result;
    try {
      result = { ok: await api("POST", `/v1/assess?figures=true&lang=${lang}`, doc) };
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result = { problem: e.problem, status: e.status };
    }
    if (mine !== sequence) return; // A later change is on its way.
    const answered = performance.now();
    lastResult = result;
    showResult(result);
    findingsList.removeAttribute("aria-busy");
    if (pendingSince !== null) {
      timings.push({ total: performance.now() - pendingSince, request: answered - started });
      pendingSince = null;
    }
  }

  function showResult(result) {
    placeNotes(result);
    if (result.ok) {
      const { findings, status, figures } = result.ok;
      fill(problems);
      fill(
        findingsList,
        h("h2", {}, `${t("findings")} (${findings.length})`),
        findings.length ? h("ul", {}, findings.map(findingItem)) : h("p", {}, t("noFindings")),
      );
      showStatus(status);
      for (const slot of document.querySelectorAll("[data-figure]")) {
        const name = slot.dataset.figure;
        fill(slot, figure(figures[name], t(name)));
      }
      const conflicts = findings.filter((f) => f.kind === "malkonflikt").length;
      announce(`${t("findings")}: ${findings.length}; ${labelOf("fyndtyp", "malkonflikt")}: ${conflicts}`);
    } else {
      const errors = result.problem.errors || [];
      fill(
        problems,
        h("h2", {}, t("problems")),
        h("ul", {}, (errors.length ? errors : [{ message: result.problem.detail }]).map((d) => h("li", {}, d.pointer ? goTo(d.pointer, d.pointer) : null, " ", d.message))),
      );
    }
  }

  function findingItem(f) {
    return h(
      "li",
      { class: `finding sev-${f.severity}`, dataset: { kind: f.kind } },
      h("p", {}, h("strong", {}, labelOf("fyndtyp", f.kind)), " · ", labelOf("allvarlighet", f.severity)),
      h("p", { class: "finding-title" }, f.title),
      h("p", {}, f.explanation),
      f.evidence?.length ? h("ul", { class: "evidence" }, f.evidence.map((e) => h("li", {}, goTo(e.pointer, e.text)))) : null,
    );
  }

  /** A button that takes the keyboard to the field `ptr` names. */
  function goTo(ptr, text) {
    return h(
      "button",
      {
        type: "button",
        class: "link",
        title: t("goToField"),
        on: {
          click: () => {
            const el = closest(ptr);
            el?.scrollIntoView({ block: "center" });
            el?.querySelector("input, select, textarea, button")?.focus();
          },
        },
      },
      text,
    );
  }

  /** The field of `ptr`, or of the nearest place above it that has one. */
  function closest(ptr) {
    let p = ptr;
    while (p) {
      const el = form.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
      if (el) return el;
      p = p.slice(0, Math.max(0, p.lastIndexOf("/")));
    }
    return null;
  }

  function placeNotes(result) {
    for (const n of form.querySelectorAll(".notes")) n.replaceChildren();
    const note = (ptr, text, cls) => {
      const el = closest(ptr);
      const box = el && [...el.children].find((c) => c.classList.contains("notes"));
      box?.append(h("p", { class: `note ${cls}` }, text));
    };
    if (result.ok) {
      for (const f of result.ok.findings) {
        const seen = new Set();
        for (const e of f.evidence || []) {
          if (seen.has(e.pointer)) continue;
          seen.add(e.pointer);
          note(e.pointer, `${labelOf("fyndtyp", f.kind)}: ${f.title}`, `sev-${f.severity}`);
        }
      }
    } else {
      for (const d of result.problem.errors || []) note(d.pointer, d.message, "error");
    }
  }

  function showStatus(status) {
    if (!status) return fill(statusBox);
    fill(
      statusBox,
      h("h2", {}, t("methodStatus")),
      h(
        "ol",
        {},
        status.steps.map((s) =>
          h(
            "li",
            { class: s.missing.length ? "missing" : "done" },
            h("span", {}, `${s.id} ${s.name}: `),
            s.missing.length ? h("span", {}, `${t("stepMissing")} ${s.missing.map(([k]) => labelOf("krav", k)).join(", ")}`) : h("span", {}, `✓ ${t("stepDone")}`),
          ),
        ),
      ),
    );
  }

  // Saving.
  async function save() {
    saveState.textContent = t("saving");
    try {
      const stored =
        version === null
          ? await api("POST", "/v1/assessments", doc)
          : await api("PUT", `/v1/assessments/${seg(doc.insats.id)}`, doc, { ifMatch: version });
      const first = version === null;
      version = stored.version;
      dirty = false;
      versionLabel.textContent = t("versionOf", version);
      saveState.textContent = t("saved", version);
      announce(t("saved", version));
      if (first) {
        history.replaceState(null, "", `#/a/${seg(doc.insats.id)}`);
        render();
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 412) return conflict();
      saveState.textContent = `${t("notSaved")}: ${e.message}`;
      if (e.status === 422) showResult({ problem: e.problem });
    }
  }

  async function conflict() {
    const theirs = await api("GET", `/v1/assessments/${seg(doc.insats.id)}`);
    const { changes } = await api("POST", "/v1/diff", { before: theirs.document, after: doc });
    fill(
      dialog,
      h("h2", { id: "conflict-title" }, t("conflictTitle")),
      h("p", {}, t("conflictLead", theirs.version, theirs.author)),
      diffTable(changes, t("theirs", theirs.version), t("mine")),
      h(
        "div",
        { class: "buttons" },
        h("button", { type: "button", class: "primary", on: { click: () => { dialog.close(); version = theirs.version; save(); } } }, t("keepMine", theirs.version)),
        h(
          "button",
          {
            type: "button",
            on: {
              click: () => {
                dialog.close();
                for (const k of Object.keys(doc)) delete doc[k];
                Object.assign(doc, theirs.document);
                version = theirs.version;
                dirty = false;
                versionLabel.textContent = t("versionOf", version);
                saveState.textContent = "";
                render();
                assess();
              },
            },
          },
          t("takeTheirs"),
        ),
      ),
    );
    saveState.textContent = t("conflictTitle");
    dialog.showModal();
  }

  window.onbeforeunload = () => (dirty ? true : undefined);

  const assessmentLinks = () =>
    version === null
      ? null
      : h(
          "nav",
          { class: "links", "aria-label": t("versions") },
          h("a", { href: `#/a/${seg(doc.insats.id)}/versions` }, t("versions")),
          h("a", { href: `#/a/${seg(doc.insats.id)}/report` }, t("decisionBasis")),
          h("a", { href: `#/a/${seg(doc.insats.id)}/workshop` }, t("workshop")),
        );

  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      heading,
      versionLabel,
      assessmentLinks(),
      h("div", { class: "save" }, ctx.readOnly ? null : h("button", { type: "button", id: "save", class: "primary", on: { click: save } }, t("save")), saveState),
    ),
    h(
      "div",
      { class: "editor" },
      form,
      fill(
        panel,
        problems,
        statusBox,
        findingsList,
        h("div", { class: "figure-slot", dataset: { figure: "wheel" } }),
        h("div", { class: "figure-slot", dataset: { figure: "network" } }),
      ),
    ),
    dialog,
  );
  render();
  assess();
}
