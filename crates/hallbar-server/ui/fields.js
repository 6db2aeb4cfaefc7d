// Form fields bound to a place in the document. Each field's wrapper carries the JSON
// pointer of its place (`data-pointer`), so that a finding or a diagnostic about that
// place is shown beside it; each control carries the place in the schema's terms
// (`data-path`: the pointer with `*` for every index), so that a test can tell which
// fields of the model the form offers, and with which values.
//
// Things are picked by name, never typed as ids: goals by number or name, counties and
// municipalities by name, the items another item refers to from those already entered.

import { h, fill, uid, announce, debounce } from "./dom.js";
import { t, formatNumber, parseNumber } from "./i18n.js";
import { api, seg } from "./api.js";
import { session } from "./session.js";
import { goalLabel, goalIdOf, goalOptions, refName } from "./vocab.js";

/** The value at `path` (a list of keys and indexes). */
export function get(doc, path) {
  return path.reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), doc);
}

/**
 * Sets the value at `path`, making the objects on the way; `undefined` removes it, and
 * the objects it leaves empty (an empty period, recommendation, …) with it.
 */
export function set(doc, path, value) {
  let o = doc;
  for (let i = 0; i < path.length - 1; i++) {
    if (o[path[i]] === undefined || o[path[i]] === null) o[path[i]] = typeof path[i + 1] === "number" ? [] : {};
    o = o[path[i]];
  }
  const last = path[path.length - 1];
  if (value !== undefined) {
    o[last] = value;
    return;
  }
  delete o[last];
  for (let n = path.length - 1; n > 0; n--) {
    const parent = get(doc, path.slice(0, n));
    if (Array.isArray(parent) || !parent || Object.keys(parent).length > 0) break;
    const owner = get(doc, path.slice(0, n - 1));
    if (Array.isArray(owner)) break;
    delete owner[path[n - 1]];
  }
}

/** The JSON pointer (RFC 6901) of `path`. */
export const pointer = (path) => "/" + path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** The place of `path` in the schema: its pointer with `*` for each index (`/effekter/*\/mal`). */
export const schemaPath = (path) => pointer(path.map((p) => (typeof p === "number" ? "*" : p)));

/**
 * A field for the value at `path`.
 *
 * `kind`: text, textarea, int, number (decimal, written the language's way), date,
 * select, checkbox, goal (one goal, shown by number and name), multi (checkboxes over a
 * list of values), pick (a searchable multi-select by name), lines (one string per line).
 * `opts.optional`: an empty field removes the value instead of storing "".
 * `opts.options`: for select, multi and pick, the vocabulary's name, a list of
 * {value, label} or a function giving one; `opts.offer(option, doc)`: for pick, whether
 * an option is offered now (municipalities of the chosen counties).
 * `opts.structural`: a change redraws the form (a choice that shows other fields).
 * `opts.min`, `opts.max`: for int, the range.
 */
export function field(ctx, path, label, kind = "text", opts = {}) {
  const id = uid();
  const f = { ctx, path, label, opts, id, current: get(ctx.doc, path) };
  f.store = (value) => {
    const empty = value === "" || value === undefined || (Array.isArray(value) && value.length === 0 && opts.optional);
    set(ctx.doc, path, empty && opts.optional ? undefined : value);
    if (opts.structural) ctx.changed(path, true, path);
    else ctx.changed(path);
  };
  f.options = () => {
    const o = typeof opts.options === "function" ? opts.options() : opts.options;
    return typeof o === "string" ? session.vocabulary[o] || [] : o || [];
  };
  f.common = { id, disabled: ctx.readOnly, "aria-describedby": `${id}-notes`, "data-path": schemaPath(path) };
  const build = KINDS[kind] || KINDS.text;
  return build(f);
}

/** The usual wrapper: label, control, notes. */
const wrap = (f, kind, ...controls) =>
  h("div", { class: `field ${kind}`, dataset: { pointer: pointer(f.path) } }, h("label", { for: f.id }, f.label), controls, notes(f.id));

/** The controls of each kind of field (see `field`). */
const KINDS = {
  text: (f) => wrap(f, "text", h("input", { ...f.common, type: "text", value: f.current ?? "", on: { input: (e) => f.store(e.target.value) } })),
  textarea: (f) => wrap(f, "textarea", h("textarea", { ...f.common, rows: f.opts.rows || 3, value: f.current ?? "", on: { input: (e) => f.store(e.target.value) } })),
  lines: (f) =>
    wrap(
      f,
      "textarea",
      h("textarea", {
        ...f.common,
        rows: f.opts.rows || 3,
        value: (f.current || []).join("\n"),
        on: { input: (e) => f.store(e.target.value.split("\n").map((s) => s.trim()).filter(Boolean)) },
      }),
    ),
  int: (f) =>
    wrap(
      f,
      "int",
      h("input", {
        ...f.common,
        type: "number",
        inputmode: "numeric",
        step: "1",
        min: f.opts.min,
        max: f.opts.max,
        value: f.current ?? "",
        on: { input: (e) => storeNumber(f, e.target.value, (text) => (text === "" ? NaN : Number(text))) },
      }),
    ),
  // A decimal number in a text field, so that it is written the language's way (a
  // decimal comma in Swedish) whatever the browser's own locale.
  number: (f) =>
    wrap(
      f,
      "number",
      h("input", {
        ...f.common,
        type: "text",
        inputmode: "decimal",
        value: typeof f.current === "number" ? formatNumber(f.current, { useGrouping: false }) : f.current ?? "",
        on: { input: (e) => storeNumber(f, e.target.value, parseNumber) },
      }),
    ),
  date: (f) => wrap(f, "date", h("input", { ...f.common, type: "date", value: f.current ?? "", on: { input: (e) => f.store(e.target.value) } })),
  checkbox: (f) =>
    h(
      "div",
      { class: "field check", dataset: { pointer: pointer(f.path) } },
      h("input", { ...f.common, type: "checkbox", checked: Boolean(f.current), on: { change: (e) => f.store(e.target.checked) } }),
      h("label", { for: f.id }, f.label),
      notes(f.id),
    ),
  select: (f) => {
    const options = f.options();
    return wrap(
      f,
      "select",
      h(
        "select",
        { ...f.common, on: { change: (e) => f.store(e.target.value === "" ? undefined : coerce(e.target.value, options)) } },
        f.opts.optional || f.current === undefined ? h("option", { value: "" }, f.opts.blank || "–") : null,
        options.map((o) => h("option", { value: String(o.value), selected: String(o.value) === String(f.current), dataset: refData(o) }, o.label)),
      ),
    );
  },
  multi: multiField,
  pick: pickField,
  goal: goalField,
  kolada: koladaField,
};

/** A Kolada key figure id: a capital letter and five digits (N00401). */
const KOLADA_ID = /^[A-Z]\d{5}$/;

/**
 * A Kolada key figure, picked by searching titles (the server's cache, or Kolada):
 * an id typed is taken as it is; other text searches, and the list offers what it
 * finds, each key figure by its title. Search text is not stored: until a key figure
 * is picked, the field keeps the one it had, and says so.
 */
function koladaField(f) {
  const list = h("datalist", { id: `${f.id}-kpis` });
  const state = h("div", { class: "kolada-pick muted", role: "status" });
  // Each search and each id typed counts up; an answer to an older one is dropped.
  let asked = 0;
  const search = debounce(async (text, n) => {
    try {
      const found = await api("GET", `/v1/kolada/kpis?q=${seg(text)}`);
      if (n !== asked) return;
      fill(list, found.kpis.map((k) => h("option", { value: k.id }, `${k.id} ${k.title}`)));
      state.textContent = found.kpis.length === 0 ? t("koladaNone", text) : t("koladaFound", found.kpis.length);
    } catch (e) {
      if (n !== asked) return;
      fill(list);
      state.textContent = `${t("koladaNone", text)} (${e.message})`;
    }
  }, 250);
  const typed = (e) => {
    const text = e.target.value.trim();
    asked += 1;
    if (text === "" || KOLADA_ID.test(text.toUpperCase())) {
      const id = text.toUpperCase();
      state.textContent = id && id !== f.current ? t("koladaPicked", id) : "";
      f.store(id);
    } else if (text.length >= 2) {
      state.textContent = t("koladaSearching", f.current || "–");
      search(text, asked);
    }
  };
  const input = h("input", { ...f.common, type: "text", list: list.id, autocomplete: "off", value: f.current ?? "", on: { input: typed } });
  return wrap(f, "text kolada", input, list, state);
}

/** Stores a number typed in a field; text that is no number is stored as it is, for the model check to name. */
function storeNumber(f, text, parse) {
  if (text.trim() === "") return f.store(f.opts.optional ? undefined : "");
  const n = parse(text);
  f.store(Number.isFinite(n) ? n : text);
}

/** Where notes about a field go (findings, diagnostics). */
const notes = (id) => h("div", { class: "notes", id: `${id}-notes` });

/** A select's value in the type of the vocabulary's values (numbers and booleans stay so). */
function coerce(text, options) {
  const match = options.find((o) => String(o.value) === text);
  return match ? match.value : text;
}

/** An option naming an item of the document carries its list and id, so that its label is renewed. */
const refData = (o) => (o.ref ? { ref: o.ref, refId: o.value } : {});

/** Checkboxes over a list of values: a vocabulary, or items of the document. */
function multiField(f) {
  const chosen = new Set(f.current || []);
  const options = f.options();
  return h(
    "fieldset",
    { class: "field multi", dataset: { pointer: pointer(f.path) }, disabled: f.ctx.readOnly, "data-path": schemaPath(f.path) },
    h("legend", {}, f.label),
    h(
      "div",
      { class: "choices" },
      options.length === 0 ? h("p", { class: "muted" }, t("nothingToPick")) : null,
      options.map((o) => {
        const oid = uid();
        const toggle = (e) => {
          if (e.target.checked) chosen.add(o.value);
          else chosen.delete(o.value);
          f.store(options.map((x) => x.value).filter((v) => chosen.has(v)));
        };
        return h(
          "span",
          { class: "choice" },
          h("input", { id: oid, type: "checkbox", value: String(o.value), checked: chosen.has(o.value), on: { change: toggle } }),
          h("label", { for: oid, dataset: refData(o) }, o.label),
        );
      }),
    ),
    notes(f.id),
  );
}

/**
 * A searchable multi-select by name: the chosen values as named chips (each with a
 * button to remove it), and a field to search the rest. A name picked from the list,
 * or typed in full, is chosen at once; Enter chooses the best match of what is typed.
 * The values (codes, ids) are stored, the names shown.
 */
function pickField(f) {
  const { ctx } = f;
  const listId = `${f.id}-list`;
  const chosen = () => get(ctx.doc, f.path) || [];
  const nameOf = (v) => f.options().find((o) => o.value === v)?.label ?? v;
  const offered = () => f.options().filter((o) => !chosen().includes(o.value) && (!f.opts.offer || f.opts.offer(o, ctx.doc)));
  const chips = h("ul", { class: "chips", "aria-label": f.label });
  const datalist = h("datalist", { id: listId });
  const input = h("input", {
    ...f.common,
    type: "text",
    list: listId,
    autocomplete: "off",
    placeholder: ctx.readOnly ? "" : t("pickHelp"),
    on: {
      focus: drawOffer,
      input: (e) => {
        // A name picked from the list, not a prefix typed on the way to a longer one.
        if (!e.inputType || e.inputType === "insertReplacementText") choose(match(e.target.value, true));
      },
      change: (e) => choose(match(e.target.value, true)),
      keydown: (e) => {
        if (e.key !== "Enter") return;
        e.preventDefault();
        choose(match(e.target.value, false));
      },
    },
  });
  function match(text, exact) {
    const q = text.trim().toLowerCase();
    if (!q) return null;
    const all = offered();
    const hit = all.find((o) => o.label.toLowerCase() === q || String(o.value).toLowerCase() === q);
    if (hit || exact) return hit ?? null;
    return all.find((o) => o.label.toLowerCase().startsWith(q)) ?? all.find((o) => o.label.toLowerCase().includes(q)) ?? null;
  }
  function choose(option) {
    if (!option) return;
    f.store([...chosen(), option.value]);
    input.value = "";
    drawChips();
    drawOffer();
    announce(t("picked", option.label));
  }
  function unchoose(value) {
    f.store(chosen().filter((v) => v !== value));
    drawChips();
    drawOffer();
    announce(t("unpicked", nameOf(value)));
    input.focus();
  }
  function drawChips() {
    fill(
      chips,
      chosen().map((v) =>
        h(
          "li",
          { class: "chip", dataset: { value: v } },
          h("span", {}, nameOf(v)),
          ctx.readOnly ? null : h("button", { type: "button", class: "chip-remove", "aria-label": t("unpick", nameOf(v)), on: { click: () => unchoose(v) } }, "×"),
        ),
      ),
    );
  }
  function drawOffer() {
    fill(datalist, offered().map((o) => h("option", { value: o.label })));
  }
  drawChips();
  drawOffer();
  return h(
    "div",
    { class: "field pick", dataset: { pointer: pointer(f.path) } },
    h("label", { for: f.id }, f.label),
    chips,
    input,
    datalist,
    notes(f.id),
  );
}

/**
 * One goal, searched by number or name in the catalogue (`goalCatalogue`) and shown by
 * both once picked (`7.2 …`); the goal's id is stored.
 */
function goalField(f) {
  return wrap(
    f,
    "goal",
    h("input", {
      ...f.common,
      type: "text",
      list: "goal-catalogue",
      autocomplete: "off",
      placeholder: t("goalHelp"),
      value: f.current ? goalLabel(f.current) : "",
      on: {
        input: (e) => f.store(goalIdOf(e.target.value)),
        change: (e) => {
          const id = goalIdOf(e.target.value);
          if (id) e.target.value = goalLabel(id);
        },
      },
    }),
  );
}

/** The catalogue as a list to pick goals from: number and name, searchable by both. */
export function goalCatalogue() {
  return h(
    "datalist",
    { id: "goal-catalogue" },
    goalOptions().map((o) => h("option", { value: o.label })),
  );
}

/** Renews the names of the items offered in `form` (after a name or title was typed). */
export function renewNames(form, doc) {
  for (const el of form.querySelectorAll("[data-ref]")) {
    const name = refName(doc, el.dataset.ref, el.dataset.refId);
    if (el.textContent !== name) el.textContent = name;
  }
}

/**
 * The rows of the list at `path`: each item's fields (`columns(itemPath, item, i)`), a
 * button to remove it, and one to add an item (`make(items)`).
 */
export function rows(ctx, path, title, columns, make) {
  const items = get(ctx.doc, path) || [];
  return h(
    "div",
    { class: "rows", dataset: { pointer: pointer(path) } },
    items.map((item, i) =>
      h(
        "fieldset",
        { class: "row", dataset: { pointer: pointer([...path, i]) } },
        h("legend", {}, `${title} ${item?.id ?? i + 1}`),
        h("div", { class: "row-fields" }, columns([...path, i], item, i)),
        h("div", { class: "notes" }),
        ctx.readOnly ? null : removeButton(ctx, path, title, items, item, i),
      ),
    ),
    h("div", { class: "notes" }),
    ctx.readOnly ? null : addButton(ctx, path, title, make),
  );
}

/** The button that removes row `i`; the removal can be undone, the item going back where it was. */
function removeButton(ctx, path, title, items, item, i) {
  const what = `${title.toLowerCase()} ${item?.id ?? i + 1}`;
  const remove = () => {
    const [removed] = items.splice(i, 1);
    if (items.length === 0) set(ctx.doc, path, undefined);
    ctx.changed(path, true);
    ctx.offerUndo?.(what, () => {
      const list = get(ctx.doc, path) || [];
      list.splice(Math.min(i, list.length), 0, removed);
      set(ctx.doc, path, list);
      ctx.changed(path, true, [...path, i]);
    });
  };
  return h("button", { type: "button", class: "link danger", on: { click: remove } }, `${t("remove")} ${what}`);
}

function addButton(ctx, path, title, make) {
  const add = () => {
    const list = get(ctx.doc, path) || [];
    list.push(make(list));
    set(ctx.doc, path, list);
    ctx.changed(path, true, [...path, list.length - 1]);
  };
  return h("button", { type: "button", on: { click: add } }, `${t("add")}: ${title.toLowerCase()}`);
}

/** The next free id `prefix<n>` among `items`. */
export function nextId(items, prefix) {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
