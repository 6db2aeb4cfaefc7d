// The live findings beside the form. Every change asks the API for an assessment
// (debounced), and its findings, the method status and the figures are redrawn; each
// finding and each problem is also shown beside the field its JSON pointer names.

import { api, ApiError } from "./api.js";
import { h, fill, figure, announce, debounce } from "./dom.js";
import { lang, t } from "./i18n.js";
import { labelOf } from "./vocab.js";

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
  const findingsList = h("div", { class: "findings", "aria-live": "polite" });
  const statusBox = h("div", { class: "method-status" });
  const panel = h(
    "aside",
    { class: "panel", "aria-label": t("findings") },
    problems,
    statusBox,
    findingsList,
    h("div", { class: "figure-slot", dataset: { figure: "wheel" } }),
    h("div", { class: "figure-slot", dataset: { figure: "network" } }),
  );
  let pendingSince = null;
  let lastResult = null;
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
        h("ul", {}, (errors.length ? errors : [{ message: result.problem.detail }]).map((d) => h("li", {}, d.pointer ? goTo(d.pointer, fieldName(d.pointer)) : null, " ", d.message))),
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

  /**
   * The name a caseworker knows the place `ptr` by: its field's label (with its row's
   * legend, "Effekt e2 › Mål"), or the pointer when the form has no field there.
   */
  function fieldName(ptr) {
    const el = closest(ptr);
    if (!el) return ptr;
    const label = el.querySelector(":scope > label, :scope > legend")?.textContent?.trim();
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
