// The live findings beside the form. Every change asks the API for an assessment
// (debounced), and its findings, the method status and the figures are redrawn; each
// finding and each problem is also shown beside the field its JSON pointer names.
// The list is not a live region (it would be read out whole on every redraw): a
// separate, visually hidden one says only what changed ("2 nya fynd: …; 1 fynd löst").

import { api, ApiError } from "./api.js";
import { h, fill, figure, debounce } from "./dom.js";
import { lang, t } from "./i18n.js";
import { labelOf } from "./vocab.js";

/**
 * What tells findings apart across redraws: each one's kind and title, numbered when
 * several share them (not their evidence's places, which shift as rows are removed).
 */
function findingKeys(findings) {
  const seen = new Map();
  return findings.map((f) => {
    const key = `${f.kind}|${f.title}`;
    seen.set(key, (seen.get(key) || 0) + 1);
    return `${key}|${seen.get(key)}`;
  });
}

/**
 * Where a finding is shown in the form: beside each place its evidence names, and a
 * missing stakeholder beside the stakeholders too, where it is put right.
 */
const placesOf = (f) => [...(f.evidence || []).map((e) => e.pointer), ...(f.kind === "saknad_intressent" ? ["/intressenter"] : [])];

/** How many suggestions of each kind are shown before "fler" (the API ranks them). */
const SHOWN = 3;

/**
 * "Stöds av": the rules and goal-graph paths behind a finding, by name, when more than
 * the one whose explanation it gives.
 */
function supportList(f) {
  const names = [...new Set((f.supported_by || []).map((s) => (s.path?.length && !s.title.includes(s.path.join(" → ")) ? `${s.title} (${s.path.join(" → ")})` : s.title)))];
  if (names.length < 2) return null;
  return h("div", { class: "supported-by" }, h("p", {}, h("strong", {}, t("supportedBy"))), h("ul", {}, names.map((n) => h("li", {}, n))));
}

/** The suggestions of each kind, ranked: the first few, the rest behind "fler". */
function suggestionLists(suggestions = {}) {
  const lists = { keys: suggestions.nycklar, measures: suggestions.atgarder, indicators: suggestions.indikatorer };
  return Object.entries(lists)
    .filter(([, items]) => items?.length)
    .map(([kind, items]) =>
      h(
        "div",
        { class: "suggestions", dataset: { suggestions: kind } },
        h("p", {}, h("strong", {}, t("suggestionKinds")[kind])),
        h("ul", {}, items.slice(0, SHOWN).map((x) => h("li", {}, x))),
        items.length > SHOWN ? h("details", {}, h("summary", {}, t("moreSuggestions", items.length - SHOWN)), h("ul", {}, items.slice(SHOWN).map((x) => h("li", {}, x)))) : null,
      ),
    );
}

/** Milliseconds from a change to its findings on the page, for measuring. */
const timings = (window.hallbarTimings = window.hallbarTimings || []);

/**
 * The live assessment of `doc`, with its notes placed in `form`: `panel` shows it,
 * `changed()` asks again once typing pauses, `assess()` asks at once, `show(result)`
 * shows an answer (a refused save's problems too), and `placeLast()` places the latest
 * answer's notes again after the form is redrawn.
 */
export function liveFindings(doc, form) {
  const problems = h("div", { class: "problems" });
  const findingsList = h("div", { class: "findings" });
  const changes = h("div", { id: "findings-live", class: "visually-hidden", role: "status", "aria-live": "polite" });
  const statusBox = h("div", { class: "method-status" });
  const panel = h(
    "aside",
    { class: "panel", "aria-label": t("findings") },
    changes,
    problems,
    statusBox,
    findingsList,
    h("div", { class: "figure-slot", dataset: { figure: "wheel" } }),
    h("div", { class: "figure-slot", dataset: { figure: "network" } }),
  );
  let pendingSince = null;
  let lastResult = null;
  // The findings last shown, to tell what changed (null before the first answer).
  let shownKeys = null;
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
      announceChanges(findings);
    } else {
      // A document the engine cannot check yet has no findings: those of its first
      // checkable state are news, and are announced.
      if (shownKeys === null) shownKeys = new Set();
      const errors = result.problem.errors || [];
      fill(
        problems,
        h("h2", {}, t("problems")),
        h("ul", {}, (errors.length ? errors : [{ message: result.problem.detail }]).map((d) => h("li", {}, d.pointer ? goTo(d.pointer, fieldName(d.pointer)) : null, " ", d.message))),
      );
    }
  }

  /** Says which findings are new and how many were resolved since the last answer. */
  function announceChanges(findings) {
    const keys = findingKeys(findings);
    const keyed = findings.map((f, i) => [keys[i], f]);
    const before = shownKeys;
    shownKeys = new Set(keyed.map(([k]) => k));
    if (before === null) return;
    const added = keyed.filter(([k]) => !before.has(k)).map(([, f]) => `${labelOf("fyndtyp", f.kind)}: ${f.title}`);
    const resolved = [...before].filter((k) => !shownKeys.has(k)).length;
    const text = added.length || resolved ? t("findingsChanged", added, resolved) : "";
    if (text) changes.textContent = text;
  }

  function findingItem(f) {
    return h(
      "li",
      { class: `finding sev-${f.severity}`, dataset: { kind: f.kind } },
      h("p", {}, h("strong", {}, labelOf("fyndtyp", f.kind)), " · ", labelOf("allvarlighet", f.severity)),
      h("p", { class: "finding-title" }, f.title),
      h("p", {}, f.explanation),
      f.evidence?.length ? h("ul", { class: "evidence" }, f.evidence.map((e) => h("li", {}, goTo(e.pointer, e.text)))) : null,
      supportList(f),
      ...suggestionLists(f.suggestions),
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

  /**
   * The name a caseworker knows the place `ptr` by: its field's label (with its row's
   * legend, "Effekt e2 › Mål"), or the pointer when the form has no field there.
   */
  function fieldName(ptr) {
    const el = closest(ptr);
    if (!el) return ptr;
    const label = el.querySelector(":scope > label, :scope > legend, :scope > .question-text")?.textContent?.trim();
    const row = el.closest("fieldset.row")?.querySelector(":scope > legend")?.textContent?.trim();
    const parts = [row, label].filter((x, i, all) => x && all.indexOf(x) === i);
    return parts.length ? parts.join(" › ") : ptr;
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
        for (const ptr of new Set(placesOf(f))) note(ptr, `${labelOf("fyndtyp", f.kind)}: ${f.title}`, `sev-${f.severity}`);
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
        status.steps.map((s) => {
          // A step is done when nothing is missing and no serious finding about it
          // stands (the engine's status says which).
          const serious = s.serious || [];
          const open = s.missing.length > 0 || serious.length > 0;
          return h(
            "li",
            { class: open ? "missing" : "done" },
            h("span", {}, `${s.id} ${s.name}: `),
            s.missing.length ? h("span", {}, `${t("stepMissing")} ${s.missing.map(([k]) => labelOf("krav", k)).join(", ")}`) : null,
            serious.length ? h("span", { class: "serious" }, `${s.missing.length ? "; " : ""}${t("stepSerious")} ${serious.join("; ")}`) : null,
            open ? null : h("span", {}, `✓ ${t("stepDone")}`),
          );
        }),
      ),
    );
  }

  return {
    panel,
    changed() {
      if (pendingSince === null) pendingSince = performance.now();
      scheduleAssess();
    },
    assess,
    show: showResult,
    placeLast() {
      if (lastResult) placeNotes(lastResult);
    },
  };
}
