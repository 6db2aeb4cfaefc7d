// Kolada's values beside each indicator of a stored assessment: for the insats's
// municipalities, regions and the country, the first and latest value with a small
// trend line, the direction the insats expects, and a follow-up finding where a key
// figure has gone the wrong way two years running. Fetched once per stored version.

import { h, fill, figure } from "./dom.js";
import { api, seg } from "./api.js";
import { t, formatNumber } from "./i18n.js";

/** The server's answer for each stored version, asked once. */
const answers = new Map();

function indicators(stored) {
  const key = `${stored.id}@${stored.version}`;
  if (!answers.has(key)) {
    // A failure is not kept: the next redraw asks again.
    const asked = api("GET", `/v1/assessments/${seg(stored.id)}/indicators`).catch((e) => {
      answers.delete(key);
      throw e;
    });
    answers.set(key, asked);
  }
  return answers.get(key);
}

/** A small line of a unit's numbers, as SVG text (shown as an image). */
function sparkline(points) {
  const numbers = points.filter(([, v]) => v !== null && v !== undefined);
  if (numbers.length < 2) return null;
  const [w, hgt, pad] = [90, 22, 2];
  const years = numbers.map(([y]) => y);
  const values = numbers.map(([, v]) => v);
  const [y0, y1] = [Math.min(...years), Math.max(...years)];
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const x = (y) => pad + ((w - 2 * pad) * (y - y0)) / Math.max(1, y1 - y0);
  const y = (v) => pad + (hgt - 2 * pad) * (hi === lo ? 0.5 : 1 - (v - lo) / (hi - lo));
  const line = numbers.map(([yr, v]) => `${x(yr).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}"><polyline fill="none" stroke="#1f3a5f" stroke-width="1.5" points="${line}"/></svg>`;
}

const value = (p) => (p ? `${formatNumber(p[1], { maximumFractionDigits: 2 })} (${p[0]})` : "–");

/**
 * Where the values of the indicator at `path` show: filled once the server answers.
 * Nothing for an indicator without a Kolada id, or an assessment not stored yet.
 */
export function indicatorValues(ctx, path) {
  const ind = path.reduce((o, k) => o?.[k], ctx.doc);
  const stored = ctx.stored?.();
  if (!ind?.kolada || !stored) return null;
  const box = h("div", { class: "kolada-values", "aria-live": "off" }, t("koladaLoading"));
  indicators(stored)
    .then((answer) => {
      const found = answer.indicators.find((i) => i.indicator === ind.id && i.kolada === ind.kolada);
      if (!found) {
        fill(box, t("koladaSaveFirst"));
        return;
      }
      const rows = found.units.map((u) =>
        h(
          "li",
          { class: u.against ? "against" : null },
          h("span", { class: "unit" }, u.name),
          " ",
          value(u.first),
          " → ",
          value(u.latest),
          " ",
          figure(sparkline(u.points), t("koladaTrend", u.name)),
          u.against ? h("strong", {}, ` ${t("koladaAgainst")}`) : null,
        ),
      );
      // The finding names the indicator by its place in the stored version.
      const finding = answer.findings.find((f) => f.evidence.some((e) => e.pointer === `/indikatorer/${found.at}`));
      fill(
        box,
        h("p", {}, h("strong", {}, `${found.kolada} ${found.title ?? ""}`), found.better ? ` · ${t(found.better === "lagre" ? "koladaLower" : "koladaHigher")}` : ""),
        rows.length ? h("ul", {}, rows) : h("p", { class: "muted" }, t("koladaNoValues")),
        finding ? h("p", { class: "finding varning" }, finding.explanation) : null,
        found.missing > 0 ? h("p", { class: "muted" }, t("koladaMissing", found.missing, answer.not_fetched)) : null,
        h("p", { class: "muted source" }, t("koladaSource", answer.fetched_at?.slice(0, 10))),
      );
    })
    .catch((e) => fill(box, `${t("koladaFailed")}: ${e.message}`));
  return box;
}
