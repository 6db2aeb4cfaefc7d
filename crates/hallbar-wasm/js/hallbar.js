// hallbar for JavaScript: the checks of a sustainability assurance, in WebAssembly, for
// Node 20+ and browsers. `await load()` once, then assess:
//
//   import { load } from "hallbar";
//   const hallbar = await load();
//   const { findings } = hallbar.assess(tomlText, { format: "toml" });
//
// Every call returns plain objects (the shapes of hallbar's JSON Schemas); bad input
// throws HallbarError, whose `problems` name each problem's place.
import init, { Engine as NativeEngine } from "./pkg/hallbar_wasm.js";

/** A request hallbar could not answer; `kind` is request, document, load or internal. */
export class HallbarError extends Error {
  constructor(kind, message, problems) {
    super(message);
    this.name = "HallbarError";
    this.kind = kind;
    this.problems = problems;
  }
}

function answer(text) {
  const response = JSON.parse(text);
  if (!response.ok) {
    const e = response.error ?? {};
    throw new HallbarError(e.kind ?? "internal", e.message ?? "", e.problems ?? []);
  }
  delete response.ok;
  return response;
}

function formatOf(document, format) {
  if (format !== undefined || typeof document !== "string") return format;
  // A text that starts as a JSON object is JSON; anything else is read as TOML.
  return document.trimStart().startsWith("{") ? "json" : "toml";
}

function request(document, { format, lang, output } = {}) {
  if (typeof document !== "string" && (document === null || typeof document !== "object" || Array.isArray(document))) {
    throw new HallbarError("request", "a document is a string (TOML or JSON) or an object", []);
  }
  const r = { document };
  const f = formatOf(document, format);
  if (f !== undefined) r.format = f;
  if (lang !== undefined) r.lang = lang;
  if (output !== undefined) r.output = output;
  return JSON.stringify(r);
}

/** Standard base64 of `bytes` (a Uint8Array or ArrayBuffer), in Node and in browsers. */
function base64Of(bytes) {
  const all = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = "";
  for (let i = 0; i < all.length; i += 0x8000) binary += String.fromCharCode(...all.subarray(i, i + 0x8000));
  return btoa(binary);
}

const files = (pairs) => (pairs ?? []).map(([name, text]) => ({ name, text }));

/** What documents are checked with. `new Engine()` is the embedded defaults. */
export class Engine {
  constructor({ goals, rules, replaceStandardRules, interactions, replaceStandardInteractions, matrix, noGraph, profiles } = {}) {
    const config = {
      goals: files(goals),
      rules: files(rules),
      replace_standard_rules: Boolean(replaceStandardRules),
      replace_standard_interactions: Boolean(replaceStandardInteractions),
      no_graph: Boolean(noGraph),
      profiles: files(profiles),
    };
    // One file ([name, text]) or a list of them, layered in order.
    if (interactions) config.interactions = files(typeof interactions[0] === "string" ? [interactions] : interactions);
    if (matrix) {
      // CSV as text; an Excel workbook as its bytes, carried in base64.
      const [name, content] = matrix;
      config.matrix = typeof content === "string" ? { name, text: content } : { name, base64: base64Of(content) };
    }
    try {
      this.native = new NativeEngine(JSON.stringify(config));
    } catch (e) {
      answer(String(e));
      throw e;
    }
  }
  assess(document, options) {
    return answer(this.native.assess(request(document, options)));
  }
  validate(document, options) {
    return answer(this.native.validate(request(document, options)));
  }
  report(document, options) {
    return answer(this.native.report(request(document, options))).report;
  }
  portfolio(documents, { format, top } = {}) {
    const docs = Array.from(documents);
    const r = { documents: docs };
    const f = format ?? (typeof docs[0] === "string" ? formatOf(docs[0]) : undefined);
    if (f !== undefined) r.format = f;
    if (top !== undefined) r.top = top;
    return answer(this.native.portfolio(JSON.stringify(r))).portfolio;
  }
}

let ready;
let builtin;
const engine = () => (builtin ??= new Engine());

const api = {
  Engine,
  HallbarError,
  assess: (document, options) => engine().assess(document, options),
  validate: (document, options) => engine().validate(document, options),
  report: (document, options) => engine().report(document, options),
  portfolio: (documents, options) => engine().portfolio(documents, options),
};

/**
 * Loads the WebAssembly module (once) and returns the API. In Node it is read from beside
 * this file; in a browser it is fetched from there, or from `source` (a URL, a Response
 * or the bytes).
 */
export async function load(source) {
  ready ??= (async () => {
    let input = source;
    if (input === undefined && typeof process !== "undefined" && process.versions?.node) {
      const { readFile } = await import("node:fs/promises");
      input = await readFile(new URL("./pkg/hallbar_wasm_bg.wasm", import.meta.url));
    }
    await init(input === undefined ? undefined : { module_or_path: input });
  })();
  await ready;
  return api;
}
