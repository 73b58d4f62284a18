// Build-time conversion of Natural Earth 1:110m country shapes (npm
// world-atlas, public domain) into projected SVG path strings, so the Go
// server draws the world map offline with no JavaScript map library.
// Run: npm install && npm run build  (writes ../assets/world.json)
import { readFileSync, writeFileSync } from "node:fs";
import { feature } from "topojson-client";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import countries from "i18n-iso-countries";

const W = 960, H = 500;
const topo = JSON.parse(readFileSync("node_modules/world-atlas/countries-110m.json", "utf8"));
const fc = feature(topo, topo.objects.countries);
// Fixed scale and translation: the Go side projects event places with the
// same Natural Earth formula and these numbers.
const proj = geoNaturalEarth1().precision(0.3).fitExtent([[4, 4], [W - 4, H - 4]], { type: "Sphere" });
const scale = proj.scale(), [tx, ty] = proj.translate();
const path = geoPath(proj).digits(1);
const out = [];
for (const f of fc.features) {
  const d = path(f);
  if (!d) continue;
  let iso = f.id ? countries.numericToAlpha2(f.id) || "" : "";
  // Shapes without a numeric code in Natural Earth (Kosovo, N. Cyprus,
  // Somaliland): keep them drawn, uncoloured.
  if (f.properties.name === "Kosovo") iso = "XK";
  out.push({ iso, name: f.properties.name, d });
}
out.sort((a, b) => a.name.localeCompare(b.name));
// Reference points that the Go projection test must reproduce.
const checks = [[0, 0], [120.98, 14.6], [-77.04, 38.9], [139.7, 35.7], [-58.4, -34.6], [151.2, -33.9]].map(
  ([lon, lat]) => ({ lon, lat, xy: proj([lon, lat]).map((v) => Math.round(v * 1000) / 1000) }));
const doc = {
  source: "world-atlas@2.0.2 countries-110m (Natural Earth, public domain), projected with d3-geo geoNaturalEarth1",
  width: W, height: H, scale, translate: [tx, ty],
  sphere: path({ type: "Sphere" }),
  checks, countries: out,
};
writeFileSync("../assets/world.json", JSON.stringify(doc));
console.log(`world.json: ${out.length} countries, ${JSON.stringify(doc).length} bytes`);
