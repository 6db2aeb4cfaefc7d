// Who is signed in, and what every view reads of the server once: the goal catalogue,
// the vocabularies, the method profiles and Sweden's counties and municipalities.
// app.js fills it at sign-in.

/**
 * What every view needs: who is signed in (with their organisation's `defaults`), the
 * catalogue, the vocabularies and the places; `leaving`, set by a view with work to
 * lose: a function saying whether leaving it now would lose unsaved changes; and
 * `shown`, the address of the view shown (where staying goes back to; a view that
 * changes its own address says so here).
 */
export const session = {
  who: null,
  goals: [],
  vocabulary: {},
  profiles: [],
  places: { lan: [], kommuner: [] },
  leaving: null,
  shown: location.hash,
};

/** Whether the signed-in role may change assessments. */
export const canWrite = () => ["handlaggare", "analytiker"].includes(session.who?.role);
