// Decodes shards and document tables with the browser runtime's readers, for
// the search round-trip fuzz target (tests/it/fuzz.rs).
// Usage: node decode.cjs <dir> <count> reads <dir>/0.bin, <dir>/0.table …
// and prints, per case, {terms: {term: [doc ids]}, docs: [[title length,
// body length class]]}.
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
    terms[term] = shard.postings[t];
  });
  const table = Search.decodeTable(new Uint8Array(fs.readFileSync(path.join(dir, `${i}.table`))));
  out.push({ terms, docs: table.n.map((n, d) => [n, table.c[d]]) });
}
process.stdout.write(JSON.stringify(out));
