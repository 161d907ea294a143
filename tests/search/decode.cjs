// Decodes shards with the browser runtime's reader, for the search round-trip
// fuzz target (tests/it/fuzz.rs). Usage: node decode.cjs <dir> <count>
// reads <dir>/0.bin … and prints, per shard, {terms: {term: [doc ids]},
// docs: {id: {k, g, s, n, c}}}.
"use strict";
const fs = require("fs");
const path = require("path");
const Search = require(path.join(__dirname, "../../themes/default/static/search.js"));

const [dir, count] = process.argv.slice(2);
const out = [];
for (let i = 0; i < Number(count); i++) {
  const shard = Search.decodeShard(new Uint8Array(fs.readFileSync(path.join(dir, `${i}.bin`))));
  const terms = {};
  shard.vocab.forEach((term, t) => {
    terms[term] = shard.postings[t].map((local) => shard.posts[local].id);
  });
  const docs = {};
  for (const p of shard.posts) docs[p.id] = { k: p.k, g: p.g, s: p.s, n: p.n, c: p.c };
  out.push({ terms, docs });
}
process.stdout.write(JSON.stringify(out));
