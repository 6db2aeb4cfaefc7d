// The local drafts of editors with unsaved changes: an editor's document as last typed,
// kept in localStorage until it is saved or discarded, so that a crashed or closed tab
// loses nothing. One per organisation and assessment ("new" for one not yet stored).

import { session } from "./session.js";

/** The most bytes a draft may take; a larger document is not kept (the editor says so). */
const DRAFT_LIMIT = 1_000_000;

const draftKey = (id) => `hallbar.draft.${session.who?.organisation ?? ""}.${id || "new"}`;

/** The draft of assessment `id` (null: a new one): `{ doc, version, at }`, or null. */
export function readDraft(id) {
  try {
    const draft = JSON.parse(localStorage.getItem(draftKey(id)));
    return draft && typeof draft.doc === "object" ? draft : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `doc` as the draft of `id`, based on `version`: "kept", "tooLarge" (over 1 MB,
 * not kept) or "quota" (the browser's storage refused it).
 */
export function writeDraft(id, doc, version) {
  const text = JSON.stringify({ doc, version, at: new Date().toISOString() });
  if (new TextEncoder().encode(text).length > DRAFT_LIMIT) {
    localStorage.removeItem(draftKey(id));
    return "tooLarge";
  }
  try {
    localStorage.setItem(draftKey(id), text);
    return "kept";
  } catch {
    return "quota";
  }
}

/** Forgets the draft of `id`. */
export function dropDraft(id) {
  localStorage.removeItem(draftKey(id));
}

/** Whether two documents hold the same (whatever the order of their keys). */
export const sameDocument = (a, b) => canonical(a) === canonical(b);

function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
