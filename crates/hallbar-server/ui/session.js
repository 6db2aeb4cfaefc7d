// Who is signed in, and what every view reads of the server once: the goal catalogue,
// the vocabularies and the method profiles. app.js fills it at sign-in.

/**
 * What every view needs: who is signed in, the catalogue and the vocabularies; and
 * `leaving`, set by a view with work to lose: a function saying whether leaving it now
 * would lose unsaved changes.
 */
export const session = { who: null, goals: [], vocabulary: {}, profiles: [], leaving: null };

/** Whether the signed-in role may change assessments. */
export const canWrite = () => ["handlaggare", "analytiker"].includes(session.who?.role);
