/* townhall search box and results page. Needs search.js. */
(function () {
  "use strict";
  var box = document.querySelector(".site-search");
  if (!box || !window.TownhallSearch) return;
  var input = box.querySelector("input"), list = box.querySelector("[role=listbox]");
  var base = box.getAttribute("data-base") || "/", engine = new TownhallSearch(base), seq = 0, active = -1;
  // Words in the page's language when the page gives them (#townhall-text),
  // else these English ones.
  var TEXT = {};
  try { TEXT = JSON.parse(document.getElementById("townhall-text").textContent); } catch (e) { /* English */ }
  function word(key, english) { return TEXT[key] || english; }
  var LABEL = { guide: word("guide_card", "Guide"), question: word("question_card", "Question"), idea: word("idea_card", "Idea") };
  // a status's name ("under-review" -> status_under_review), else as indexed
  function statusName(s) { return word("status_" + String(s).replace(/-/g, "_"), s); }
  function noResults(q) { return esc(word("no_results_for", "No results for “{q}”")).replace("{q}", function () { return esc(q); }); }

  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  // hit.x (the snippet) and r.mark() output are HTML the engine escaped, with <mark>s
  function item(hit, r, i) {
    var meta = (hit.s ? '<span class="badge badge-' + esc(hit.s) + '">' + esc(statusName(hit.s)) + "</span> " : "") +
      hit.g.map(function (g) { return '<span class="tag">' + esc(g) + "</span>"; }).join(" ");
    return '<a class="search-hit" role="option" id="search-hit-' + i + '" href="' + esc(hit.l) + '">' +
      '<span class="search-title"><span class="kind kind-' + hit.k + '">' + LABEL[hit.k] + "</span> " + r.mark(hit.t) + "</span>" +
      (meta ? '<span class="search-meta">' + meta + "</span>" : "") +
      (hit.h ? '<span class="search-section">' + r.mark(hit.h) + "</span>" : "") +
      (hit.x ? '<span class="search-excerpt search-snippet">' + hit.x + "</span>" : "") + "</a>";
  }
  function setActive(i) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (i + options.length) % options.length;
    options.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  }
  function close() {
    list.hidden = true; active = -1;
    input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
  }
  function run() {
    var q = input.value, mine = ++seq;
    if (!q.trim()) { close(); return; }
    engine.query(q, {}, 8).then(function (r) {
      if (mine !== seq) return;
      list.innerHTML = r.hits.length ? r.hits.map(function (h, i) { return item(h, r, i); }).join("") :
        '<p class="search-empty">' + noResults(q) + "</p>";
      list.innerHTML += '<a class="search-all" href="' + esc(base) + "search/?q=" + encodeURIComponent(q) + '">' + esc(word("all_results", "All results")) + "</a>";
      list.hidden = false; active = -1;
      input.setAttribute("aria-expanded", "true");
    }).catch(function () { list.innerHTML = '<p class="search-empty">' + esc(word("search_unavailable", "Search is unavailable.")) + "</p>"; list.hidden = false; });
  }
  input.addEventListener("focus", function () { engine.load().catch(function () {}); }, { once: true });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Escape") { close(); input.blur(); }
    else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      location.href = list.querySelectorAll("[role=option]")[active].getAttribute("href");
    }
  });
  document.addEventListener("keydown", function (e) {
    var typing = /input|textarea|select/i.test(document.activeElement.tagName) || document.activeElement.isContentEditable;
    if ((e.key === "/" && !typing) || (e.key === "k" && (e.ctrlKey || e.metaKey))) { e.preventDefault(); input.focus(); input.select(); }
  });
  document.addEventListener("click", function (e) { if (!box.contains(e.target)) close(); });

  // The full results page: /search/?q=…
  var page = document.querySelector(".search-page");
  if (!page) return;
  var form = page.querySelector("form"), field = form.querySelector("input"), results = page.querySelector(".search-results");
  var facetsBox = page.querySelector(".search-facets"), filters = {};
  page.querySelector(".search-nojs").hidden = true; form.hidden = false;
  function facetGroup(name, title, counts) {
    var keys = Object.keys(counts).sort();
    if (!keys.length) return "";
    return '<fieldset><legend>' + esc(title) + "</legend>" + keys.map(function (k) {
      return '<label><input type="checkbox" data-facet="' + name + '" value="' + esc(k) + '"' + (filters[name] === k ? " checked" : "") +
        "> " + esc(LABEL[k] || (name === "status" ? statusName(k) : k)) + ' <span class="count">' + counts[k] + "</span></label>";
    }).join("") + "</fieldset>";
  }
  function show() {
    var q = field.value, mine = ++seq;
    history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    if (!q.trim()) { results.innerHTML = ""; facetsBox.innerHTML = ""; return; }
    engine.query(q, filters, 50, true).then(function (r) {
      if (mine !== seq) return;
      facetsBox.innerHTML = facetGroup("kind", word("facet_kind", "Kind"), r.facets.kind) +
        facetGroup("tag", word("facet_tag", "Tag"), r.facets.tag) + facetGroup("status", word("facet_status", "Status"), r.facets.status);
      results.innerHTML = r.hits.length ? "<ol>" + r.hits.map(function (h, i) { return "<li>" + item(h, r, "p" + i).replace(' role="option"', "") + "</li>"; }).join("") + "</ol>" :
        '<p class="search-empty">' + noResults(q) + ".</p>";
    });
  }
  facetsBox.addEventListener("change", function (e) {
    var t = e.target;
    filters[t.getAttribute("data-facet")] = t.checked ? t.value : undefined;
    show();
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  field.addEventListener("input", show);
  field.value = new URLSearchParams(location.search).get("q") || "";
  show();
})();
