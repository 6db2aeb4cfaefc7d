// The workshop view (hållbarhetsverkstad) for a shared screen: one support question at
// a time, large, in the order of the method's steps, with the goal wheel and the
// conflicts found so far.

import { api, seg } from "./api.js";
import { h, fill, figure } from "./dom.js";
import { lang, t } from "./i18n.js";
import { session } from "./session.js";

export async function workshopView(main, id) {
  const stored = await api("GET", `/v1/assessments/${seg(id)}`);
  const doc = stored.document;
  const profile = session.profiles.find((p) => p.profil.id === doc.metod) || session.profiles[0];
  const result = await api("POST", `/v1/assess?figures=true&lang=${lang}`, doc);
  // In the order of the profile's steps (the file may list them otherwise).
  const order = (q) => profile.steg.findIndex((s) => s.id === q.steg);
  const questions = [...profile.fraga].sort((a, b) => order(a) - order(b));
  const steps = new Map(profile.steg.map((s) => [s.id, (lang === "en" && s.name_en) || s.namn]));
  const label = (name, value) => (session.vocabulary[name] || []).find((v) => v.value === value)?.label ?? value;
  const conflicts = result.findings.filter((f) => f.kind === "malkonflikt" || f.kind === "intressekonflikt");
  let at = 0;
  const card = h("section", { class: "workshop-question", "aria-live": "polite" });
  const prev = h("button", { type: "button", on: { click: () => go(-1) } }, t("previous"));
  const next = h("button", { type: "button", class: "primary", on: { click: () => go(1) } }, t("next"));
  function go(step) {
    at = Math.min(questions.length - 1, Math.max(0, at + step));
    const q = questions[at];
    const answer = (doc.svar || []).find((s) => s.fraga === q.id);
    fill(
      card,
      h("p", { class: "muted" }, `${t("questionOf", at + 1, questions.length)} · ${t("step", q.steg, steps.get(q.steg) || "")}`),
      q.omrade ? h("p", { class: "muted" }, label("stodomrade", q.omrade)) : null,
      h("p", { class: "big" }, (lang === "en" && q.text_en) || q.text),
      answer ? h("p", {}, h("strong", {}, `${label("svarsstatus", answer.status)}: `), answer.svar || "") : null,
    );
    prev.disabled = at === 0;
    next.disabled = at === questions.length - 1;
  }
  function keys(event) {
    if (!main.contains(card)) return document.removeEventListener("keydown", keys);
    if (event.target.closest("input, textarea, select")) return;
    if (event.key === "ArrowRight") go(1);
    if (event.key === "ArrowLeft") go(-1);
  }
  document.addEventListener("keydown", keys);
  fill(
    main,
    h("div", { class: "toolbar" }, h("h1", {}, `${t("workshop")}: ${doc.insats.titel}`), h("a", { href: `#/a/${seg(id)}` }, t("back"))),
    h(
      "div",
      { class: "workshop" },
      h("div", {}, card, h("div", { class: "buttons" }, prev, next)),
      h(
        "div",
        { class: "workshop-side" },
        figure(result.figures.wheel, t("wheel")),
        h("h2", {}, t("conflicts")),
        conflicts.length ? h("ul", { class: "big-list" }, conflicts.map((f) => h("li", {}, f.title))) : h("p", {}, t("noConflicts")),
      ),
    ),
  );
  go(0);
}
