// One assessment, edited along the steps of its method profile, with live findings.
//
// The document is one object that the fields change in place. This is the editor's
// shell: it loads the document, draws the form (steps.js, with the fields of
// sections.js) beside the live findings (findings.js), keeps track of unsaved changes
// and saves. Saving stores a new version with If-Match: when someone else saved first,
// the two are compared side by side and nothing typed is lost.

import { api, ApiError, seg } from "./api.js";
import { h, fill, announce } from "./dom.js";
import { t } from "./i18n.js";
import { session, canWrite } from "./session.js";
import { pointer } from "./fields.js";
import { diffTable } from "./versions.js";
import { vocab } from "./vocab.js";
import { formContents } from "./steps.js";
import { liveFindings } from "./findings.js";

export async function editorView(main, id) {
  let version = null;
  let doc;
  if (id) {
    const stored = await api("GET", `/v1/assessments/${seg(id)}`);
    version = stored.version;
    doc = stored.document;
  } else {
    doc = {
      format_version: 1,
      metod: session.profiles[0]?.profil.id,
      insats: { id: "", titel: "", typ: vocab("insatstyp")[0]?.value, agare: session.who.organisation },
    };
  }
  let dirty = false;

  const form = h("div", { class: "form" });
  const saveState = h("span", { class: "save-state", role: "status" });
  const versionLabel = h("span", { id: "version-label", class: "badge" }, t("versionOf", version));
  const heading = h("h1", {}, doc.insats.titel || t("newAssessment"));
  const dialog = h("dialog", { class: "conflict", "aria-labelledby": "conflict-title" });
  const live = liveFindings(doc, form);
  // What the parts of the form share (fields.js, sections.js, steps.js): the document,
  // whether it may be changed, what a change does, and the form and how it is redrawn.
  const ctx = { doc, readOnly: !canWrite(), changed, render, form, offerUndo };

  // The last removal, until it is undone or another one is made.
  let undo = null;
  const undoButton = h("button", { type: "button", class: "link", id: "undo", hidden: true, on: { click: undoLast } });

  function undoLast() {
    const restore = undo;
    undo = null;
    undoButton.hidden = true;
    restore?.();
  }

  function offerUndo(what, restore) {
    undo = restore;
    undoButton.textContent = t("undo", what);
    undoButton.hidden = false;
    announce(t("removed", what));
  }

  function changed(path, structural = false, focusPath = null) {
    dirty = true;
    saveState.textContent = t("unsaved");
    if (path.join("/") === "insats/titel") heading.textContent = doc.insats.titel || t("newAssessment");
    if (structural || path.join("/") === "metod") render(focusPath);
    live.changed();
  }

  function render(focusPath = null) {
    fill(form, formContents(ctx, version !== null));
    live.placeLast();
    // An added row: focus on its first field, whatever kind of control it is.
    if (focusPath) form.querySelector(`[data-pointer="${CSS.escape(pointer(focusPath))}"] :is(input, select, textarea)`)?.focus();
  }

  // Saving.
  async function save() {
    saveState.textContent = t("saving");
    try {
      const stored =
        version === null
          ? await api("POST", "/v1/assessments", doc)
          : await api("PUT", `/v1/assessments/${seg(doc.insats.id)}`, doc, { ifMatch: version });
      const first = version === null;
      version = stored.version;
      dirty = false;
      versionLabel.textContent = t("versionOf", version);
      saveState.textContent = t("saved", version);
      announce(t("saved", version));
      if (first) {
        history.replaceState(null, "", `#/a/${seg(doc.insats.id)}`);
        render();
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 412) return conflict();
      saveState.textContent = `${t("notSaved")}: ${e.message}`;
      if (e.status === 422) live.show({ problem: e.problem });
    }
  }

  async function conflict() {
    const theirs = await api("GET", `/v1/assessments/${seg(doc.insats.id)}`);
    const { changes } = await api("POST", "/v1/diff", { before: theirs.document, after: doc });
    fill(
      dialog,
      h("h2", { id: "conflict-title" }, t("conflictTitle")),
      h("p", {}, t("conflictLead", theirs.version, theirs.author)),
      diffTable(changes, t("theirs", theirs.version), t("mine")),
      h(
        "div",
        { class: "buttons" },
        h("button", { type: "button", class: "primary", on: { click: () => { dialog.close(); version = theirs.version; save(); } } }, t("keepMine", theirs.version)),
        h(
          "button",
          {
            type: "button",
            on: {
              click: () => {
                dialog.close();
                for (const k of Object.keys(doc)) delete doc[k];
                Object.assign(doc, theirs.document);
                version = theirs.version;
                dirty = false;
                versionLabel.textContent = t("versionOf", version);
                saveState.textContent = "";
                render();
                live.assess();
              },
            },
          },
          t("takeTheirs"),
        ),
      ),
    );
    saveState.textContent = t("conflictTitle");
    dialog.showModal();
  }

  // Leaving with unsaved changes asks first: in the page's own links (app.js's router)
  // and on reload or closing the tab (the browser's own question).
  session.leaving = () => dirty;
  window.onbeforeunload = (event) => {
    if (!dirty) return undefined;
    event.preventDefault();
    return true;
  };

  const assessmentLinks = () =>
    version === null
      ? null
      : h(
          "nav",
          { class: "links", "aria-label": t("versions") },
          h("a", { href: `#/a/${seg(doc.insats.id)}/versions` }, t("versions")),
          h("a", { href: `#/a/${seg(doc.insats.id)}/report` }, t("decisionBasis")),
          h("a", { href: `#/a/${seg(doc.insats.id)}/workshop` }, t("workshop")),
        );

  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      heading,
      versionLabel,
      assessmentLinks(),
      h("div", { class: "save" }, ctx.readOnly ? null : h("button", { type: "button", id: "save", class: "primary", on: { click: save } }, t("save")), saveState, undoButton),
    ),
    h("div", { class: "editor" }, form, live.panel),
    dialog,
  );
  render();
  live.assess();
}
