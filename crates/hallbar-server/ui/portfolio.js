// The portfolio follow-up over the organisation's stored assessments (analytiker).

import { h, fill } from "./dom.js";
import { lang, t } from "./i18n.js";

export async function portfolioView(main) {
  const url = (format) => `/v1/portfolio?format=${format}&lang=${lang}`;
  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      h("h1", {}, t("portfolio")),
      h("a", { class: "button", href: url("html"), download: "portfolj.html" }, t("downloadHtml")),
      h("a", { class: "button", href: url("md"), download: "portfolj.md" }, t("downloadMd")),
    ),
    h("iframe", { class: "report", title: t("portfolio"), src: url("html") }),
  );
}
