// townhall serve: live reload and the error overlay. Injected by the
// development server only; `townhall build` output never contains it.
(() => {
  "use strict";
  const me = document.currentScript;
  // The output file this page was served from, set by the server.
  const file = (me && me.dataset.file) || "";
  const OVERLAY = "townhall-overlay";
  // Kept in step with BOX_STYLE and ITEM_STYLE in live.rs (the server-side
  // overlay): opaque, and wrapping anywhere so a long path fits 360 px.
  const BOX = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
    "padding:1.25rem max(1rem,calc(50vw - 28rem));background:#141418;color:#eee;" +
    "font:14px/1.55 ui-monospace,monospace;overflow-wrap:anywhere";
  const ITEM = "margin:0 0 1em;padding:.75em 1em;border-left:3px solid #ff8a80;background:#1f1f25";

  const el = (tag, style, text) => {
    const node = document.createElement(tag);
    if (style) node.setAttribute("style", style);
    if (text) node.textContent = text;
    return node;
  };

  const hide = () => {
    const old = document.getElementById(OVERLAY);
    if (old) old.remove();
  };

  // Every string goes through textContent: diagnostics quote the writer's
  // text, which must never become markup.
  const show = (report) => {
    hide();
    const box = el("div", BOX);
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    // Each problem once, however many times a stage reported it.
    const seen = new Set();
    const problems = (report.problems || []).filter((p) => {
      const key = `${p.code}|${p.location}|${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const errors = problems.filter((p) => p.severity === "error").length;
    box.appendChild(el("h2", "margin:0 0 1em;font-size:1.2em",
      `townhall: the last save broke the build (${errors} error${errors === 1 ? "" : "s"}); showing the last good version`));
    for (const p of problems) {
      const item = el("div", ITEM);
      item.appendChild(el("div", "color:#ff8a80;font-weight:bold", `${p.severity}[${p.code}]: ${p.message}`));
      item.appendChild(el("div", "color:#9cdcfe", `--> ${p.location}`));
      if (p.hint) item.appendChild(el("div", "color:#b5e89b", `help: ${p.hint}`));
      box.appendChild(item);
    }
    document.body.appendChild(box);
  };

  const events = new EventSource("/__townhall/events");
  events.addEventListener("reload", (e) => {
    let paths = ["*"];
    try { paths = JSON.parse(e.data); } catch (_) { /* reload to be safe */ }
    // Stylesheets, scripts, images and fonts may be used by any page; the
    // search index, feeds and exports are not part of what a page shows.
    const shared = /\.(css|m?js|png|jpe?g|gif|webp|avif|svg|ico|woff2?)$/;
    if (paths.some((p) => p === "*" || p === file || shared.test(p))) {
      location.reload();
    } else {
      hide();
    }
  });
  events.addEventListener("problems", (e) => {
    try { show(JSON.parse(e.data)); } catch (_) { /* a malformed event shows nothing */ }
  });
  events.addEventListener("fixed", hide);
})();
