// The JavaScript package in Node 20, with Node's test runner (scripts/wasm-smoke.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

import { load, HallbarError } from "../js/hallbar.js";

const examples = new URL("../../../fixtures/insatser/", import.meta.url);
const example = (name) => readFileSync(new URL(name, examples), "utf8");
const hallbar = await load();

test("assess returns plain objects, one finding per conflict", () => {
  const result = hallbar.assess(example("turism-fjall.toml"));
  assert.equal(result.insats, "fjallturism-2027");
  const pair = result.findings.filter((f) => f.kind === "malkonflikt" && f.goals.join() === "8.9,13");
  assert.equal(pair.length, 1);
  assert.equal(pair[0].rule, "turism-klimat-ekosystem");
  assert.ok(pair[0].rules.includes("tillvaxt-klimat"));
  assert.ok(result.status.steps.length > 0);
});

test("every example assesses", () => {
  for (const name of readdirSync(examples).filter((n) => n.endsWith(".toml"))) {
    assert.ok(hallbar.assess(example(name), { format: "toml" }).findings.length > 0, name);
  }
});

test("a bad document throws HallbarError with every problem and its place", () => {
  const text = example("turism-fjall.toml").replace('mal = "8.9"', 'mal = "18"');
  assert.throws(
    () => hallbar.assess(text),
    (e) => e instanceof HallbarError && e.kind === "document" && e.problems[0].pointer === "/effekter/0/mal" && e.problems[0].line > 1,
  );
});

test("a document of the wrong type throws a request error", () => {
  for (const bad of [42, null, ["x"]]) {
    assert.throws(() => hallbar.assess(bad), (e) => e instanceof HallbarError && e.kind === "request");
  }
});

test("validate, report and portfolio", () => {
  assert.equal(hallbar.validate({ format_version: 1, insats: { id: "x" } }).valid, false);
  assert.match(hallbar.report(example("laddinfrastruktur.toml"), { output: "md" }), /^#/m);
  const docs = readdirSync(examples).filter((n) => n.endsWith(".toml")).map(example);
  const summary = hallbar.portfolio([...docs, "x = "], { format: "toml" });
  assert.equal(summary.insatser, docs.length);
  assert.equal(summary.invalid.count, 1);
});

test("an engine of own rules, or every problem of them", () => {
  assert.throws(
    () => new hallbar.Engine({ rules: [["vara.toml", 'format_version = 1\n[[regel]]\nid = "x"\n']] }),
    (e) => e instanceof HallbarError && e.kind === "load" && e.problems.every((p) => p.source === "vara.toml"),
  );
  const engine = new hallbar.Engine({ noGraph: true });
  assert.ok(engine.assess(example("turism-fjall.toml")).findings.every((f) => f.source !== "graph"));
});

test("interaction files are layers on the standard interactions", () => {
  const region = [
    "region.toml",
    'format_version = 1\nom = { namn = "Region Ett" }\n\n[[interaktion]]\nfran = "7.2"\ntill = "15.5"\npoang = 0\nmotivering = "Redan hårdgjord mark."\nsakerhet = "medel"\nkalla = "Workshop 2026-11-20"\n',
  ];
  const pairs = (engine) =>
    engine.assess(example("laddinfrastruktur.toml")).findings.filter((f) => f.source === "graph").map((f) => f.goals.join("→"));
  const standard = pairs(new hallbar.Engine());
  assert.ok(standard.includes("7.2→15.5"));
  for (const interactions of [region, [region]]) {
    const layered = pairs(new hallbar.Engine({ interactions }));
    assert.ok(!layered.includes("7.2→15.5"));
    assert.equal(layered.length, standard.length - 1);
  }
  assert.deepEqual(pairs(new hallbar.Engine({ interactions: region, replaceStandardInteractions: true })), []);
});

test("a matrix from an Excel workbook infers as the same matrix from CSV", () => {
  const graph = new URL("../../../fixtures/graph/", import.meta.url);
  const csv = readFileSync(new URL("exempel-matris.csv", graph), "utf8");
  const xlsx = new Uint8Array(readFileSync(new URL("exempel-matris.xlsx", graph)));
  const inferred = (engine) =>
    engine.assess(example("vindkraft-renskotsel.toml")).findings.filter((f) => f.source === "graph").map((f) => f.title);
  const fromCsv = inferred(new hallbar.Engine({ matrix: ["exempel-matris.csv", csv] }));
  assert.deepEqual(fromCsv, ["Möjlig indirekt synergi: 7.2 → 13.2"]);
  assert.deepEqual(inferred(new hallbar.Engine({ matrix: ["exempel-matris.xlsx", xlsx] })), fromCsv);
  assert.throws(
    () => new hallbar.Engine({ matrix: ["trasig.xlsx", new Uint8Array([1, 2, 3])] }),
    (e) => e instanceof HallbarError && e.kind === "load" && /not an \.xlsx workbook/.test(e.message),
  );
});
