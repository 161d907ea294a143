/* townhall search runtime: reads the sharded index under /search/ (format
   4, src/index/search/) and ranks exactly like `townhall search`, stems like
   src/index/stem.rs and picks snippets like src/index/snippet.rs.
   No dependencies; works as a browser script and as a Node module. */
(function (root) {
  "use strict";
  // the ranking model's constants, as src/index/rank.rs has them
  var RANK = { K1: 1.2, B_TITLE: 0.5, B_BODY: 0.3, PREFIX: 0.7, TYPO: 0.5, WHOLE_TITLE: 0.3, NEAR_HEADING: 0.5, NEAR_TEXT: 0.2, RERANK: 8 };
  // field letter, weight, count it stands for, kind (0 title, 1 heading, 2 body)
  var FIELDS = [["T", 6, 1, 0], ["H", 4, 1, 1], ["B", 1, 1, 2], ["C", 1, 1.7, 2], ["D", 1, 2.5, 2], ["E", 1, 4, 2]];
  var KINDS = { g: "guide", q: "question", i: "idea" }, FEW = 10, MAX_WORDS = 16, FORMAT = 4;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;
  // scripts written without spaces: their words are overlapping pairs of
  // characters, a lone character its own (src/index/search/words.rs)
  var CJK = /[\u1100-\u11ff\u3000-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\u{1b000}-\u{1b16f}\u{20000}-\u{323af}]+/gu;

  // lowercase as Rust does, one character at a time: no final sigma
  function lower(s) {
    var l = s.toLowerCase();
    return l.indexOf("\u03c2") < 0 ? l : Array.from(s, function (c) { return c.toLowerCase(); }).join("");
  }

  // [start, end, word] of an NFC text's words (UTF-16 offsets), in the order they start
  function spans(text) {
    var out = [], m, c;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text))) {
      var run = m[0], at = m.index, last = 0;
      CJK.lastIndex = 0;
      while ((c = CJK.exec(run))) {
        if (c.index > last) out.push([at + last, at + c.index, lower(run.slice(last, c.index))]);
        var chars = Array.from(c[0]), pos = at + c.index;
        if (chars.length === 1) out.push([pos, pos + c[0].length, c[0]]);
        for (var i = 0; i + 1 < chars.length; pos += chars[i].length, i++) {
          out.push([pos, pos + chars[i].length + chars[i + 1].length, chars[i] + chars[i + 1]]);
        }
        last = c.index + c[0].length;
      }
      if (last < run.length) out.push([at + last, at + run.length, lower(run.slice(last))]);
    }
    return out;
  }

  function tokenize(text) {
    return spans(String(text).normalize("NFC")).map(function (w) { return w[2]; });
  }

  /* Snowball's English (Porter2) stemmer, as rust-stemmers 1.2 runs it, for
     words of the letters a-z; other words are kept. */
  var stemEnglish = (function () {
    var EX1 = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl", gently: "gentl", ugly: "ugli",
      early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news", howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
    var EX2 = /^(inning|outing|canning|herring|earring|proceed|exceed|succeed)$/;
    var S2 = { tional: "tion", enci: "ence", anci: "ance", abli: "able", entli: "ent", izer: "ize", ization: "ize", ational: "ate", ation: "ate",
      ator: "ate", alism: "al", aliti: "al", alli: "al", fulness: "ful", ousli: "ous", ousness: "ous", iveness: "ive", iviti: "ive",
      biliti: "ble", bli: "ble", ogi: "og", fulli: "ful", lessli: "less", li: "" };
    var S3 = { tional: "tion", ational: "ate", alize: "al", icate: "ic", iciti: "ic", ical: "ic", ful: "", ness: "", ative: "" };
    var S4 = "al ance ence er ic able ible ant ement ment ent ism ate iti ous ive ize ion".split(" ");
    function re(list) { return new RegExp("(?:" + list.join("|") + ")$"); }
    var R2 = re(Object.keys(S2)), R3 = re(Object.keys(S3)), R4 = re(S4);
    function v(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }
    function region(w, i) { // gopast a vowel, then gopast a non-vowel
      while (i < w.length && !v(w[i])) i++;
      while (++i < w.length && v(w[i]));
      return Math.min(i + 1, w.length);
    }
    function shortv(w, i) {
      return (i >= 3 && "aeiouywxY".indexOf(w[i - 1]) < 0 && v(w[i - 2]) && !v(w[i - 3])) || (i === 2 && !v(w[1]) && v(w[0]));
    }
    return function (w) {
      if (Object.prototype.hasOwnProperty.call(EX1, w)) return EX1[w];
      if (w.length < 3) return w;
      var i, m, at, Y = false;
      for (i = 0; i < w.length; i++) {
        if (w[i] === "y" && (i === 0 || v(w[i - 1]))) { w = w.slice(0, i) + "Y" + w.slice(i + 1); Y = true; }
      }
      var pre = /^(gener|commun|arsen)/.exec(w), p1 = pre ? pre[0].length : region(w, 0), p2 = region(w, p1);
      // step 1a
      if (/sses$/.test(w)) w = w.slice(0, -2);
      else if (/ie[ds]$/.test(w)) w = w.slice(0, -3) + (w.length > 4 ? "i" : "ie");
      else if (/[^us]s$/.test(w) && /[aeiouy]/.test(w.slice(0, -2))) w = w.slice(0, -1);
      if (!EX2.test(w)) {
        // step 1b
        if ((m = /(?:eedly|eed|ingly|edly|ing|ed)$/.exec(w))) {
          at = m.index;
          if (m[0].slice(0, 3) === "eed") { if (at >= p1) w = w.slice(0, at) + "ee"; }
          else if (/[aeiouy]/.test(w.slice(0, at))) {
            w = w.slice(0, at);
            if (/(?:at|bl|iz)$/.test(w)) w += "e";
            else if (/(?:bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
            else if (w.length === p1 && shortv(w, w.length)) w += "e";
          }
        }
        // step 1c
        if (/[yY]$/.test(w) && w.length > 2 && !v(w[w.length - 2])) w = w.slice(0, -1) + "i";
        // step 2
        if ((m = R2.exec(w)) && m.index >= p1) {
          at = m.index;
          if (m[0] === "ogi") { if (w[at - 1] === "l") w = w.slice(0, at) + "og"; }
          else if (m[0] === "li") { if ("cdeghkmnrt".indexOf(w[at - 1]) >= 0) w = w.slice(0, at); }
          else w = w.slice(0, at) + S2[m[0]];
        }
        // step 3
        if ((m = R3.exec(w)) && m.index >= p1 && (m[0] !== "ative" || m.index >= p2)) w = w.slice(0, m.index) + S3[m[0]];
        // step 4
        if ((m = R4.exec(w)) && m.index >= p2 && (m[0] !== "ion" || /[st]/.test(w[m.index - 1] || ""))) w = w.slice(0, m.index);
        // step 5
        at = w.length - 1;
        if (w[at] === "e" && (at >= p2 || (at >= p1 && !shortv(w, at)))) w = w.slice(0, at);
        else if (w[at] === "l" && at >= p2 && w[at - 1] === "l") w = w.slice(0, at);
      }
      return Y ? w.replace(/Y/g, "y") : w;
    };
  })();

  // the stemmer the manifest names: English is built in, others are scripts
  // (stem-fr.js …) that pages in their language load
  var STEMMERS = { en: function (w) { return /^[a-z]+$/.test(w) ? stemEnglish(w) : w; }, "": function (w) { return w; } };
  function stemmer(name) {
    var stem = STEMMERS[name] || (root.TownhallStemmers || {})[name];
    if (!stem) throw new Error("search: the " + name + " stemmer is not loaded");
    return stem;
  }

  function cmp(a, b) { // code point order, as Rust sorts the vocabulary
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  // whether a becomes b in 1..max edits (optimal string alignment), on code points
  function withinEdits(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    if (a.length === b.length && a.every(function (c, i) { return c === b[i]; })) return false;
    var before = [], prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 0; i < a.length; i++) {
      var row = [i + 1], low = i + 1;
      for (j = 0; j < b.length; j++) {
        var d = Math.min(prev[j] + (a[i] === b[j] ? 0 : 1), prev[j + 1] + 1, row[j] + 1);
        if (i > 0 && j > 0 && a[i] === b[j - 1] && a[i - 1] === b[j]) d = Math.min(d, before[j - 1] + 1);
        row.push(d);
        low = Math.min(low, d);
      }
      if (low > max) return false;
      before = prev; prev = row;
    }
    return prev[b.length] <= max;
  }

  // ln(x) for x >= 1 from + - * / alone, bit for bit as rank.rs computes it
  function ln(x) {
    if (!(x >= 1)) return 0;
    var m = x, e = 0, t, t2, term, sum = 0, k;
    while (m >= 2) { m /= 2; e += 1; }
    t = (m - 1) / (m + 1); t2 = t * t; term = t;
    for (k = 1; k < 30; k += 2) { sum += term / k; term *= t2; }
    return e * Math.LN2 + 2 * sum;
  }
  function idf(docs, df) { return ln(1 + Math.max(0, docs - df + 0.5) / (df + 0.5)); }
  function norm(b, length, average) { return average <= 0 ? 1 : 1 - b + b * length / average; }
  function saturate(w, tf) { return tf <= 0 ? 0 : w * tf * (RANK.K1 + 1) / (tf + RANK.K1); }
  function classLength(c) { var l = 1; for (var i = 0; i < Math.min(c, 80); i++) l *= Math.SQRT2; return l; }
  function points(score) { return Math.min(Math.max(Math.floor(score * 1000 + 0.5), 0), 4294967295); }
  function weightedFrequency(fields, titleLen, bodyClass, avg) {
    var title = 0, heading = 0, body = 0;
    FIELDS.forEach(function (f, slot) {
      var v = fields[slot] * f[1] * f[2];
      if (f[3] === 0) title = Math.max(title, v); else if (f[3] === 1) heading = Math.max(heading, v); else body = Math.max(body, v);
    });
    return title / norm(RANK.B_TITLE, Math.max(titleLen, 1), avg[0] / 100) + heading + body / norm(RANK.B_BODY, classLength(bodyClass), avg[1] / 100);
  }
  // share of the query's adjacent word pairs side by side, in order, in tokens (bit sets)
  function nearShare(tokens, words) {
    if (words < 2) return 0;
    var pairs = 0;
    for (var i = 0; i + 1 < tokens.length; i++) pairs |= tokens[i] & (tokens[i + 1] >>> 1);
    return bits(pairs & ((1 << (words - 1)) - 1)) / (words - 1);
  }
  function nearBonus(doc, matched, words, stem, stop) {
    if (words < 2) return 0;
    function tokens(text) {
      return tokenize(text).filter(function (w) { return stop.indexOf(w) < 0; }).map(function (w) { return matched[stem(w)] || 0; });
    }
    var heading = nearShare(tokens(doc.t), words), text = 0;
    (doc.p || []).forEach(function (p) {
      heading = Math.max(heading, nearShare(tokens(p[1]), words));
      text = Math.max(text, nearShare(tokens(p[2]), words));
    });
    return RANK.NEAR_HEADING * heading + RANK.NEAR_TEXT * text;
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // `text` as HTML with the words whose stem is in `matched` in <mark>; words that
  // overlap or touch (CJK pairs) share one
  function mark(text, matched, stem) {
    var html = "", last = 0, open = null;
    text = String(text).normalize("NFC");
    function close() {
      html += esc(text.slice(last, open[0])) + "<mark>" + esc(text.slice(open[0], open[1])) + "</mark>";
      last = open[1];
    }
    spans(text).forEach(function (w) {
      if (matched[stem(w[2])] === undefined) return;
      if (open && w[0] <= open[1]) open[1] = Math.max(open[1], w[1]);
      else { if (open) close(); open = [w[0], w[1]]; }
    });
    if (open) close();
    return html + esc(text.slice(last));
  }

  function wordsIn(text, matched, stem) {
    var found = 0;
    tokenize(text).forEach(function (w) { found |= matched[stem(w)] || 0; });
    return found;
  }

  function bits(n) { var c = 0; for (; n; n >>>= 1) c += n & 1; return c; }

  // the passage with the most query words (then in its heading, then the first)
  function snippet(doc, matched, stem) {
    var best = null, rank = [0, 0];
    (doc.p || []).forEach(function (p) {
      var h = wordsIn(p[1], matched, stem), all = bits(h | wordsIn(p[2], matched, stem)), inH = bits(h);
      if (all > 0 && (all > rank[0] || (all === rank[0] && inH > rank[1]))) { best = p; rank = [all, inH]; }
    });
    return best ? { a: best[0], h: best[1], x: mark(best[2], matched, stem) } : { a: "", h: "", x: mark(doc.e || "", matched, stem) };
  }

  // a cursor over a file of the index (src/index/search/encode.rs) that
  // throws, rather than read past its end or accept a malformed number
  function reader(bytes, magic, what) {
    var p = 0;
    function fail() { throw new Error("search: corrupt or truncated " + what); }
    for (; p < 4; p++) if (bytes[p] !== magic.charCodeAt(p)) throw new Error("search: not a format " + FORMAT + " " + what);
    return {
      fail: fail,
      leb: function () {
        var v = 0, s = 1, x, k = 0;
        do { if (p >= bytes.length || k++ === 5) fail(); x = bytes[p++]; v += (x & 127) * s; s *= 128; } while (x & 128);
        if (v > 4294967295) fail();
        return v;
      },
      take: function (n) { if (p + n > bytes.length) fail(); p += n; return bytes.subarray(p - n, p); },
      end: function () { if (p !== bytes.length) fail(); }
    };
  }

  // terms and their posting lists of global document ids (delta-coded)
  function decodeShard(bytes) {
    var r = reader(bytes, "ths\x04", "shard"), terms = r.leb(), text = r.take(r.leb()), vocab = [], postings = [];
    try { if (terms) vocab = new TextDecoder("utf-8", { fatal: true }).decode(text).split("\n"); } catch (e) { r.fail(); }
    if (vocab.length !== terms) r.fail();
    for (var t = 0; t < terms; t++) {
      var n = r.leb(), list = [], id = 0;
      if (n > bytes.length) r.fail();
      for (var j = 0; j < n; j++) { id += r.leb(); list.push(id); }
      if (id > 4294967295) r.fail();
      postings.push(list);
    }
    r.end();
    return { vocab: vocab, postings: postings };
  }

  // per document its title length (n) and body length class (c)
  function decodeTable(bytes) {
    var r = reader(bytes, "tht\x04", "table"), count = r.leb(), n = [], c = [], i;
    if (count > bytes.length) r.fail();
    for (i = 0; i < count; i++) n.push(r.leb());
    for (i = 0; i < count; i++) c.push(r.leb());
    r.end();
    return { n: n, c: c };
  }

  function Search(base, fetcher) {
    this.base = base || "/";
    this.fetcher = fetcher || function (url, binary) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return binary ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
    };
    this.shards = {}; this.docCache = {}; this.manifest = null; this.facetRows = null;
  }

  // the manifest, then the document table every score needs
  Search.prototype.load = function () {
    var self = this;
    if (!this.manifest) this.manifest = this.fetcher(this.base + "search/manifest.json", false).then(function (m) {
      if (m.version !== FORMAT) throw new Error("search: the index is format " + m.version + ", this script reads format " + FORMAT);
      m.at = Object.create(null); m.isSplit = Object.create(null);
      m.keys.forEach(function (k, i) { m.at[k] = i; });
      m.split.forEach(function (k) { m.isSplit[k] = 1; });
      return self.fetcher(self.base + "search/" + m.table, true).then(function (bytes) {
        m.stats = decodeTable(bytes);
        if (m.stats.n.length !== m.docs) throw new Error("search: the document table does not match the manifest");
        return m;
      });
    });
    return this.manifest;
  };

  // [[word, prefix, stem]]: stop words dropped unless nothing else remains
  Search.prototype.words = function (query, stop, stem) {
    var words = tokenize(query), content = words.filter(function (w) { return stop.indexOf(w) < 0; });
    var chosen = content.length ? content : words, prefixLast = !/\s$/.test(query), seen = Object.create(null), out = [];
    chosen.forEach(function (w, i) {
      var prefix = prefixLast && i === chosen.length - 1 && Array.from(w).length >= 2, s = stem(w), key = s + (prefix ? "*" : "");
      if (!seen[key]) { seen[key] = 1; out.push([w, prefix, s]); }
    });
    return out.slice(0, MAX_WORDS);
  };

  // the keys of the shards that hold a word's exact and prefix matches, or
  // (typo) every word starting with its first two characters
  function keysOf(m, w, typo) {
    var chars = Array.from(w[2]), group = chars.slice(0, 2).join("");
    if (!m.isSplit[group]) return [group];
    if (!typo && (chars.length >= 3 || !w[1])) return [chars.slice(0, 3).join("")];
    return m.keys.filter(function (k) { return Array.from(k).slice(0, 2).join("") === group; });
  }

  // the shards of `keys` as one, its terms in order
  Search.prototype.group = function (m, keys) {
    var self = this;
    return Promise.all(keys.filter(function (k) { return m.at[k] !== undefined; }).map(function (key) {
      if (!self.shards[key]) self.shards[key] = self.fetcher(self.base + "search/" + m.shards + "/" + m.at[key] + ".bin", true).then(decodeShard);
      return self.shards[key];
    })).then(function (shards) {
      if (shards.length === 1) return shards[0];
      var rows = [];
      shards.forEach(function (s) { s.vocab.forEach(function (t, i) { rows.push([t, s.postings[i]]); }); });
      rows.sort(function (a, b) { return cmp(a[0], b[0]); });
      return { vocab: rows.map(function (r) { return r[0]; }), postings: rows.map(function (r) { return r[1]; }) };
    });
  };

  Search.prototype.docs = function (m, ids) {
    var self = this;
    return Promise.all(ids.map(function (id) {
      var url = self.base + "search/" + m.folder + "/" + id + ".json";
      if (!self.docCache[url]) self.docCache[url] = self.fetcher(url, false);
      return self.docCache[url];
    }));
  };

  // per document {k, g, s}: only the results page's facets and filters need them
  Search.prototype.facetsOf = function (m) {
    if (!this.facetRows) this.facetRows = this.fetcher(this.base + "search/" + m.facets, false).then(function (f) {
      return f.docs.map(function (row) {
        var x = row.split("|");
        return { k: KINDS[x[0]], g: x[1] ? x[1].split(",").map(function (i) { return f.tags[+i]; }) : [], s: x[2] || "" };
      });
    });
    return this.facetRows;
  };

  // per document the best match quality in each field for one word, and the
  // indexed words it matched; typo matches, from every word of the word's
  // first two characters, only when nothing matches exactly or as a prefix
  Search.prototype.wordMatches = function (m, w) {
    var self = this, perDoc = {}, terms = Object.create(null), any = false;
    function record(list, slot, quality) {
      list.forEach(function (id) {
        var q = perDoc[id] || (perDoc[id] = [0, 0, 0, 0, 0, 0]);
        q[slot] = Math.max(q[slot], quality);
      });
    }
    return this.group(m, keysOf(m, w, false)).then(function (shard) {
      FIELDS.forEach(function (f, slot) {
        var exact = f[0] + w[2], lo = 0, hi = shard.vocab.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(shard.vocab[mid], exact) < 0) lo = mid + 1; else hi = mid; }
        for (var t = lo; t < shard.vocab.length; t++) {
          var term = shard.vocab[t], quality;
          if (term === exact) quality = 1;
          else if (w[1] && term.indexOf(exact) === 0) quality = RANK.PREFIX;
          else break;
          terms[term.slice(1)] = 1; any = true;
          record(shard.postings[t], slot, quality);
        }
      });
      var length = Array.from(w[2]).length, edits = length >= 8 ? 2 : length >= 4 ? 1 : 0;
      if (any || !edits) return [perDoc, terms];
      return self.group(m, keysOf(m, w, true)).then(function (all) {
        var stem = Array.from(w[2]), letters = FIELDS.map(function (f) { return f[0]; }).join("");
        all.vocab.forEach(function (term, t) {
          var slot = letters.indexOf(term[0]), candidate = Array.from(term).slice(1);
          if (slot < 0 || !withinEdits(stem, candidate, edits)) return;
          terms[candidate.join("")] = 1;
          record(all.postings[t], slot, RANK.TYPO);
        });
        return [perDoc, terms];
      });
    });
  };

  // query -> {hits: [{id, score, t, u, k, g, s, e, l, h, x}], facets, words, mark(text)};
  // facets are counted when `withFacets` is set (the results page)
  Search.prototype.query = function (query, filters, limit, withFacets) {
    var self = this;
    filters = filters || {};
    return this.load().then(function (m) {
      var stem = stemmer(m.stem), words = self.words(query, m.stop, stem), matched = Object.create(null);
      var markText = function (text) { return mark(text, matched, stem); };
      var facets = { kind: {}, tag: {}, status: {} }, filtered = filters.kind || filters.tag || filters.status;
      if (!words.length) return { hits: [], facets: facets, words: [], mark: markText };
      var rows = withFacets || filtered ? self.facetsOf(m) : Promise.resolve(null);
      return Promise.all([rows].concat(words.map(function (w) { return self.wordMatches(m, w); })))
        .then(function (found) {
          var scores = {}, meta = found.shift(), n = m.stats.n, c = m.stats.c;
          words.forEach(function (w, wi) {
            var perDoc = found[wi][0], weight = idf(m.docs, Object.keys(perDoc).length);
            for (var term in found[wi][1]) matched[term] = (matched[term] || 0) | (1 << wi);
            for (var id in perDoc) {
              var s = scores[id] || (scores[id] = [0, 0, 0]);
              s[0] += 1; s[1] += saturate(weight, weightedFrequency(perDoc[id], n[id] || 0, c[id] || 0, m.avg)); s[2] += perDoc[id][0] > 0 ? 1 : 0;
            }
          });
          for (var sid in scores) if (n[sid] > 0 && scores[sid][2] >= n[sid]) scores[sid][1] += scores[sid][1] * RANK.WHOLE_TITLE;
          var ids = Object.keys(scores).map(Number);
          var complete = ids.filter(function (id) { return scores[id][0] === words.length; });
          if (complete.length >= FEW) ids = complete;
          if (withFacets) ids.forEach(function (id) {
            var p = meta[id];
            facets.kind[p.k] = (facets.kind[p.k] || 0) + 1;
            p.g.forEach(function (g) { facets.tag[g] = (facets.tag[g] || 0) + 1; });
            if (p.s) facets.status[p.s] = (facets.status[p.s] || 0) + 1;
          });
          if (filtered) ids = ids.filter(function (id) {
            var p = meta[id];
            return (!filters.kind || p.k === filters.kind) && (!filters.tag || p.g.indexOf(filters.tag) >= 0) && (!filters.status || p.s === filters.status);
          });
          function order(a, b) {
            var x = scores[a], y = scores[b];
            return y[0] - x[0] || (y[1] > x[1] ? 1 : y[1] < x[1] ? -1 : 0) || a - b;
          }
          ids.sort(order);
          var head = ids.slice(0, RANK.RERANK);
          return self.docs(m, head).then(function (headDocs) {
            headDocs.forEach(function (doc, i) {
              var s = scores[head[i]];
              s[1] += s[1] * nearBonus(doc, matched, words.length, stem, m.stop);
            });
            head.sort(order);
            ids = head.concat(ids.slice(RANK.RERANK)).slice(0, limit || 10);
            return self.docs(m, ids);
          }).then(function (docs) {
            return {
              words: words.map(function (w) { return w[0]; }),
              facets: facets,
              mark: markText,
              hits: docs.map(function (doc, i) {
                var sn = snippet(doc, matched, stem);
                return { id: ids[i], score: points(scores[ids[i]][1]), t: doc.t, u: doc.u, k: doc.k, g: doc.g, s: doc.s, e: doc.e,
                  l: sn.a ? doc.u + "#" + sn.a : doc.u, h: sn.h, x: sn.x };
              })
            };
          });
        });
    });
  };

  Search.tokenize = tokenize;
  Search.RANK = RANK;
  Search.FIELDS = FIELDS;
  Search.decodeShard = decodeShard;
  Search.decodeTable = decodeTable;
  Search.FORMAT = FORMAT;
  Search.stem = stemmer("en");
  Search.stemmers = STEMMERS;
  if (typeof module === "object" && module.exports) module.exports = Search;
  else root.TownhallSearch = Search;
})(this);
