// One assessment, edited along the steps of its method profile, with live findings.
//
// The document is one object that the fields change in place. This is the editor's
// shell: it loads the document, draws the form (steps.js, with the fields of
// sections.js) beside the live findings (findings.js), keeps track of unsaved changes
// and saves. Saving stores a new version with If-Match: when someone else saved first,
// the two are compared side by side and nothing typed is lost.
//
// Nothing typed is lost by a crash either: while there are unsaved changes, the document
// is kept as a local draft (session.js) a moment after each change. An editor opened on
// a document its draft differs from offers the draft back — never silently.

import { api, ApiError, seg } from "./api.js";
import { h, fill, announce, debounce } from "./dom.js";
import { lang, t, formatTime } from "./i18n.js";
import { session, canWrite } from "./session.js";
import { readDraft, writeDraft, dropDraft, sameDocument } from "./drafts.js";
import { pointer, renewNames } from "./fields.js";
import { diffTable } from "./versions.js";
import { vocab } from "./vocab.js";
import { formContents } from "./steps.js";
import { liveFindings } from "./findings.js";

/** The lists whose items others refer to by name: a change there renews the names shown. */
const NAMED = new Set(["intressenter", "nycklar", "effekter", "malkonflikter", "intressekonflikter"]);

/** A new assessment, on the organisation's own method profile when it has one. */
function newDocument() {
  return {
    format_version: 1,
    metod: session.who.defaults?.metod ?? session.profiles[0]?.profil.id,
    insats: { id: "", titel: "", typ: vocab("insatstyp")[0]?.value, agare: session.who.organisation },
  };
}

/** Puts `next`'s contents into `doc` (the form's fields hold on to `doc` itself). */
function replaceDocument(doc, next) {
  for (const k of Object.keys(doc)) delete doc[k];
  Object.assign(doc, structuredClone(next));
}

export async function editorView(main, id) {
  let version = null;
  let doc;
  if (id) {
    const stored = await api("GET", `/v1/assessments/${seg(id)}`);
    version = stored.version;
    doc = stored.document;
  } else {
    doc = newDocument();
  }
  let dirty = false;
  // Changes made, counted: a change typed while a save is on its way is still unsaved.
  let edits = 0;
  // The draft's key: the assessment's id, or none until a new one is stored.
  let draftId = id;
  // While a draft is offered back, nothing is kept over it.
  let offered = false;

  const form = h("div", { class: "form" });
  const saveState = h("span", { class: "save-state", role: "status" });
  const draftState = h("span", { class: "draft-state error", role: "status" });
  const versionLabel = h("span", { id: "version-label", class: "badge" }, t("versionOf", version));
  const heading = h("h1", {}, doc.insats.titel || t("newAssessment"));
  const dialog = h("dialog", { class: "conflict", "aria-labelledby": "conflict-title" });
  const live = liveFindings(doc, form);
  // What the parts of the form share (fields.js, sections.js, steps.js): the document,
  // whether it may be changed, what a change does, and the form and how it is redrawn.
  const ctx = { doc, readOnly: !canWrite(), changed, render, form, offerUndo, stored: () => (version === null ? null : { id: draftId, version }) };

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
    edits += 1;
    saveState.textContent = t("unsaved");
    if (path.join("/") === "insats/titel") heading.textContent = doc.insats.titel || t("newAssessment");
    if (structural || path.join("/") === "metod") render(focusPath);
    else if (NAMED.has(path[0])) renewNames(form, doc);
    live.changed();
    keepDraft();
  }

  function render(focusPath = null) {
    fill(form, formContents(ctx, version !== null));
    live.placeLast();
    // An added row: focus on its first field, whatever kind of control it is.
    if (focusPath) form.querySelector(`[data-pointer="${CSS.escape(pointer(focusPath))}"] :is(input, select, textarea)`)?.focus();
  }

  // The local draft, a moment after each change while there are unsaved changes.
  const keepDraft = debounce(() => {
    if (!dirty || offered || ctx.readOnly) return;
    const kept = writeDraft(draftId, doc, version);
    draftState.textContent = kept === "kept" ? "" : t(kept === "tooLarge" ? "draftTooLarge" : "draftQuota");
  }, 400);

  /** The draft kept of this assessment, offered back when it differs from what was opened. */
  function draftOffer() {
    const draft = ctx.readOnly ? null : readDraft(draftId);
    if (!draft) return null;
    if (sameDocument(draft.doc, doc)) {
      dropDraft(draftId);
      return null;
    }
    offered = true;
    const close = (message) => {
      offered = false;
      banner.remove();
      announce(message);
    };
    const restore = () => {
      replaceDocument(doc, draft.doc);
      // Saving then compares with what was stored since the draft's version.
      if (draft.version !== null && draft.version !== undefined) version = draft.version;
      versionLabel.textContent = t("versionOf", version);
      heading.textContent = doc.insats?.titel || t("newAssessment");
      close(t("draftRestored"));
      render();
      changed([]);
    };
    const discard = () => {
      dropDraft(draftId);
      close(t("draftDiscarded"));
    };
    const banner = h(
      "section",
      { class: "notice draft-offer", "aria-label": t("draftLabel") },
      h("p", { role: "alert" }, t("draftOffer", formatTime(draft.at), draft.version)),
      h(
        "div",
        { class: "buttons" },
        h("button", { type: "button", id: "draft-restore", class: "primary", on: { click: restore } }, t("restore")),
        h("button", { type: "button", id: "draft-discard", on: { click: discard } }, t("discard")),
      ),
    );
    return banner;
  }

  // Saving.
  async function save() {
    saveState.textContent = t("saving");
    const at = edits;
    try {
      const stored =
        version === null
          ? await api("POST", `/v1/assessments?lang=${lang}`, doc)
          : await api("PUT", `/v1/assessments/${seg(doc.insats.id)}?lang=${lang}`, doc, { ifMatch: version });
      const first = version === null;
      version = stored.version;
      dirty = edits !== at;
      dropDraft(draftId);
      draftId = doc.insats.id;
      if (dirty) keepDraft();
      versionLabel.textContent = t("versionOf", version);
      saveState.textContent = dirty ? t("unsaved") : t("saved", version);
      announce(t("saved", version));
      if (first) {
        history.replaceState(null, "", `#/a/${seg(doc.insats.id)}`);
        session.shown = location.hash;
        showLinks();
        render();
      }
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 412) return conflict();
      // The problems themselves are shown beside their fields and in the panel, named
      // by their labels; here only what happened, in the page's language.
      saveState.textContent = e.status === 422 ? t("notSavedProblems", (e.problem.errors || []).length) : t("notSavedStatus", e.status);
      if (e.status === 422) live.show({ problem: e.problem });
    }
  }

  async function conflict() {
    const theirs = await api("GET", `/v1/assessments/${seg(doc.insats.id)}`);
    const { changes } = await api("POST", "/v1/diff", { before: theirs.document, after: doc });
    const keepMine = () => {
      dialog.close();
      version = theirs.version;
      save();
    };
    const takeTheirs = () => {
      dialog.close();
      replaceDocument(doc, theirs.document);
      version = theirs.version;
      dirty = false;
      dropDraft(draftId);
      versionLabel.textContent = t("versionOf", version);
      saveState.textContent = "";
      render();
      live.assess();
    };
    fill(
      dialog,
      h("h2", { id: "conflict-title" }, t("conflictTitle")),
      h("p", {}, t("conflictLead", theirs.version, theirs.author)),
      diffTable(changes, t("theirs", theirs.version), t("mine")),
      h(
        "div",
        { class: "buttons" },
        h("button", { type: "button", class: "primary", on: { click: keepMine } }, t("keepMine", theirs.version)),
        h("button", { type: "button", on: { click: takeTheirs } }, t("takeTheirs")),
      ),
    );
    saveState.textContent = t("conflictTitle");
    dialog.showModal();
  }

  // Leaving with unsaved changes asks first: in the page's own links (app.js's router)
  // and on reload or closing the tab (the browser's own question). Either way the
  // draft is kept first.
  session.leaving = () => {
    keepDraft.flush();
    return dirty;
  };
  window.onbeforeunload = (event) => {
    keepDraft.flush();
    if (!dirty) return undefined;
    event.preventDefault();
    return true;
  };

  // The stored assessment's other views: shown once it is stored.
  const links = h("nav", { class: "links", "aria-label": t("versions") });
  function showLinks() {
    if (version === null) return;
    fill(
      links,
      h("a", { href: `#/a/${seg(doc.insats.id)}/versions` }, t("versions")),
      h("a", { href: `#/a/${seg(doc.insats.id)}/report` }, t("decisionBasis")),
      h("a", { href: `#/a/${seg(doc.insats.id)}/workshop` }, t("workshop")),
    );
  }

  fill(
    main,
    h(
      "div",
      { class: "toolbar" },
      heading,
      versionLabel,
      links,
      h(
        "div",
        { class: "save" },
        ctx.readOnly ? null : h("button", { type: "button", id: "save", class: "primary", on: { click: save } }, t("save")),
        saveState,
        draftState,
        undoButton,
      ),
    ),
    draftOffer(),
    h("div", { class: "editor" }, form, live.panel),
    dialog,
  );
  showLinks();
  render();
  live.assess();
}
