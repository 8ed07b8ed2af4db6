// Turns the ADL LRS conformance suite's vectors (configs/*.js and templates/) into plain
// statements with the status an LRS must answer: tests/data/xapi/vectors.json.
// Run once with Node from this folder:  node make_vectors.js ../../../../shared/data/xapi/lrs-conformance-v2_0
// The suite builds a statement from a chain of templates: the first is the statement; each
// next one sets its one key on the object the previous one added ({{a.b}} is templates/a/b.json).
"use strict";
const fs = require("fs");
const path = require("path");
const root = process.argv[2];
function resolve(value) {
  if (typeof value === "string") {
    const m = value.match(/^\{\{(\w+)\.(\w+)\}\}$/);
    if (m) return JSON.parse(fs.readFileSync(path.join(root, "templates", m[1], m[2] + ".json"), "utf8"));
  }
  return JSON.parse(JSON.stringify(value === undefined ? null : value));
}
function build(templates) {
  let statement = null;
  let current = null;
  for (const t of templates) {
    const key = Object.keys(t)[0];
    const value = resolve(t[key]);
    if (key === "statement") { statement = value; current = statement; continue; }
    if (current === null || typeof current !== "object") return null;
    current[key] = value;
    current = value;
  }
  return statement;
}
const out = [];
for (const file of ["verbs", "results", "scores", "durations", "timestamps"]) {
  const mod = { exports: {} };
  const helper = {};  // the configs only take it as an argument
  new Function("module", "require", fs.readFileSync(path.join(root, "configs", file + ".js"), "utf8"))(mod, () => helper);
  for (const group of mod.exports.config()) {
    for (const test of group.config || []) {
      if (!test.templates || !test.expect) continue;
      const statement = build(test.templates);
      if (statement === null) continue;
      out.push({ file, group: group.name, name: test.name, expect: test.expect[0], statement });
    }
  }
}
fs.writeFileSync("vectors.json", JSON.stringify(out, null, 1) + "\n");
console.log(out.length + " vectors");
