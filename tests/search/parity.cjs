// Runs the browser search runtime on a built site in Node and prints, for
// each query, the result list; the Rust parity test compares it with
// `townhall search`. Usage: node parity.cjs <built-site-dir> <queries.json>
// A query's `base` is the folder of the language it searches (`/fr/`; `/`
// by default), as the pages of that language give it.
"use strict";
const fs = require("fs");
const path = require("path");
const statics = path.join(__dirname, "../../themes/default/static");
const Search = require(path.join(statics, "search.js"));
// what a page in those languages loads beside search.js
Search.stemmers.fr = require(path.join(statics, "stem-fr.js"));
Search.stemmers.ar = require(path.join(statics, "stem-ar.js"));

const [site, queriesFile] = process.argv.slice(2);
const fetcher = (url, binary) => {
  const file = path.join(site, url.replace(/^\//, ""));
  const bytes = fs.readFileSync(file);
  return Promise.resolve(binary ? new Uint8Array(bytes) : JSON.parse(bytes.toString("utf8")));
};

(async () => {
  const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
  const engines = {};
  const out = [];
  for (const q of queries) {
    const base = q.base || "/";
    const engine = engines[base] || (engines[base] = new Search(base, fetcher));
    const filters = { kind: q.kind, tag: q.tag, status: q.status };
    const r = await engine.query(q.query, filters, q.limit || 10);
    out.push(r.hits.map((h) => ({
      title: h.t, url: h.u, kind: h.k, tags: h.g, status: h.s, score: h.score, link: h.l, heading: h.h, snippet: h.x,
    })));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
