/* townhall search runtime: reads the sharded tinysearch index under
   /search/ and ranks exactly like `townhall search` (src/index/search.rs).
   No dependencies; works as a browser script and as a Node module. */
(function (root) {
  "use strict";
  var WEIGHTS = [["T", 30, 20], ["H", 12, 8], ["B", 4, 2]];
  var KINDS = { g: "guide", q: "question", i: "idea" }, WHOLE_TITLE = 15;

  function tokenize(text) {
    var out = [], re = /[\p{Alphabetic}\p{N}]+/gu, m;
    text = String(text).normalize("NFC");
    while ((m = re.exec(text))) out.push(m[0].toLowerCase());
    return out;
  }

  function cmp(a, b) { // code point order, as Rust sorts the vocabulary
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1; j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  function decodeShard(bytes) {
    var p = 0, text = new TextDecoder();
    function leb() { var v = 0, s = 1, x; do { x = bytes[p++]; v += (x & 127) * s; s *= 128; } while (x & 128); return v; }
    function bvar() {
      var x = bytes[p++], n = { 251: 2, 252: 4, 253: 8 }[x], v = 0, s = 1;
      if (!n) return x;
      for (var k = 0; k < n; k++, s *= 256) v += bytes[p++] * s;
      return v;
    }
    function str() { var n = bvar(), s = text.decode(bytes.subarray(p, p + n)); p += n; return s; }
    var magic = "tinysearch\x02";
    for (var k = 0; k < magic.length; k++) if (bytes[k] !== magic.charCodeAt(k)) throw new Error("not a tinysearch index");
    p = magic.length;
    leb(); // byte length of the posts section
    var posts = [], count = bvar();
    for (var i = 0; i < count; i++) {
      str(); // title (scored from the T field instead)
      var id = +str(), meta = str().split("|");
      posts.push({ id: id, k: KINDS[meta[0]], g: meta[1] ? meta[1].split(",") : [], s: meta[2] || "", n: +meta[3] || 0 });
    }
    var terms = leb(), len = leb();
    var vocab = text.decode(bytes.subarray(p, p + len)).split("\n"); p += len;
    vocab.length = terms;
    var postings = [];
    for (var t = 0; t < terms; t++) {
      var n = leb(), list = [], d = 0;
      for (var j = 0; j < n; j++) { d += leb(); list.push(d); }
      postings.push(list);
    }
    return { posts: posts, vocab: vocab, postings: postings };
  }

  function Search(base, fetcher) {
    this.base = base || "/";
    this.fetcher = fetcher || function (url, binary) {
      return fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return binary ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
    };
    this.shards = {}; this.chunks = {}; this.manifest = null;
  }

  Search.prototype.load = function () {
    if (!this.manifest) this.manifest = this.fetcher(this.base + "search/manifest.json", false);
    return this.manifest;
  };

  Search.prototype.words = function (query, stop) {
    var words = tokenize(query), content = words.filter(function (w) { return stop.indexOf(w) < 0; });
    var chosen = content.length ? content : words, prefixLast = !/\s$/.test(query), seen = {}, out = [];
    chosen.forEach(function (w, i) {
      var prefix = prefixLast && i === chosen.length - 1 && Array.from(w).length >= 2, key = w + (prefix ? "*" : "");
      if (!seen[key]) { seen[key] = 1; out.push([w, prefix]); }
    });
    return out;
  };

  Search.prototype.shard = function (m, key) {
    var file = m.shards[key];
    if (!file) return Promise.resolve(null);
    if (!this.shards[key]) this.shards[key] = this.fetcher(this.base + "search/" + file, true).then(decodeShard);
    return this.shards[key];
  };

  Search.prototype.docs = function (m, ids) {
    var self = this;
    return Promise.all(ids.map(function (id) {
      var c = Math.floor(id / m.chunk);
      if (!self.chunks[c]) self.chunks[c] = self.fetcher(self.base + "search/" + m.chunks[c], false);
      return self.chunks[c].then(function (list) { return list[id - c * m.chunk]; });
    }));
  };

  // query -> {hits: [{id, score, t, u, k, g, s, e}], facets: {kind, tag, status}}
  Search.prototype.query = function (query, filters, limit) {
    var self = this;
    filters = filters || {};
    return this.load().then(function (m) {
      var words = self.words(query, m.stop);
      if (!words.length) return { hits: [], facets: { kind: {}, tag: {}, status: {} }, words: [] };
      return Promise.all(words.map(function (w) { return self.shard(m, Array.from(w[0]).slice(0, 2).join("")); }))
        .then(function (shards) {
          var scores = {}, meta = {};
          words.forEach(function (w, wi) {
            var shard = shards[wi];
            if (!shard) return;
            var total = {};
            WEIGHTS.forEach(function (f) {
              var exact = f[0] + w[0], lo = 0, hi = shard.vocab.length, best = {};
              while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(shard.vocab[mid], exact) < 0) lo = mid + 1; else hi = mid; }
              for (var t = lo; t < shard.vocab.length; t++) {
                var term = shard.vocab[t], weight;
                if (term === exact) weight = f[1];
                else if (w[1] && term.indexOf(exact) === 0) weight = f[2];
                else break;
                shard.postings[t].forEach(function (local) {
                  var post = shard.posts[local];
                  meta[post.id] = post;
                  best[post.id] = Math.max(best[post.id] || 0, weight);
                });
              }
              for (var id in best) {
                var slot = total[id] || (total[id] = [0, false]);
                slot[0] += best[id]; slot[1] = slot[1] || f[0] === "T";
              }
            });
            for (var id in total) {
              var s = scores[id] || (scores[id] = [0, 0, 0]);
              s[0] += 1; s[1] += total[id][0]; s[2] += total[id][1] ? 1 : 0;
            }
          });
          for (var sid in scores) if (meta[sid].n > 0 && scores[sid][2] >= meta[sid].n) scores[sid][1] += WHOLE_TITLE;
          var ids = Object.keys(scores).map(Number);
          var complete = ids.filter(function (id) { return scores[id][0] === words.length; });
          if (complete.length) ids = complete;
          var facets = { kind: {}, tag: {}, status: {} };
          ids.forEach(function (id) {
            var p = meta[id];
            facets.kind[p.k] = (facets.kind[p.k] || 0) + 1;
            p.g.forEach(function (g) { facets.tag[g] = (facets.tag[g] || 0) + 1; });
            if (p.s) facets.status[p.s] = (facets.status[p.s] || 0) + 1;
          });
          ids = ids.filter(function (id) {
            var p = meta[id];
            return (!filters.kind || p.k === filters.kind) && (!filters.tag || p.g.indexOf(filters.tag) >= 0) && (!filters.status || p.s === filters.status);
          });
          ids.sort(function (a, b) { return scores[b][0] - scores[a][0] || scores[b][1] - scores[a][1] || a - b; });
          ids = ids.slice(0, limit || 10);
          return self.docs(m, ids).then(function (docs) {
            return {
              words: words.map(function (w) { return w[0]; }),
              facets: facets,
              hits: docs.map(function (d, i) { d.id = ids[i]; d.score = scores[ids[i]][1]; return d; })
            };
          });
        });
    });
  };

  Search.tokenize = tokenize;
  Search.decodeShard = decodeShard;
  if (typeof module === "object" && module.exports) module.exports = Search;
  else root.TownhallSearch = Search;
})(this);
