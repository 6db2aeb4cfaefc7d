// The vocabularies the server sent at sign-in (in the language chosen), and the label
// each value is shown by.

import { session } from "./session.js";

/** The values of the vocabulary `name`, each with its label. */
export const vocab = (name) => session.vocabulary[name] || [];

/** The label of `value` in the vocabulary `name`; the value itself when it has none. */
export const labelOf = (name, value) => vocab(name).find((v) => v.value === value)?.label ?? value;
