// townhall default theme: colour-theme toggle, copy buttons on code blocks,
// the "on this page" highlight and closing the menu with Escape. Pages read
// fully without this script; it only adds conveniences, and every control it
// adds stays hidden until it runs.
(function () {
  "use strict";
  var root = document.documentElement;
  var KEY = "townhall-theme";

  // Words in the page's language when the page gives them (#townhall-text),
  // else these English ones.
  var TEXT = {};
  try { TEXT = JSON.parse(document.getElementById("townhall-text").textContent); } catch (e) { /* English */ }
  function word(key, english) { return TEXT[key] || english; }

  function effectiveTheme() {
    if (root.dataset.theme === "dark" || root.dataset.theme === "light") return root.dataset.theme;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // One polite live region, so screen readers hear "Copied" and theme changes.
  var status;
  function announce(text) {
    if (!status) {
      status = document.createElement("div");
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = "";
    setTimeout(function () { status.textContent = text; }, 50);
  }

  function setupThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    function label() {
      var text = effectiveTheme() === "dark" ?
        word("switch_to_light", "Switch to light theme") : word("switch_to_dark", "Switch to dark theme");
      button.setAttribute("aria-label", text);
      button.title = text;
    }
    button.hidden = false;
    label();
    button.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      root.dataset.theme = next;
      try { localStorage.setItem(KEY, next); } catch (e) { /* storage disabled: the choice lasts for this page */ }
      label();
      announce(next === "dark" ? word("dark_theme", "Dark theme") : word("light_theme", "Light theme"));
    });
    if (window.matchMedia) {
      var query = window.matchMedia("(prefers-color-scheme: dark)");
      if (query.addEventListener) query.addEventListener("change", label);
    }
  }

  var COPY_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="9" y="9" width="11" height="11" rx="2"/><path d="M5 15V5a1 1 0 0 1 1-1h9"/></svg>';
  var DONE_ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"><path d="m5 12.5 4.5 4.5L19 7.5"/></svg>';

  function span(text) {
    var element = document.createElement("span");
    element.textContent = text;
    return element;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    // Plain-http sites have no async clipboard: fall back to a selection copy.
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  function setupCopyButtons() {
    var blocks = document.querySelectorAll("pre.code");
    Array.prototype.forEach.call(blocks, function (pre) {
      if (pre.parentNode.classList && pre.parentNode.classList.contains("code-wrapper")) return;
      var toolbar = document.createElement("div");
      toolbar.className = "code-toolbar";
      var lang = pre.getAttribute("data-lang");
      if (lang) {
        var tag = document.createElement("span");
        tag.className = "code-lang";
        tag.textContent = lang;
        toolbar.appendChild(tag);
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.setAttribute("aria-label", word("copy_code", "Copy code to clipboard"));
      button.innerHTML = COPY_ICON;
      button.appendChild(span(word("copy", "Copy")));
      var timer;
      button.addEventListener("click", function () {
        var code = pre.querySelector("code") || pre;
        copyText(code.textContent.replace(/\n$/, "")).then(function () {
          button.innerHTML = DONE_ICON;
          button.appendChild(span(word("copied", "Copied")));
          button.classList.add("is-copied");
          announce(word("copied_to_clipboard", "Copied to clipboard"));
        }, function () {
          button.innerHTML = COPY_ICON;
          button.appendChild(span(word("copy_failed", "Copy failed")));
          announce(word("copy_failed", "Copy failed"));
        }).then(function () {
          clearTimeout(timer);
          timer = setTimeout(function () {
            button.innerHTML = COPY_ICON;
            button.appendChild(span(word("copy", "Copy")));
            button.classList.remove("is-copied");
          }, 1800);
        });
      });
      toolbar.appendChild(button);
      var wrapper = document.createElement("div");
      wrapper.className = "code-wrapper";
      pre.parentNode.insertBefore(wrapper, pre);
      wrapper.appendChild(toolbar);
      wrapper.appendChild(pre);
    });
  }

  // Highlight the heading currently in view in the table of contents.
  function setupTocHighlight() {
    var links = document.querySelectorAll(".toc a[href^='#']");
    if (!links.length || !("IntersectionObserver" in window)) return;
    var byId = {};
    var headings = [];
    Array.prototype.forEach.call(links, function (link) {
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      var heading = document.getElementById(id);
      if (heading) { byId[id] = link; headings.push(heading); }
    });
    if (!headings.length) return;
    var visible = {};
    function update() {
      var current = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { current = headings[i].id; break; }
      }
      if (!current) {
        // Nothing in view: the last heading above the viewport is the current one.
        for (var j = headings.length - 1; j >= 0; j--) {
          if (headings[j].getBoundingClientRect().top < 0) { current = headings[j].id; break; }
        }
      }
      Array.prototype.forEach.call(links, function (link) { link.classList.remove("is-active"); });
      if (current && byId[current]) byId[current].classList.add("is-active");
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      update();
    }, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (heading) { observer.observe(heading); });
  }

  // The menu is a <details> and works without this; the script adds what a
  // reader expects of a menu: Escape closes it (focus back on the button),
  // and so does a click outside it.
  function setupMenu() {
    var menu = document.querySelector("details.menu");
    if (!menu) return;
    var button = menu.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        if (button) button.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    setupThemeToggle();
    setupCopyButtons();
    setupTocHighlight();
    setupMenu();
  });
})();
