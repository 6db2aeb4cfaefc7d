// The organisation's assessments, searchable; when each last changed, in local time.

import { api, seg } from "./api.js";
import { h, fill } from "./dom.js";
import { lang, t, formatTime, formatNumber } from "./i18n.js";
import { canWrite } from "./session.js";

export async function listView(main) {
  const { assessments } = await api("GET", `/v1/assessments?lang=${lang}`);
  const search = h("input", { id: "search", type: "search", autocomplete: "off" });
  const body = h("tbody");
  const count = h("p", { class: "muted", role: "status" });
  function show() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = assessments.filter((a) => {
      const text = [a.insats_id, a.title, a.state_label, a.updated_by].join(" ").toLowerCase();
      return words.every((w) => text.includes(w));
    });
    fill(
      body,
      rows.map((a) =>
        h(
          "tr",
          {},
          h("td", {}, h("a", { href: `#/a/${seg(a.insats_id)}` }, a.title || a.insats_id)),
          h("td", {}, h("code", {}, a.insats_id)),
          h("td", {}, a.state_label || "–"),
          h("td", {}, h("time", { datetime: a.updated_at }, formatTime(a.updated_at))),
          h("td", {}, a.updated_by),
          h("td", { class: "num" }, formatNumber(a.latest_version)),
          h(
            "td",
            { class: "actions" },
            h("a", { href: `#/a/${seg(a.insats_id)}/versions` }, t("versions")),
            h("a", { href: `#/a/${seg(a.insats_id)}/report` }, t("decisionBasis")),
            h("a", { href: `#/a/${seg(a.insats_id)}/workshop` }, t("workshop")),
          ),
        ),
      ),
    );
    count.textContent = assessments.length === 0 ? t("none") : rows.length === 0 ? t("noMatch") : `${formatNumber(rows.length)} / ${formatNumber(assessments.length)}`;
  }
  search.addEventListener("input", show);
  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      h("h1", {}, t("assessments")),
      canWrite() ? h("a", { class: "button primary", href: "#/new" }, t("newAssessment")) : null,
    ),
    h("label", { for: "search" }, t("search")),
    search,
    count,
    h(
      "div",
      { class: "scroll" },
      h(
        "table",
        { class: "list" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            [t("title"), t("insatsId"), t("state"), t("updated"), t("updatedBy"), t("version"), ""].map((c) => h("th", { scope: "col" }, c)),
          ),
        ),
        body,
      ),
    ),
  );
  show();
}
