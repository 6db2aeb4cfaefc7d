// The scoring workshop (matrisverkstad) of SEI's SDG Synergies method: the region
// chooses its targets, its actors score how progress on each row target affects each
// column target (−3 … +3), one pair at a time on a shared screen or in a grid, their
// spread shows where they disagree, and the agreed matrix's metrics update beside the
// scoring. Stored as a versioned document of the organisation; exported to Excel and
// CSV; one version may be adopted as the organisation's interaction layer.
//
//   #/verkstad              the organisation's workshops, new, import
//   #/verkstad/ny           a new workshop
//   #/verkstad/<id>         one workshop
//
// The time from a score to the metrics shown is recorded as the User Timing measure
// `hallbar:metrics` (performance.getEntriesByName), which the browser test reads.

import { api, ApiError, seg } from "./api.js";
import { h, fill, figure, announce, uid } from "./dom.js";
import { readDraft, writeDraft, dropDraft, sameDocument } from "./drafts.js";
import { lang, t, formatNumber, formatTime } from "./i18n.js";
import { session } from "./session.js";

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const draftId = (id) => `verkstad.${id || "ny"}`;
const canWrite = () => session.who?.role !== "lasare";
const isAnalyst = () => session.who?.role === "analytiker";
const goalName = (id) => session.goals.find((g) => g.id === id)?.name || "";
const today = () => new Date().toISOString().slice(0, 10);
/** A score as written: +2, 0, −2 (a real minus sign). */
const signed = (v) => (v > 0 ? `+${v}` : v < 0 ? `\u2212${-v}` : "0");

/** The list of the organisation's workshops, with new and import. */
export async function matricesView(main) {
  const { workshops, layer } = await api("GET", "/v1/workshops");
  const message = h("p", { class: "error", role: "alert" });
  const file = h("input", { type: "file", id: uid("import"), accept: `.xlsx,.csv,${XLSX},text/csv` });
  async function importFile() {
    const chosen = file.files[0];
    if (!chosen) return;
    const titel = chosen.name.replace(/\.(xlsx|csv)$/i, "");
    const id = slug(titel) || `matris-${today()}`;
    const type = /\.csv$/i.test(chosen.name) ? "text/csv" : XLSX;
    let data;
    try {
      data = await api("POST", `/v1/workshops/import?id=${seg(id)}&titel=${seg(titel)}&datum=${today()}&lang=${lang}`, chosen, { type });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      fill(message, t("importFailed"), " ", (e.problem.errors || []).map((x) => x.message).join("; ") || e.message);
      return;
    }
    session.importedWorkshop = data;
    location.hash = "#/verkstad/ny";
  }
  fill(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, t("workshops")), canWrite() ? h("a", { class: "button primary", href: "#/verkstad/ny" }, t("newWorkshop")) : null),
    h("p", {}, t("workshopsLead")),
    h("p", {}, layer ? t("layerInForce", layer.workshop, layer.version, layer.by) : t("noLayerInForce")),
    workshops.length
      ? h(
          "table",
          {},
          h("thead", {}, h("tr", {}, [t("workshopTitle"), t("version"), t("changedBy"), t("changedAt"), ""].map((c) => h("th", { scope: "col" }, c)))),
          h(
            "tbody",
            {},
            workshops.map((w) =>
              h(
                "tr",
                {},
                h("td", {}, h("a", { href: `#/verkstad/${seg(w.id)}` }, w.titel), layer?.workshop === w.id ? h("span", { class: "badge" }, t("inUse", layer.version)) : null),
                h("td", { class: "num" }, w.version),
                h("td", {}, w.author),
                h("td", {}, formatTime(w.created_at)),
                h("td", { class: "actions" }, h("a", { href: `/v1/workshops/${seg(w.id)}/export?format=xlsx` }, "Excel"), h("a", { href: `/v1/workshops/${seg(w.id)}/export?format=csv` }, "CSV")),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, t("noWorkshops")),
    canWrite()
      ? h("div", { class: "card" }, h("h2", {}, t("importMatrix")), h("p", {}, t("importLead")), h("label", { for: file.id }, t("chooseFile")), file, h("div", { class: "buttons" }, h("button", { type: "button", on: { click: importFile } }, t("import"))), message)
      : null,
  );
}

/** A workshop's id from its title: lower-case a–z, digits and dashes. */
function slug(text) {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64);
}

/** One workshop: targets, pair scoring, grid, disagreements, with the metrics beside. */
export async function matrixView(main, id) {
  let stored = null;
  if (id) stored = await api("GET", `/v1/workshops/${seg(id)}`);
  const imported = !id && session.importedWorkshop;
  session.importedWorkshop = null;
  let version = stored?.version ?? 0;
  let saved = stored ? structuredClone(stored.document) : null;
  let doc = structuredClone(
    stored?.document ||
      imported || { format_version: 1, id: "", titel: "", datum: today(), mal: [], deltagare: [], poang: [], beslut: [] },
  );
  let idEdited = Boolean(id || imported);
  // An imported workbook is what the user asked for: an earlier new workshop's draft
  // is not put in its place.
  const draft = imported ? null : readDraft(draftId(id));
  const notice = h("div", { class: "draft-offer", role: "status" });
  const opened = structuredClone(doc);
  if (draft && !sameDocument(draft.doc, doc)) {
    if (draft.version === version) {
      doc = draft.doc;
      fill(notice, h("p", {}, t("matrixDraftRestored", formatTime(draft.at))), h("button", { type: "button", on: { click: discardDraft } }, t("discardDraft")));
    } else {
      // Someone saved a newer version since: the draft is offered, never put in its place
      // unasked; restored, it is saved as the next version over theirs.
      fill(
        notice,
        h("p", {}, t("matrixDraftOlder", formatTime(draft.at), draft.version, version)),
        h("button", { type: "button", on: { click: restoreDraft } }, t("restore")),
        h("button", { type: "button", on: { click: discardDraft } }, t("discardDraft")),
      );
    }
  }
  function restoreDraft() {
    doc = draft.doc;
    fill(notice);
    changed(false);
    show(tab);
  }
  function discardDraft() {
    dropDraft(draftId(id));
    doc = structuredClone(opened);
    fill(notice);
    changed(false);
    show(tab);
  }

  // Who scores: a participant, or the workshop's agreed score ("" below).
  let scorer = "";
  let decider = session.who?.label || session.who?.organisation || "";
  let at = 0; // the pair shown in the scoring view
  let tab = doc.mal.length >= 2 ? "score" : "targets";
  let analysis = null;

  const status = h("span", { class: "muted", role: "status" });
  const saveButton = h("button", { type: "button", class: "primary", on: { click: save } }, t("save"));
  const problems = h("div", { class: "problems", role: "alert" });
  const view = h("div", { class: "matrix-main" });
  const side = h("aside", { class: "panel matrix-side", "aria-label": t("metricsHeading") });
  const tabs = ["targets", "score", "grid", "disagreements"].map((name) =>
    h("button", { type: "button", role: "tab", dataset: { tab: name }, on: { click: () => show(name) } }, t(`tab_${name}`)),
  );
  const exports = h("span", { class: "links" });
  const adopt = h("button", { type: "button", on: { click: adoptLayer } }, t("adoptLayer"));

  // ----- the document -----

  const pairs = () => doc.mal.flatMap((a) => doc.mal.filter((b) => b !== a).map((b) => [a, b]));
  const agreedOf = (a, b) => doc.beslut.find((s) => s.fran === a && s.till === b);
  const scoreOf = (who, a, b) => doc.poang.find((s) => s.deltagare === who && s.fran === a && s.till === b);

  /** Records `value` (null: none) for pair a → b by the current scorer. */
  function setScore(a, b, value, comment) {
    const list = scorer ? doc.poang : doc.beslut;
    const i = list.findIndex((s) => s.fran === a && s.till === b && (!scorer || s.deltagare === scorer));
    if (value === null) {
      if (i >= 0) list.splice(i, 1);
    } else {
      const entry = scorer ? { deltagare: scorer, fran: a, till: b, poang: value } : { fran: a, till: b, poang: value, beslutad_av: decider || undefined };
      const text = comment ?? (i >= 0 ? list[i].kommentar : undefined);
      if (text) entry.kommentar = text;
      if (i >= 0) list[i] = entry;
      else list.push(entry);
    }
    changed(true, performance.now());
  }

  function setComment(a, b, text) {
    const entry = scorer ? scoreOf(scorer, a, b) : agreedOf(a, b);
    if (!entry) return;
    if (text.trim()) entry.kommentar = text;
    else delete entry.kommentar;
    changed(false);
  }

  // ----- saving, drafts, leaving -----

  const dirty = () => !saved || !sameDocument(saved, doc);
  function changed(scored, startedAt) {
    const kept = writeDraft(draftId(id), doc, version);
    status.textContent = dirty() ? (kept === "kept" ? t("unsavedDraftKept") : t("unsavedNotKept")) : version ? t("savedVersion", version) : "";
    if (scored || startedAt) refresh(startedAt);
  }
  session.leaving = () => dirty() && (doc.mal.length > 0 || doc.titel);
  window.onbeforeunload = (e) => {
    if (session.leaving?.()) e.preventDefault();
  };

  async function save() {
    fill(problems);
    if (!id) doc.id = doc.id || slug(doc.titel);
    try {
      const out = id
        ? await api("PUT", `/v1/workshops/${seg(id)}?lang=${lang}`, doc, { ifMatch: version })
        : await api("POST", `/v1/workshops?lang=${lang}`, doc);
      version = out.version;
      saved = structuredClone(doc);
      dropDraft(draftId(id));
      if (!id) {
        dropDraft(draftId(null));
        session.leaving = null;
        location.hash = `#/verkstad/${seg(doc.id)}`;
        return;
      }
      changed(false);
      exportLinks();
      announce(t("savedVersion", version));
    } catch (e) {
      showProblems(e);
    }
  }

  function showProblems(e) {
    const list = e instanceof ApiError ? e.problem.errors || [] : [];
    const conflict = e instanceof ApiError && e.status === 412;
    fill(
      problems,
      h("p", {}, conflict ? t("workshopConflict") : !(e instanceof ApiError) ? e.message : e.status === 422 ? t("notSavedProblems", list.length) : t("notSavedStatus", e.status)),
      list.length ? h("ul", {}, list.map((p) => h("li", {}, `${pointerLabel(p.pointer)}: ${p.message}`))) : null,
    );
  }

  /** A problem's place in words: "Mål 3", "Poäng 12", … */
  function pointerLabel(pointer) {
    const [, field, index] = (pointer || "").split("/");
    const name = t(`field_${field}`) || field;
    return index !== undefined ? `${name} ${Number(index) + 1}` : name || t("theWorkshop");
  }

  function exportLinks() {
    fill(
      exports,
      version ? h("a", { href: `/v1/workshops/${seg(id)}/export?format=xlsx` }, t("exportXlsx")) : null,
      version ? h("a", { href: `/v1/workshops/${seg(id)}/export?format=csv` }, t("exportCsv")) : null,
    );
    adopt.hidden = !(isAnalyst() && version);
  }

  async function adoptLayer() {
    if (dirty()) return fill(problems, h("p", {}, t("saveBeforeAdopt")));
    if (!confirm(t("adoptConfirm", doc.titel, version))) return;
    try {
      const out = await api("PUT", "/v1/workshops/layer", { workshop: id, version });
      announce(t("layerInForce", out.layer.workshop, out.layer.version, out.layer.by));
      fill(problems, h("p", { class: "notice" }, t("layerInForce", out.layer.workshop, out.layer.version, out.layer.by)));
    } catch (e) {
      showProblems(e);
    }
  }

  // ----- the live analysis -----

  let asked = 0;
  async function refresh(startedAt) {
    const mine = ++asked;
    if (!doc.titel.trim() || !doc.id) {
      analysis = null;
      renderSide();
      return;
    }
    try {
      const result = await api("POST", `/v1/workshops/analysis?lang=${lang}`, doc);
      if (mine !== asked) return; // a newer one is on its way
      analysis = result;
      fill(problems);
      renderSide();
      if (tab === "disagreements") show(tab);
      if (startedAt !== undefined) performance.measure("hallbar:metrics", { start: startedAt, end: performance.now() });
    } catch (e) {
      if (mine !== asked) return;
      analysis = null;
      renderSide();
      showProblems(e);
    }
  }

  function renderSide() {
    if (!analysis) return fill(side, h("h2", {}, t("metricsHeading")), h("p", { class: "muted" }, t("metricsWaiting")));
    const ranked = [...analysis.metrics].sort((a, b) => a.rank - b.rank);
    fill(
      side,
      h("h2", {}, t("metricsHeading")),
      h("p", { class: "muted", dataset: { agreed: analysis.agreed } }, t("agreedOf", analysis.agreed, analysis.pairs)),
      h(
        "table",
        { class: "metrics" },
        h("caption", { class: "visually-hidden" }, t("ranking")),
        h("thead", {}, h("tr", {}, [t("rank"), t("matrixTarget"), t("outDegree"), t("inDegree"), t("secondOrder"), t("netInfluence")].map((c) => h("th", { scope: "col" }, c)))),
        h(
          "tbody",
          {},
          ranked.map((m) =>
            h(
              "tr",
              {},
              h("td", { class: "num" }, m.rank),
              h("th", { scope: "row", title: goalName(m.id) }, m.id),
              h("td", { class: "num" }, formatNumber(m.out_sum)),
              h("td", { class: "num" }, formatNumber(m.in_sum)),
              h("td", { class: "num" }, formatNumber(m.second_order, { maximumFractionDigits: 1 })),
              h("td", { class: "num" }, formatNumber(m.total, { maximumFractionDigits: 1 })),
            ),
          ),
        ),
      ),
      h("h3", {}, t("strongNegative")),
      analysis.negative.length
        ? h("ul", { class: "negative" }, analysis.negative.map((n) => h("li", {}, `${n.fran} → ${n.till} (${signed(n.poang)})`, h("span", { class: "muted" }, ` ${goalName(n.fran)} → ${goalName(n.till)}`))))
        : h("p", { class: "muted" }, t("noStrongNegative")),
      h("h3", {}, t("networkFigure")),
      figure(analysis.figure, t("networkAlt")),
    );
  }

  // ----- the views -----

  function show(name) {
    tab = name;
    for (const b of tabs) b.setAttribute("aria-selected", String(b.dataset.tab === name));
    if (name === "targets") targetsView();
    else if (name === "score") scoreView();
    else if (name === "grid") gridView();
    else disagreementsView();
  }

  function targetsView() {
    const field = (label, input) => h("div", { class: "field" }, h("label", { for: input.id }, label), input);
    const titel = h("input", { id: uid("titel"), value: doc.titel, on: { input: (e) => { doc.titel = e.target.value; if (!idEdited) { doc.id = slug(doc.titel); idInput.value = doc.id; } changed(false); } } });
    const idInput = h("input", { id: uid("id"), value: doc.id, disabled: Boolean(id), pattern: "[a-z0-9][a-z0-9-]*", on: { input: (e) => { doc.id = e.target.value; idEdited = true; changed(false); } } });
    const datum = h("input", { id: uid("datum"), type: "date", value: doc.datum, on: { change: (e) => { doc.datum = e.target.value; changed(true); } } });
    const person = h("input", { id: uid("deltagare"), autocomplete: "off" });
    const addPerson = () => {
      const name = person.value.trim();
      if (!name || doc.deltagare.includes(name)) return;
      doc.deltagare.push(name);
      person.value = "";
      changed(false);
      targetsView();
      document.getElementById(person.id)?.focus();
    };
    person.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addPerson(); } });
    const search = h("input", { id: uid("sok"), type: "search", autocomplete: "off", placeholder: t("searchTargetsPlaceholder") });
    const results = h("ul", { class: "target-results", "aria-live": "polite" });
    const chosen = h("ol", { class: "chosen" });
    function renderChosen() {
      fill(
        chosen,
        doc.mal.map((g, i) =>
          h(
            "li",
            {},
            h("strong", {}, g), ` ${goalName(g)} `,
            h("button", { type: "button", class: "link", "aria-label": t("moveUp", g), disabled: i === 0, on: { click: () => { [doc.mal[i - 1], doc.mal[i]] = [doc.mal[i], doc.mal[i - 1]]; changed(true); renderChosen(); } } }, "↑"),
            " ",
            h("button", { type: "button", class: "link danger", "aria-label": t("removeTarget", g), on: { click: () => removeTarget(g) } }, t("remove")),
          ),
        ),
      );
    }
    function removeTarget(g) {
      const scored = doc.beslut.filter((s) => s.fran === g || s.till === g).length + doc.poang.filter((s) => s.fran === g || s.till === g).length;
      if (scored && !confirm(t("removeScoredTarget", g, scored))) return;
      doc.mal = doc.mal.filter((x) => x !== g);
      doc.beslut = doc.beslut.filter((s) => s.fran !== g && s.till !== g);
      doc.poang = doc.poang.filter((s) => s.fran !== g && s.till !== g);
      changed(true);
      renderChosen();
      find();
    }
    function find() {
      const q = search.value.trim().toLowerCase();
      const hits = q
        ? session.goals.filter((g) => g.id.toLowerCase().startsWith(q) || g.name.toLowerCase().includes(q)).slice(0, 40)
        : [];
      fill(
        results,
        hits.map((g) => {
          const box = h("input", { type: "checkbox", id: uid("mal"), checked: doc.mal.includes(g.id), on: { change: (e) => {
            if (e.target.checked) { if (!doc.mal.includes(g.id)) doc.mal.push(g.id); changed(true); renderChosen(); }
            else removeTarget(g.id);
          } } });
          return h("li", { class: "choice" }, box, h("label", { for: box.id }, h("strong", {}, g.id), ` ${g.name}`));
        }),
      );
    }
    search.addEventListener("input", find);
    renderChosen();
    fill(
      view,
      h(
        "div",
        { class: "card" },
        h("div", { class: "row-fields" }, field(t("workshopTitle"), titel), field(t("workshopId"), idInput), field(t("workshopDate"), datum)),
        h("h2", {}, t("participants")),
        h("ul", { class: "chips" }, doc.deltagare.map((p) => h("li", { class: "chip" }, p, h("button", { type: "button", class: "chip-remove", "aria-label": t("removeParticipant", p), on: { click: () => {
          const scored = doc.poang.filter((s) => s.deltagare === p).length;
          if (scored && !confirm(t("removeScoredParticipant", p, scored))) return;
          doc.deltagare = doc.deltagare.filter((x) => x !== p);
          doc.poang = doc.poang.filter((s) => s.deltagare !== p);
          changed(true);
          targetsView();
        } } }, "×")))),
        field(t("addParticipant"), person),
        h("button", { type: "button", on: { click: addPerson } }, t("add")),
        h("h2", {}, t("targets"), " ", h("span", { class: "badge" }, doc.mal.length)),
        h("p", { class: "muted" }, t("targetsLead")),
        field(t("searchTargets"), search),
        results,
        h("h3", {}, t("chosenTargets")),
        chosen,
      ),
    );
  }

  /** Who is scoring: a participant or the agreed score, and who decides it. */
  function scorerFields(onChange) {
    const select = h(
      "select",
      { id: uid("scorer"), on: { change: (e) => { scorer = e.target.value; onChange(); } } },
      h("option", { value: "", selected: scorer === "" }, t("agreedScore")),
      doc.deltagare.map((p) => h("option", { value: p, selected: scorer === p }, p)),
    );
    const who = h("input", { id: uid("decider"), value: decider, on: { input: (e) => { decider = e.target.value; } } });
    return h(
      "div",
      { class: "row-fields" },
      h("div", { class: "field" }, h("label", { for: select.id }, t("scoringAs")), select),
      scorer === "" ? h("div", { class: "field" }, h("label", { for: who.id }, t("decidedBy")), who) : null,
    );
  }

  function scoreView() {
    const all = pairs();
    if (all.length === 0) {
      fill(view, h("p", { class: "notice" }, t("chooseTargetsFirst")));
      return;
    }
    at = Math.max(0, Math.min(at, all.length - 1));
    const [a, b] = all[at];
    const current = (scorer ? scoreOf(scorer, a, b) : agreedOf(a, b))?.poang;
    const others = doc.poang.filter((s) => s.fran === a && s.till === b);
    const comment = h("textarea", { id: uid("kommentar"), rows: 2, on: { change: (e) => setComment(a, b, e.target.value) } });
    comment.value = (scorer ? scoreOf(scorer, a, b) : agreedOf(a, b))?.kommentar || "";
    const levels = (analysis?.scale || fallbackScale()).map((level) =>
      h(
        "button",
        {
          type: "button",
          class: `level level-${level.value < 0 ? "neg" : level.value > 0 ? "pos" : "zero"}`,
          "aria-pressed": String(current === level.value),
          dataset: { value: level.value },
          on: { click: () => score(level.value) },
        },
        h("span", { class: "level-value" }, signed(level.value)),
        h("span", { class: "level-label" }, level.label),
        h("span", { class: "level-definition" }, level.definition),
        level.example ? h("span", { class: "level-example" }, level.example) : null,
      ),
    );
    fill(
      view,
      scorerFields(scoreView),
      h(
        "section",
        { class: "pair", tabindex: "-1", "aria-live": "polite", "aria-label": t("pairOf", at + 1, all.length) },
        h("p", { class: "muted" }, t("pairOf", at + 1, all.length), " · ", t("keysHelp")),
        h("p", { class: "pair-question" }, t("pairQuestion")),
        h("p", { class: "pair-goal" }, h("span", { class: "pair-role" }, t("rowTarget")), h("strong", {}, a), " ", goalName(a)),
        h("p", { class: "pair-goal" }, h("span", { class: "pair-role" }, t("columnTarget")), h("strong", {}, b), " ", goalName(b)),
        h("p", { class: "pair-current", dataset: { score: current ?? "" } }, current === undefined ? t("notScored") : t("scoredAs", signed(current))),
        h("div", { class: "levels", role: "group", "aria-label": t("scale") }, levels),
        h("label", { for: comment.id }, t("comment")),
        comment,
        !scorer && others.length
          ? h("p", { class: "spread" }, t("participantsSaid"), " ", others.map((s) => `${s.deltagare} ${signed(s.poang)}`).join(" · "))
          : null,
        h(
          "div",
          { class: "buttons" },
          h("button", { type: "button", disabled: at === 0, on: { click: () => go(-1) } }, t("previousPair")),
          h("button", { type: "button", on: { click: () => score(null) } }, t("clearScore")),
          h("button", { type: "button", class: "primary", disabled: at === all.length - 1, on: { click: () => go(1) } }, t("nextPair")),
        ),
      ),
    );
    keepFocus();
  }

  // The keys score where the focus is: when a re-render took it away, on the pair.
  function keepFocus() {
    if (!view.contains(document.activeElement)) view.querySelector(".pair")?.focus({ preventScroll: true });
  }

  function go(step) {
    at = Math.max(0, Math.min(pairs().length - 1, at + step));
    scoreView();
  }

  /** Scores the pair shown and moves on to the next. */
  function score(value) {
    const all = pairs();
    if (!all[at]) return;
    const [a, b] = all[at];
    setScore(a, b, value);
    if (value !== null && at < all.length - 1) at += 1;
    scoreView();
  }

  // Keyboard: 3 2 1 0 score +3 … 0, "-" then 1 2 3 score −1 … −3; arrows move; Delete clears.
  let minus = false;
  function keys(event) {
    if (!main.contains(view)) return document.removeEventListener("keydown", keys);
    if (tab !== "score" || event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "-") { minus = true; event.preventDefault(); return; }
    if (/^[0-3]$/.test(event.key)) {
      event.preventDefault();
      score((minus ? -1 : 1) * Number(event.key));
    } else if (event.key === "ArrowRight") go(1);
    else if (event.key === "ArrowLeft") go(-1);
    else if (event.key === "Delete" || event.key === "Backspace") score(null);
    minus = false;
  }
  document.addEventListener("keydown", keys);

  function gridView() {
    if (doc.mal.length < 2) {
      fill(view, h("p", { class: "notice" }, t("chooseTargetsFirst")));
      return;
    }
    // One pass over the scores per drawing, not one per cell; a cell scored afterwards
    // is looked up on its own.
    const shown = new Map((scorer ? doc.poang.filter((s) => s.deltagare === scorer) : doc.beslut).map((s) => [`${s.fran}\u0000${s.till}`, s.poang]));
    const value = (a, b) => shown.get(`${a}\u0000${b}`);
    const cell = (a, b, r, c) => {
      if (a === b) return h("td", { class: "diagonal", "aria-hidden": "true" }, "");
      const v = value(a, b);
      return h(
        "td",
        {},
        h(
          "button",
          {
            type: "button",
            class: `cell ${v === undefined ? "" : v < 0 ? "neg" : v > 0 ? "pos" : "zero"}`,
            tabindex: r === 0 && c === 1 ? "0" : "-1",
            dataset: { r, c },
            "aria-label": t("cellLabel", a, b, v === undefined ? t("notScored") : signed(v)),
            on: { click: () => { at = pairs().findIndex(([x, y]) => x === a && y === b); show("score"); } },
          },
          v === undefined ? "" : signed(v),
        ),
      );
    };
    const table = h(
      "table",
      { class: "matrix-grid", on: { keydown: gridKeys } },
      h("caption", {}, t("gridCaption")),
      h("thead", {}, h("tr", {}, h("th", {}, ""), doc.mal.map((g) => h("th", { scope: "col", title: goalName(g) }, g)))),
      h("tbody", {}, doc.mal.map((a, r) => h("tr", {}, h("th", { scope: "row", title: goalName(a) }, a), doc.mal.map((b, c) => cell(a, b, r, c))))),
    );
    let minusInGrid = false;
    function gridKeys(event) {
      const button = event.target.closest("button.cell");
      if (!button) return;
      let r = Number(button.dataset.r);
      let c = Number(button.dataset.c);
      const n = doc.mal.length;
      const moves = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
      if (moves[event.key]) {
        event.preventDefault();
        const [dr, dc] = moves[event.key];
        do { r = (r + dr + n) % n; c = (c + dc + n) % n; } while (r === c);
        focusCell(r, c);
        return;
      }
      if (event.key === "-") { minusInGrid = true; event.preventDefault(); return; }
      let v;
      if (/^[0-3]$/.test(event.key)) v = (minusInGrid ? -1 : 1) * Number(event.key);
      else if (event.key === "Delete" || event.key === "Backspace") v = null;
      minusInGrid = false;
      if (v === undefined) return;
      event.preventDefault();
      const [a, b] = [doc.mal[r], doc.mal[c]];
      setScore(a, b, v);
      const now = (scorer ? scoreOf(scorer, a, b) : agreedOf(a, b))?.poang;
      button.textContent = now === undefined ? "" : signed(now);
      button.className = `cell ${now === undefined ? "" : now < 0 ? "neg" : now > 0 ? "pos" : "zero"}`;
      button.setAttribute("aria-label", t("cellLabel", a, b, now === undefined ? t("notScored") : signed(now)));
    }
    function focusCell(r, c) {
      const target = table.querySelector(`button.cell[data-r="${r}"][data-c="${c}"]`);
      if (!target) return;
      for (const b of table.querySelectorAll("button.cell[tabindex='0']")) b.tabIndex = -1;
      target.tabIndex = 0;
      target.focus();
    }
    fill(view, scorerFields(gridView), h("p", { class: "muted" }, t("gridHelp")), h("div", { class: "scroll" }, table));
  }

  function disagreementsView() {
    const spread = analysis?.spread || [];
    const open = spread.filter((p) => p.disagreement);
    fill(
      view,
      h("p", {}, t("disagreementsLead")),
      doc.deltagare.length === 0
        ? h("p", { class: "muted" }, t("noParticipants"))
        : open.length === 0
          ? h("p", { class: "muted" }, t("noDisagreements"))
          : h(
              "table",
              { class: "disagreements" },
              h("thead", {}, h("tr", {}, [t("pair"), t("participantScores"), t("lowest"), t("median"), t("highest"), t("agreedScore"), ""].map((c) => h("th", { scope: "col" }, c)))),
              h(
                "tbody",
                {},
                open.map((p) =>
                  h(
                    "tr",
                    {},
                    h("th", { scope: "row", title: `${goalName(p.fran)} → ${goalName(p.till)}` }, `${p.fran} → ${p.till}`),
                    h("td", {}, p.scores.map((s) => `${s.deltagare} ${signed(s.poang)}`).join(" · ")),
                    h("td", { class: "num" }, signed(p.min)),
                    h("td", { class: "num" }, signed(p.median)),
                    h("td", { class: "num" }, signed(p.max)),
                    h("td", { class: "num" }, p.agreed === null ? "–" : signed(p.agreed)),
                    h("td", {}, h("button", { type: "button", on: { click: () => { scorer = ""; at = pairs().findIndex(([x, y]) => x === p.fran && y === p.till); show("score"); } } }, t("decide"))),
                  ),
                ),
              ),
            ),
    );
  }

  exportLinks();
  status.textContent = dirty() && (doc.titel || doc.mal.length) ? t("unsavedDraftKept") : version ? t("savedVersion", version) : "";
  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      h("h1", {}, doc.titel || t("newWorkshop")),
      h("a", { href: "#/verkstad" }, t("back")),
      exports,
      canWrite() ? adopt : null,
      h("div", { class: "save" }, status, canWrite() ? saveButton : null),
    ),
    notice,
    problems,
    h("div", { class: "tabs", role: "tablist" }, tabs),
    h("div", { class: "matrix" }, view, side),
  );
  show(tab);
  renderSide();
  refresh();
}

/** The scale before the server has answered (the labels; the examples come with it). */
function fallbackScale() {
  return [3, 2, 1, 0, -1, -2, -3].map((value) => ({ value, label: t(`level_${value}`), definition: "" }));
}
