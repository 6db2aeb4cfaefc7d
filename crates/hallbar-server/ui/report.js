// The decision basis of an assessment's latest version: in the page, printable, and
// downloadable as HTML and Markdown. The report is the server's rendering, shown in a
// frame under its own policy (no script).

import { seg } from "./api.js";
import { h, fill } from "./dom.js";
import { lang, t } from "./i18n.js";

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
    frame,
  );
}
