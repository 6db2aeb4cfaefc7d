// An assessment's versions (when each was saved, in local time), and the difference
// between any two.

import { api, seg } from "./api.js";
import { h, fill, uid } from "./dom.js";
import { t, formatTime, formatNumber } from "./i18n.js";

/** A value of a document as a table cell shows it: numbers the language's way, yes or no. */
function shown(v) {
  if (v === undefined || v === null || v === "") return "–";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return t(v ? "yes" : "no");
  return JSON.stringify(v);
}

/**
 * Changes between two documents (from the API's diff) as a table: the place, the value
 * before and the value after, under `before` and `after` as headings.
 */
export function diffTable(changes, before, after) {
  return h(
    "div",
    { class: "scroll" },
    h(
      "table",
      { class: "diff" },
      h("thead", {}, h("tr", {}, [t("field"), before, after].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        {},
        changes.map((c) =>
          h(
            "tr",
            {},
            h("td", {}, h("code", {}, c.path)),
            h("td", { class: c.before === undefined ? "" : "removed" }, shown(c.before)),
            h("td", { class: c.after === undefined ? "" : "added" }, shown(c.after)),
          ),
        ),
      ),
    ),
  );
}

export async function versionsView(main, id) {
  const { versions } = await api("GET", `/v1/assessments/${seg(id)}/versions`);
  const latest = versions[versions.length - 1];
  const choose = (label, selected) => {
    const sid = uid();
    const select = h("select", { id: sid }, versions.map((v) => h("option", { value: v.version, selected: v.version === selected }, `${v.version} · ${formatTime(v.created_at)} · ${v.author}`)));
    return [h("label", { for: sid }, label), select];
  };
  const [fromLabel, from] = choose(t("from"), Math.max(1, latest.version - 1));
  const [toLabel, to] = choose(t("to"), latest.version);
  const result = h("div", { "aria-live": "polite" });
  async function compare(event) {
    event?.preventDefault();
    const d = await api("GET", `/v1/assessments/${seg(id)}/diff?from=${from.value}&to=${to.value}`);
    fill(
      result,
      d.changes.length === 0
        ? h("p", {}, t("noChanges"))
        : diffTable(d.changes, `${t("before")} (${d.from})`, `${t("after")} (${d.to})`),
    );
  }
  fill(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, `${t("versions")}: ${latest.document.insats.titel}`), h("a", { href: `#/a/${seg(id)}` }, t("back"))),
    h(
      "table",
      { class: "list" },
      h("thead", {}, h("tr", {}, [t("version"), t("updated"), t("updatedBy"), ""].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, versions.map((v) => h("tr", {}, h("td", { class: "num" }, String(v.version)), h("td", {}, h("time", { datetime: v.created_at }, formatTime(v.created_at))), h("td", {}, v.author), h("td", {}, v.note)))),
    ),
    h("form", { class: "compare", on: { submit: compare } }, fromLabel, from, toLabel, to, h("button", { type: "submit" }, t("compare"))),
    result,
  );
  if (versions.length > 1) await compare();
}
