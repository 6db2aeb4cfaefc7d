// Building the page from data. Every text from a document goes in as a text node or
// an attribute value, never as markup: a title holding "<script>" shows as those
// characters. There is no innerHTML anywhere in the interface.

/** An element: `h("button", { class: "primary", on: { click } }, "Spara")`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === "class") {
      el.className = value;
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "value" || key === "checked" || key === "disabled" || key === "selected") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * An SVG figure drawn by the server, shown as an image: an image cannot run script,
 * whatever text the figure holds.
 */
export function figure(svg, alt) {
  if (!svg) return null;
  return h("img", {
    class: "figure",
    alt,
    src: "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg),
  });
}

/** Says `text` to screen readers (a polite live region). */
export function announce(text) {
  const live = document.getElementById("live");
  if (live) live.textContent = text;
}

/** A unique id for label/field pairs. */
let counter = 0;
export function uid(prefix = "f") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/**
 * Calls `fn` once `ms` have passed without another call; `.flush()` makes a call that is
 * waiting at once.
 */
export function debounce(fn, ms) {
  let timer = null;
  let waiting = null;
  const run = () => {
    const args = waiting;
    timer = null;
    waiting = null;
    fn(...args);
  };
  const debounced = (...args) => {
    waiting = args;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer === null) return;
    clearTimeout(timer);
    run();
  };
  return debounced;
}
