// Cuts texts into words with the browser runtime's tokenizer, for the Rust
// test that compares them with src/index/search/words.rs (tests/it/words.rs).
// Usage: node tokens.cjs <texts.json>, a JSON array of strings; prints a
// JSON array of word arrays.
"use strict";
const fs = require("fs");
const path = require("path");
const Search = require(path.join(__dirname, "../../themes/default/static/search.js"));

const texts = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(texts.map((t) => Search.tokenize(t))));
