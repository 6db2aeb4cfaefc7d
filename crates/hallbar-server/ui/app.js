// The interface: sign-in, the header, and which view the address shows.
//
//   #/                      the organisation's assessments
//   #/new                   a new assessment
//   #/a/<id>                one assessment, to edit along its method
//   #/a/<id>/versions       its versions and the difference between two
//   #/a/<id>/report         its decision basis
//   #/a/<id>/workshop       the workshop view for a shared screen
//   #/portfolio             the portfolio follow-up (analytiker)
//   #/rules                 the rules in force; the organisation's own layer (analytiker)
//   #/verkstad              the scoring workshops (SDG Synergies): list, new, import
//   #/verkstad/ny           a new workshop
//   #/verkstad/<id>         one workshop: targets, pair scoring, grid, disagreements, metrics

import { api, ApiError } from "./api.js";
import { h, fill } from "./dom.js";
import { lang, setLang, t } from "./i18n.js";
import { listView } from "./list.js";
import { editorView } from "./editor.js";
import { versionsView } from "./versions.js";
import { reportView } from "./report.js";
import { workshopView } from "./workshop.js";
import { portfolioView } from "./portfolio.js";
import { rulesView } from "./rules.js";
import { matricesView, matrixView } from "./matrix.js";
import { session } from "./session.js";

const main = document.getElementById("main");
const top = document.getElementById("top");

async function loadShared() {
  const [goals, vocabulary, profiles, places] = await Promise.all([
    api("GET", `/v1/goals?lang=${lang}`),
    api("GET", `/v1/vocabulary?lang=${lang}`),
    api("GET", "/v1/profiles"),
    api("GET", "/v1/places"),
  ]);
  session.goals = goals.goals;
  session.vocabulary = vocabulary;
  session.profiles = profiles.profiles;
  session.places = places;
}

function header() {
  const who = session.who;
  const nav = who
    ? h(
        "nav",
        { "aria-label": t("app") },
        h("a", { href: "#/" }, t("assessments")),
        who.role === "analytiker" ? h("a", { href: "#/portfolio" }, t("portfolio")) : null,
        h("a", { href: "#/rules" }, t("rules")),
        h("a", { href: "#/verkstad" }, t("workshops")),
      )
    : null;
  fill(
    top,
    h("a", { class: "brand", href: "#/" }, "hallbar"),
    nav,
    h(
      "div",
      { class: "account" },
      who ? h("span", { class: "who" }, t("signedInAs", who)) : null,
      h(
        "button",
        {
          type: "button",
          class: "link",
          lang: lang === "sv" ? "en" : "sv",
          "aria-label": t("languageLabel"),
          on: { click: switchLanguage },
        },
        t("language"),
      ),
      who ? h("button", { type: "button", on: { click: signOut } }, t("signOut")) : null,
    ),
  );
  document.querySelector(".skip").textContent = t("skip");
}

/** Whether the view may be left: without unsaved changes, or when the user says so. */
const mayLeave = () => !session.leaving?.() || confirm(t("leaveUnsaved"));

async function switchLanguage() {
  // The view is drawn anew in the other language, from what is saved.
  if (!mayLeave()) return;
  setLang(lang === "sv" ? "en" : "sv");
  if (session.who) await loadShared();
  header();
  route();
}

async function signOut() {
  if (!mayLeave()) return;
  session.leaving = null;
  window.onbeforeunload = null;
  await api("DELETE", "/v1/session");
  session.who = null;
  header();
  signInView();
}

function signInView() {
  const input = h("input", { id: "token", type: "password", autocomplete: "current-password", required: true });
  const message = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "card narrow", on: { submit: submit } },
    h("h1", {}, t("signIn")),
    h("p", {}, t("signInLead")),
    h("label", { for: "token" }, t("token")),
    input,
    message,
    h("button", { type: "submit", class: "primary" }, t("signIn")),
  );
  async function submit(event) {
    event.preventDefault();
    try {
      session.who = await api("POST", "/v1/session", { token: input.value });
      input.value = "";
      await loadShared();
      header();
      route();
    } catch (e) {
      message.textContent = e.message;
    }
  }
  fill(main, form);
  input.focus();
}

/**
 * Shows the view the address names. Leaving a view with unsaved changes asks first;
 * staying puts its address back.
 */
export async function route() {
  if (location.hash !== session.shown && !mayLeave()) {
    history.replaceState(null, "", session.shown || "#/");
    return;
  }
  session.leaving = null;
  window.onbeforeunload = null;
  session.shown = location.hash;
  if (!session.who) return signInView();
  const path = location.hash.replace(/^#/, "") || "/";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    if (parts.length === 0) await listView(main);
    else if (parts[0] === "new") await editorView(main, null);
    else if (parts[0] === "portfolio") await portfolioView(main);
    else if (parts[0] === "rules") await rulesView(main);
    else if (parts[0] === "verkstad" && parts.length === 1) await matricesView(main);
    else if (parts[0] === "verkstad" && parts[1] === "ny") await matrixView(main, null);
    else if (parts[0] === "verkstad" && parts.length === 2) await matrixView(main, parts[1]);
    else if (parts[0] === "a" && parts.length === 2) await editorView(main, parts[1]);
    else if (parts[0] === "a" && parts[2] === "versions") await versionsView(main, parts[1]);
    else if (parts[0] === "a" && parts[2] === "report") await reportView(main, parts[1]);
    else if (parts[0] === "a" && parts[2] === "workshop") await workshopView(main, parts[1]);
    else fill(main, h("p", {}, t("notFound")));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      session.who = null;
      header();
      return signInView();
    }
    fill(main, h("div", { class: "card", role: "alert" }, h("h1", {}, t("error")), h("p", {}, e.message)));
  }
  main.focus({ preventScroll: true });
}

async function start() {
  setLang(lang);
  try {
    session.who = await api("GET", "/v1/session");
    await loadShared();
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) throw e;
  }
  header();
  window.addEventListener("hashchange", route);
  route();
}

start();
