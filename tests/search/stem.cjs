// Stems every line of a file with the browser runtime's English stemmer and
// prints the stems, one a line, for the Rust test that compares them with
// rust-stemmers (tests/it/search.rs). Usage: node stem.cjs <words.txt>
"use strict";
const fs = require("fs");
const path = require("path");
const Search = require(path.join(__dirname, "../../themes/default/static/search.js"));

const words = fs.readFileSync(process.argv[2], "utf8").split("\n");
process.stdout.write(words.map((w) => Search.stem(w)).join("\n"));
