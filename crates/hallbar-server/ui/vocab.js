// The names things are shown by: each value of the vocabularies the server sent at
// sign-in (in the language chosen), each goal of the catalogue, each county and
// municipality, and each item of a document that another item refers to (a stakeholder
// by its name, a key by its title, …) — so that a caseworker picks names and the ids
// stay under the hood.

import { session } from "./session.js";
import { t } from "./i18n.js";

/** The values of the vocabulary `name`, each with its label. */
export const vocab = (name) => session.vocabulary[name] || [];

/** The label of `value` in the vocabulary `name`; the value itself when it has none. */
export const labelOf = (name, value) => vocab(name).find((v) => v.value === value)?.label ?? value;

/** The recommendations an assessor can make, with their labels. */
export function forslagOptions() {
  if (vocab("forslag").length) return vocab("forslag");
  const labels = t("forslag");
  return Object.keys(labels).map((value) => ({ value, label: labels[value] }));
}

/** The catalogue by id, made again when the catalogue is (a change of language). */
let byId = { goals: null, map: new Map() };
function goalById() {
  if (byId.goals !== session.goals) byId = { goals: session.goals, map: new Map(session.goals.map((g) => [g.id, g])) };
  return byId.map;
}

/**
 * A goal by its number and name: `7.2 …`. A target the catalogue names only by its
 * number ("Delmål 7.2") is shown with its goal's name; an id the catalogue does not
 * hold, as it is.
 */
export function goalLabel(id) {
  const goal = goalById().get(id);
  if (!goal) return id;
  const parent = goal.parent && goalById().get(goal.parent);
  const bare = goal.name.endsWith(id) && goal.name.length <= id.length + 8;
  return parent && bare ? `${id} ${parent.name} – ${t("targetOf")}` : `${id} ${goal.name}`;
}

/**
 * The goal a text names: its first word when that is a goal's id (`7.2`, or a picked
 * `7.2 …`), a goal whose label or name it is; otherwise the text itself, which the model
 * check then names as malformed.
 */
export function goalIdOf(text) {
  const trimmed = text.trim();
  const first = trimmed.split(/\s+/)[0];
  if (goalById().has(first)) return first;
  const lower = trimmed.toLowerCase();
  return session.goals.find((g) => g.name.toLowerCase() === lower || goalLabel(g.id).toLowerCase() === lower)?.id ?? trimmed;
}

/**
 * The catalogue to pick goals from, each `{ value, label }`: the goals of the signed-in
 * organisation's own framework (`defaults.ramverk`, its RUS say) first.
 */
export function goalOptions() {
  const own = session.who?.defaults?.ramverk;
  const goals = own ? [...session.goals.filter((g) => g.framework === own), ...session.goals.filter((g) => g.framework !== own)] : session.goals;
  return goals.map((g) => ({ value: g.id, label: goalLabel(g.id) }));
}

/** The counties, `{ value: code, label: name }`. */
export const countyOptions = () => session.places.lan.map((c) => ({ value: c.kod, label: c.namn }));

/** The municipalities, `{ value: code, label: name, county }`. */
export const municipalityOptions = () => session.places.kommuner.map((m) => ({ value: m.kod, label: m.namn, county: m.lan }));

/** Text cut to about `n` characters at a word's end. */
const short = (text, n = 70) => (text.length <= n ? text : `${text.slice(0, n).replace(/\s+\S*$/, "")} …`);

/**
 * How an item of the document's list `list` is named where it is referred to: a
 * stakeholder by its name, a key by its title, an effect by its goal and direction, a
 * conflict by its description.
 */
export function itemLabel(doc, list, item) {
  const named = (text) => (text && text.trim() ? short(text.trim()) : t("unnamed", item.id));
  switch (list) {
    case "intressenter":
      return named(item.namn);
    case "nycklar":
      return named(item.titel);
    case "effekter":
      return item.mal ? `${goalLabel(item.mal)} (${labelOf("riktning", item.riktning)})` : t("unnamed", item.id);
    case "malkonflikter":
      return named(item.beskrivning || (item.mal || []).join(" – "));
    case "intressekonflikter":
      return named(item.beskrivning || (item.intressenter || []).map((id) => refName(doc, "intressenter", id)).join(" – "));
    default:
      return item.id;
  }
}

/** The name the item `id` of `list` is referred to by; a dangling id says so. */
export function refName(doc, list, id) {
  const item = (doc[list] || []).find((x) => x.id === id);
  return item ? itemLabel(doc, list, item) : t("missingRef", id);
}

/**
 * The items of `lists` to pick from, `{ value: id, label, ref }` (`ref`: the list, so
 * that the label can be renewed as the item's name is typed), and any id in `chosen`
 * that names none of them, so that nothing picked is hidden.
 */
export function refOptions(doc, lists, chosen = []) {
  const options = lists.flatMap((list) => (doc[list] || []).filter((x) => x.id).map((x) => ({ value: x.id, label: itemLabel(doc, list, x), ref: list })));
  const known = new Set(options.map((o) => o.value));
  const dangling = [].concat(chosen ?? []).filter((id) => id && !known.has(id)).map((id) => ({ value: id, label: t("missingRef", id) }));
  return [...options, ...dangling];
}
