// Assesses a document client side: the page is static, the module runs in the browser.
import { load } from "../../js/hallbar.js";

const doc = `
format_version = 1
[insats]
id = "webbtest"
titel = "Företagsstöd till elektrifiering"
typ = "foretagsstod"
agare = "Region Exempel"
[[effekter]]
id = "a"
mal = "8.2"
riktning = "positiv"
styrka = 3
typ = "direkt"
motivering = "Högre produktivitet."
sakerhet = "medel"
[[effekter]]
id = "b"
mal = "13.2"
riktning = "negativ"
styrka = 2
typ = "direkt"
motivering = "Fossilgas i ugnarna."
sakerhet = "medel"
`;

const out = document.getElementById("result");
try {
  const hallbar = await load();
  const { findings } = hallbar.assess(doc);
  const conflicts = findings.filter((f) => f.kind === "malkonflikt").map((f) => f.goals.join("↔"));
  out.textContent = `findings: ${findings.length}; conflicts: ${conflicts.join(", ")}`;
} catch (e) {
  out.textContent = `error: ${e}`;
}
