// Form fields bound to a place in the document. Each field's wrapper carries the JSON
// pointer of its place (`data-pointer`), so that a finding or a diagnostic about that
// place is shown beside it.

import { h, uid } from "./dom.js";
import { t } from "./i18n.js";
import { session } from "./session.js";

/** The value at `path` (a list of keys and indexes). */
export function get(doc, path) {
  return path.reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), doc);
}

/** Sets the value at `path`, making the objects on the way; `undefined` removes it. */
export function set(doc, path, value) {
  let o = doc;
  for (let i = 0; i < path.length - 1; i++) {
    if (o[path[i]] === undefined || o[path[i]] === null) o[path[i]] = typeof path[i + 1] === "number" ? [] : {};
    o = o[path[i]];
  }
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
}

/** The JSON pointer (RFC 6901) of `path`. */
export const pointer = (path) => "/" + path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

/** A list of values from "a, b", and back. */
const splitList = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

/**
 * A field for the value at `path`.
 *
 * `kind`: text, textarea, int, number, date, select, checkbox, goal, list (comma-separated
 * strings), lines (one string per line), multi (checkboxes over a vocabulary).
 * `opts.optional`: an empty field removes the value instead of storing "".
 * `opts.options`: for select and multi, the vocabulary's name or a list of {value, label}.
 */
export function field(ctx, path, label, kind = "text", opts = {}) {
  const id = uid();
  const current = get(ctx.doc, path);
  const store = (value) => {
    const empty = value === "" || value === undefined || (Array.isArray(value) && value.length === 0 && opts.optional);
    set(ctx.doc, path, empty && opts.optional ? undefined : value);
    ctx.changed(path);
  };
  const options = typeof opts.options === "string" ? session.vocabulary[opts.options] || [] : opts.options || [];
  const common = { id, disabled: ctx.readOnly, "aria-describedby": `${id}-notes` };
  let input;
  switch (kind) {
    case "textarea":
    case "lines":
      input = h("textarea", {
        ...common,
        rows: opts.rows || 3,
        value: kind === "lines" ? (current || []).join("\n") : current ?? "",
        on: { input: (e) => store(kind === "lines" ? e.target.value.split("\n").map((s) => s.trim()).filter(Boolean) : e.target.value) },
      });
      break;
    case "int":
    case "number":
      input = h("input", {
        ...common,
        type: "number",
        inputmode: kind === "int" ? "numeric" : "decimal",
        step: kind === "int" ? "1" : "any",
        min: opts.min,
        max: opts.max,
        value: current ?? "",
        on: {
          input: (e) => {
            const text = e.target.value;
            if (text === "") return store(opts.optional ? undefined : "");
            const n = Number(text);
            store(Number.isFinite(n) ? n : text);
          },
        },
      });
      break;
    case "date":
      input = h("input", { ...common, type: "date", value: current ?? "", on: { input: (e) => store(e.target.value) } });
      break;
    case "checkbox":
      input = h("input", { ...common, type: "checkbox", checked: Boolean(current), on: { change: (e) => store(e.target.checked) } });
      return h("div", { class: "field check", dataset: { pointer: pointer(path) } }, input, h("label", { for: id }, label), notes(id));
    case "select":
      input = h(
        "select",
        { ...common, on: { change: (e) => store(e.target.value === "" ? undefined : coerce(e.target.value, options)) } },
        opts.optional || current === undefined ? h("option", { value: "" }, opts.blank || "–") : null,
        options.map((o) => h("option", { value: String(o.value), selected: String(o.value) === String(current) }, o.label)),
      );
      break;
    case "multi": {
      const chosen = new Set(current || []);
      return h(
        "fieldset",
        { class: "field multi", dataset: { pointer: pointer(path) }, disabled: ctx.readOnly },
        h("legend", {}, label),
        h(
          "div",
          { class: "choices" },
          options.map((o) => {
            const oid = uid();
            return h(
              "span",
              { class: "choice" },
              h("input", {
                id: oid,
                type: "checkbox",
                checked: chosen.has(o.value),
                on: {
                  change: (e) => {
                    if (e.target.checked) chosen.add(o.value);
                    else chosen.delete(o.value);
                    store(options.map((x) => x.value).filter((v) => chosen.has(v)));
                  },
                },
              }),
              h("label", { for: oid }, o.label),
            );
          }),
        ),
        notes(id),
      );
    }
    case "goal":
      input = h("input", {
        ...common,
        list: "goal-catalogue",
        autocomplete: "off",
        placeholder: t("goalHelp"),
        value: current ?? "",
        on: { input: (e) => store(e.target.value.trim()) },
      });
      break;
    case "list":
      input = h("input", { ...common, value: (current || []).join(", "), on: { input: (e) => store(splitList(e.target.value)) } });
      break;
    default:
      input = h("input", { ...common, type: "text", value: current ?? "", on: { input: (e) => store(e.target.value) } });
  }
  return h("div", { class: `field ${kind}`, dataset: { pointer: pointer(path) } }, h("label", { for: id }, label), input, notes(id));
}

/** Where notes about a field go (findings, diagnostics). */
const notes = (id) => h("div", { class: "notes", id: `${id}-notes` });

/** A select's value in the type of the vocabulary's values (numbers stay numbers). */
function coerce(text, options) {
  const match = options.find((o) => String(o.value) === text);
  return match ? match.value : text;
}

/** The catalogue as a list to pick goals from: number and name, searchable by both. */
export function goalCatalogue() {
  return h(
    "datalist",
    { id: "goal-catalogue" },
    session.goals.map((g) => h("option", { value: g.id, label: `${g.id} ${g.name}` })),
  );
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
        ctx.readOnly
          ? null
          : h(
              "button",
              {
                type: "button",
                class: "link danger",
                on: {
                  click: () => {
                    const [removed] = items.splice(i, 1);
                    if (items.length === 0) set(ctx.doc, path, undefined);
                    ctx.changed(path, true);
                    // A removal can be undone: the item goes back where it was.
                    ctx.offerUndo?.(`${title.toLowerCase()} ${item?.id ?? i + 1}`, () => {
                      const list = get(ctx.doc, path) || [];
                      list.splice(Math.min(i, list.length), 0, removed);
                      set(ctx.doc, path, list);
                      ctx.changed(path, true, [...path, i]);
                    });
                  },
                },
              },
              `${t("remove")} ${title.toLowerCase()} ${item?.id ?? i + 1}`,
            ),
      ),
    ),
    h("div", { class: "notes" }),
    ctx.readOnly
      ? null
      : h(
          "button",
          {
            type: "button",
            on: {
              click: () => {
                const list = get(ctx.doc, path) || [];
                list.push(make(list));
                set(ctx.doc, path, list);
                ctx.changed(path, true, [...path, list.length - 1]);
              },
            },
          },
          `${t("add")}: ${title.toLowerCase()}`,
        ),
  );
}

/** The next free id `prefix<n>` among `items`. */
export function nextId(items, prefix) {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}
