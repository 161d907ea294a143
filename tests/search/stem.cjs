// Stems every line of a file with the browser runtime's stemmer for a
// language (en, built into search.js; fr and ar, in their own scripts) and
// prints the stems, one a line, for the Rust test that compares them with
// rust-stemmers (tests/it/search.rs). Usage: node stem.cjs <words.txt> [en|fr|ar]
"use strict";
const fs = require("fs");
const path = require("path");
const statics = path.join(__dirname, "../../themes/default/static");

const [file, language] = process.argv.slice(2);
const stem = !language || language === "en"
  ? require(path.join(statics, "search.js")).stem
  : require(path.join(statics, `stem-${language}.js`));
const words = fs.readFileSync(file, "utf8").split("\n");
process.stdout.write(words.map((w) => stem(w)).join("\n"));
