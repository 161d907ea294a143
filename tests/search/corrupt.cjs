// The browser runtime's readers on damaged input. Usage: node corrupt.cjs
// <dir> reads every <name>.bin (a shard) and <name>.table (a document
// table) there and prints {name: "ok" | the error's message}; then asks an
// engine for a query on a manifest of another format, as "manifest".
"use strict";
const fs = require("fs");
const path = require("path");
const Search = require(path.join(__dirname, "../../themes/default/static/search.js"));

const [dir] = process.argv.slice(2);
const out = {};
for (const name of fs.readdirSync(dir).sort()) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(dir, name)));
  try {
    if (name.endsWith(".table")) Search.decodeTable(bytes);
    else Search.decodeShard(bytes);
    out[name] = "ok";
  } catch (e) {
    out[name] = e.message;
  }
}
const old = new Search("/", () => Promise.resolve({ version: 3, docs: 1, shards: {}, stop: [], stem: "en" }));
old.query("refund", {}, 8).then(
  () => { out.manifest = "ok"; },
  (e) => { out.manifest = e.message; },
).then(() => process.stdout.write(JSON.stringify(out)));
