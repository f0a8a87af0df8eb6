// Copies the dashboard's browser libraries from node_modules into static/vendor, so the
// packaged app serves every asset itself: no CDN, no network at run time.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "..", "..", "..", "node_modules");
const vendor = join(here, "static", "vendor");

// [package file, vendored name]: the minified browser builds and the Natural Earth boundaries.
const FILES = [
  ["leaflet/dist/leaflet.js", "leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet.css"],
  ["cytoscape/dist/cytoscape.min.js", "cytoscape.min.js"],
  ["d3/dist/d3.min.js", "d3.min.js"],
  ["topojson-client/dist/topojson-client.min.js", "topojson-client.min.js"],
  ["world-atlas/countries-50m.json", "countries-50m.json"],
  ["leaflet/LICENSE", "LICENSE-leaflet"],
  ["cytoscape/LICENSE", "LICENSE-cytoscape"],
  ["d3/LICENSE", "LICENSE-d3"],
  ["topojson-client/LICENSE", "LICENSE-topojson-client"],
  ["world-atlas/LICENSE", "LICENSE-world-atlas"],
];

rmSync(vendor, { recursive: true, force: true });
mkdirSync(vendor, { recursive: true });
for (const [source, name] of FILES) {
  copyFileSync(join(modules, source), join(vendor, name));
}
console.log(`vendored ${FILES.length} files into ${vendor}`);
