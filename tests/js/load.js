// Loads the pure client modules (assets/client/) under Node, with the page's contract.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
for (const name of ["10-core.js", "12-i18n.js", "20-counts.js", "30-timeline.js", "40-map.js", "42-labels.js", "43-clusters.js", "60-url.js", "75-stories.js"]) {
  require(path.join(ROOT, "assets", "client", name));
}
const k = globalThis.karabakh;
k.contract = JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "cases", "contract.json"), "utf8"));

function cases(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "tests", "cases", name), "utf8"));
}

module.exports = { k, cases };
