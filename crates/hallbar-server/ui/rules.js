// The rules: the organisation's effective set with where each rule comes from
// (searchable), and — for analysts — its own layer: rules and tests edited with their
// problems beside them as one types, the tests run on demand, and the impact on the
// organisation's stored assessments shown before a new version is saved.

import { api, ApiError, seg } from "./api.js";
import { h, fill, announce, debounce } from "./dom.js";
import { lang, t, formatNumber } from "./i18n.js";
import { session } from "./session.js";

const isAnalyst = () => session.who?.role === "analytiker";

/** "standard:12", "organisationens lager v1:4". */
const place = (p) => (p ? (p.line ? `${p.layer}:${p.line}` : p.layer) : "");

export async function rulesView(main) {
  const [effective, layer] = await Promise.all([
    api("GET", "/v1/rules"),
    api("GET", "/v1/rules/layer"),
  ]);
  const list = effectiveList(effective);
  fill(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, t("rules"))),
    h("p", { class: "muted" }, effective.layer ? t("rulesWithLayer", effective.layer) : t("rulesServerOnly")),
    effective.layer_problem ? h("p", { class: "notice", role: "alert" }, t("layerBroken", effective.layer_problem)) : null,
    isAnalyst() ? layerEditor(layer) : null,
    list,
  );
}

/** The effective set, searchable: each rule, its origin, what changed or switched it off. */
function effectiveList(effective) {
  const search = h("input", { id: "rule-search", type: "search", autocomplete: "off" });
  const body = h("tbody");
  const count = h("p", { class: "muted", role: "status" });
  function show() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = effective.rules.filter((r) => {
      const text = [r.id, r.titel, r.typ, r.allvarlighet, place(r.written), r.switched_off?.reason].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    });
    fill(
      body,
      rows.map((r) =>
        h(
          "tr",
          { class: r.in_force ? null : "off", dataset: { rule: r.id } },
          h("td", {}, h("code", {}, r.id)),
          h("td", {}, r.titel),
          h("td", {}, r.allvarlighet),
          h("td", {}, place(r.written)),
          h(
            "td",
            {},
            r.changed?.map((c) => h("div", {}, t("ruleChanged", place(c.at), c.fields.join(", "), c.reason))),
            r.switched_off ? h("div", { class: "off" }, t("ruleSwitchedOff", place(r.switched_off.at), r.switched_off.reason)) : null,
          ),
        ),
      ),
    );
    count.textContent = `${formatNumber(rows.length)} / ${formatNumber(effective.rules.length)}`;
  }
  search.addEventListener("input", show);
  const section = h(
    "section",
    { "aria-labelledby": "effective-heading" },
    h("h2", { id: "effective-heading" }, t("effectiveRules")),
    h("label", { for: "rule-search" }, t("searchRules")),
    search,
    count,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "list", id: "effective-rules" },
        h("thead", {}, h("tr", {}, [t("ruleId"), t("title"), t("severity"), t("ruleOrigin"), t("ruleHistory")].map((c) => h("th", { scope: "col" }, c)))),
        body,
      ),
    ),
  );
  show();
  return section;
}

/** A text area with its problems listed beside it, each naming and selecting its line. */
function codeField(id, label, value) {
  const area = h("textarea", { id, rows: 14, spellcheck: "false", class: "code", "aria-describedby": `${id}-problems`, value });
  const problems = h("ul", { id: `${id}-problems`, class: "problems", "aria-live": "polite" });
  function show(list) {
    fill(
      problems,
      list.map((p) =>
        h(
          "li",
          { class: p.severity === "warning" ? "warning" : "error" },
          h(
            "button",
            { type: "button", class: "link", on: { click: () => selectLine(area, p.line) } },
            p.line ? t("atLine", p.line, p.column) : t("inText"),
          ),
          " ",
          p.message,
          p.help ? h("span", { class: "help" }, ` — ${p.help}`) : null,
        ),
      ),
    );
  }
  return { area, show, element: h("div", { class: "code-field" }, h("label", { for: id }, label), h("div", { class: "code-pair" }, area, problems)) };
}

/** Selects line `n` (from 1) of `area` and puts the caret there. */
function selectLine(area, n) {
  if (!n) return area.focus();
  const lines = area.value.split("\n");
  const start = lines.slice(0, n - 1).reduce((sum, l) => sum + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[n - 1] || "").length);
}

/** A 422's places as problems of the field whose pointer they start with. */
function placed(error, prefix) {
  return (error.problem.errors || [])
    .filter((e) => e.pointer.startsWith(prefix))
    .map((e) => ({ ...e, severity: "error" }));
}

/** The organisation's layer: edit, check as typed, test, see the impact, save. */
function layerEditor(layer) {
  let version = layer.version;
  const saved = { rules: layer.rules, tests: layer.tests };
  const rules = codeField("layer-rules", t("layerRules"), layer.rules);
  const tests = codeField("layer-tests", t("layerTests"), layer.tests);
  const status = h("p", { class: "muted", role: "status", id: "layer-status" });
  const results = h("div", { id: "layer-results" });
  const heading = h("h2", { id: "layer-heading" }, t("layerHeading", version));
  const body = () => ({ rules: rules.area.value, tests: tests.area.value });
  const dirty = () => rules.area.value !== saved.rules || tests.area.value !== saved.tests;
  session.leaving = dirty;
  window.onbeforeunload = (e) => (dirty() ? e.preventDefault() : undefined);

  const check = debounce(async () => {
    try {
      const answer = await api("POST", `/v1/rules/layer/check?lang=${lang}`, body());
      rules.show(answer.problems);
      status.textContent = answer.valid ? t("layerValid") : t("layerInvalid", answer.problems.filter((p) => p.severity === "error").length);
    } catch (e) {
      status.textContent = e.message;
    }
  }, 300);
  rules.area.addEventListener("input", () => {
    check();
    save.disabled = true;
    confirm.hidden = true;
  });
  tests.area.addEventListener("input", () => {
    tests.show([]);
    save.disabled = true;
    confirm.hidden = true;
  });

  async function runTests() {
    try {
      const run = await api("POST", `/v1/rules/layer/test?lang=${lang}`, body());
      tests.show([]);
      fill(
        results,
        h("h3", {}, t("testResults", run.passed, run.failed)),
        h(
          "ul",
          { class: "cases" },
          run.cases.map((c) => h("li", { class: c.passed ? "passed" : "failed" }, `${c.passed ? "✓" : "✗"} ${c.name}`, c.failures.map((f) => h("div", { class: "help" }, f)))),
        ),
        run.never_fired.length ? h("p", { class: "muted" }, t("neverFired", run.never_fired.length)) : null,
      );
      announce(t("testResults", run.passed, run.failed));
    } catch (e) {
      shown(e);
    }
  }

  /** What saving would change, as a table linking each assessment; then the save. */
  async function review() {
    try {
      const impact = await api("POST", `/v1/rules/layer/impact?lang=${lang}`, body());
      fill(results, impactTable(impact));
      save.disabled = false;
      confirm.hidden = false;
      save.focus();
      announce(t("impactSummary", impact.assessments, impact.changed));
    } catch (e) {
      shown(e);
    }
  }

  async function store() {
    save.disabled = true;
    try {
      const answer = await api("PUT", `/v1/rules/layer?lang=${lang}`, body(), { ifMatch: version });
      version = answer.version;
      Object.assign(saved, body());
      heading.textContent = t("layerHeading", version);
      confirm.hidden = true;
      status.textContent = t("layerSaved", version);
      announce(t("layerSaved", version));
      const effective = await api("GET", "/v1/rules");
      document.getElementById("effective-rules")?.closest("section")?.replaceWith(effectiveList(effective));
    } catch (e) {
      save.disabled = false;
      shown(e);
    }
  }

  /** An error of the server beside the field it is about. */
  function shown(e) {
    if (e instanceof ApiError && e.status === 422) {
      rules.show(placed(e, "/rules"));
      tests.show(placed(e, "/tests"));
    }
    status.textContent = e instanceof ApiError && e.status === 412 ? t("layerConflict") : e.message;
  }

  const save = h("button", { type: "button", class: "primary", id: "layer-save", disabled: true, on: { click: store } }, t("layerSave"));
  const confirm = h("p", { hidden: true }, t("layerSaveLead"), " ", save);
  check();
  return h(
    "section",
    { "aria-labelledby": "layer-heading", class: "card" },
    heading,
    h("p", { class: "muted" }, t("layerLead")),
    rules.element,
    tests.element,
    status,
    h(
      "div",
      { class: "toolbar" },
      h("button", { type: "button", id: "layer-test", on: { click: runTests } }, t("runTests")),
      h("button", { type: "button", id: "layer-impact", on: { click: review } }, t("showImpact")),
    ),
    confirm,
    results,
  );
}

/** The impact of a layer on the organisation's assessments. */
function impactTable(impact) {
  const rows = impact.assessments_changed.map((c) =>
    h(
      "tr",
      {},
      h("td", {}, h("a", { href: `#/a/${seg(c.insats)}` }, c.titel || c.insats)),
      h("td", {}, c.gained.join("; ")),
      h("td", {}, c.lost.join("; ")),
      h("td", {}, c.changed.join("; ")),
    ),
  );
  return h(
    "div",
    { id: "impact" },
    h("h3", {}, t("impactHeading")),
    h("p", {}, t("impactSummary", impact.assessments, impact.changed)),
    impact.rules.length
      ? h(
          "table",
          { class: "list" },
          h("thead", {}, h("tr", {}, [t("ruleId"), t("findingsAdded"), t("findingsRemoved"), t("severityChanged")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, impact.rules.map((r) => h("tr", {}, h("td", {}, h("code", {}, r.rule)), h("td", { class: "num" }, `+${r.added}`), h("td", { class: "num" }, `−${r.removed}`), h("td", { class: "num" }, r.severity_changed)))),
        )
      : null,
    rows.length
      ? h(
          "table",
          { class: "list", id: "impact-assessments" },
          h("thead", {}, h("tr", {}, [t("assessment"), t("gains"), t("loses"), t("severityChanged")].map((c) => h("th", { scope: "col" }, c)))),
          h("tbody", {}, rows),
        )
      : null,
  );
}
