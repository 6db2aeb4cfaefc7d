// The decision basis of an assessment's latest version: in the page, printable, and
// downloadable as HTML and Markdown. The report is the server's rendering, shown in a
// frame under its own policy (no script). It is made from the saved version only: when
// this browser holds unsaved changes to the assessment (a draft that differs from it),
// a banner above the frame says so and leads back to the editor.

import { api, seg } from "./api.js";
import { h, fill } from "./dom.js";
import { lang, t } from "./i18n.js";
import { readDraft, sameDocument } from "./drafts.js";

/** The banner that says the decision basis is not what the editor holds; null when it is. */
async function staleBanner(id) {
  const draft = readDraft(id);
  if (!draft) return null;
  const stored = await api("GET", `/v1/assessments/${seg(id)}`);
  if (sameDocument(draft.doc, stored.document)) return null;
  return h(
    "div",
    { class: "notice stale", role: "alert", id: "report-stale" },
    h("p", {}, t("reportStale", stored.version)),
    h("a", { href: `#/a/${seg(id)}` }, t("backToEditor")),
  );
}

export async function reportView(main, id) {
  const url = (format) => `/v1/assessments/${seg(id)}/report?format=${format}&lang=${lang}`;
  const frame = h("iframe", { class: "report", title: t("decisionBasis"), src: url("html") });
  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      h("h1", {}, t("decisionBasis")),
      h("a", { href: `#/a/${seg(id)}` }, t("back")),
      h("button", { type: "button", id: "print", on: { click: () => frame.contentWindow.print() } }, t("print")),
      h("a", { class: "button", href: url("html"), download: `${id}-beslutsunderlag.html` }, t("downloadHtml")),
      h("a", { class: "button", href: url("md"), download: `${id}-beslutsunderlag.md` }, t("downloadMd")),
    ),
    await staleBanner(id),
    frame,
  );
}
