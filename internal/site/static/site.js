/*
 * Dépêche — site behaviour (progressive enhancement).
 *
 * Every page works without this file. It adds:
 *   - "Copy link" (a[data-copy]): copies the href instead of following it,
 *     and says so through a polite live region;
 *   - the system share sheet (button[data-native-share] in .share), shown
 *     only where navigator.share exists;
 *   - a keyboard-reachable scrolling box around wide tables in .prose;
 *   - focus on #error-summary when a form comes back with errors.
 * No dependencies, no globals, no inline code (the CSP forbids it).
 */
(function () {
  "use strict";

  var FEEDBACK_MS = 2500;
  var status = null;
  var copyTimers = new WeakMap(); // link -> timer restoring its label

  // One polite live region per page, created at load so that screen
  // readers already know it when the first message arrives.
  function createStatus() {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
  }

  function announce(text) {
    if (!status || !text) {
      return;
    }
    // Empty first, then fill: the same message twice is still announced.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 100);
  }

  // ---- Copy link --------------------------------------------------------

  function canCopy() {
    return !!(window.isSecureContext && navigator.clipboard &&
      typeof navigator.clipboard.writeText === "function");
  }

  function showCopied(link, text) {
    if (!text) {
      return;
    }
    // The link holds plain text only (partials.html), so textContent can
    // stand in for it and be put back.
    if (!link.hasAttribute("data-label")) {
      link.setAttribute("data-label", link.textContent);
    }
    window.clearTimeout(copyTimers.get(link));
    link.textContent = text;
    link.classList.add("is-copied");
    copyTimers.set(link, window.setTimeout(function () {
      link.textContent = link.getAttribute("data-label");
      link.removeAttribute("data-label");
      link.classList.remove("is-copied");
    }, FEEDBACK_MS));
  }

  function onCopyClick(event) {
    var link = event.currentTarget;
    // New tab, new window, download…: leave those to the browser.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey ||
        event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    if (!canCopy()) {
      return;
    }
    // writeText answers later, and the click cannot wait: hold the
    // navigation now and perform it ourselves if copying fails.
    event.preventDefault();
    var href = link.href;
    navigator.clipboard.writeText(href).then(function () {
      var text = link.getAttribute("data-copied");
      announce(text);
      showCopied(link, text);
    }, function () {
      window.location.assign(href);
    });
  }

  // ---- Native share -----------------------------------------------------

  function onShareClick(event) {
    var share = event.currentTarget.closest(".share");
    if (!share) {
      return;
    }
    var data = {
      title: share.getAttribute("data-share-title") || document.title,
      url: share.getAttribute("data-share-url") || window.location.href
    };
    var result;
    try {
      result = navigator.share(data);
    } catch (err) {
      return; // not allowed here: the other share links remain
    }
    if (result && typeof result.catch === "function") {
      result.catch(function (err) {
        // AbortError: the reader closed the sheet. Nothing else to do
        // either for other errors, the share links are still there.
        if (err && err.name !== "AbortError" && window.console) {
          window.console.warn("share:", err.name);
        }
      });
    }
  }

  // ---- Wide tables --------------------------------------------------------
  // Without this, CSS lets cells wrap anywhere. Here each table goes into a
  // scrolling box that is made reachable by keyboard (and named after the
  // heading above it) only while it actually scrolls.

  function headingText(el) {
    for (var node = el.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[2-6]$/.test(node.tagName)) {
        var copy = node.cloneNode(true);
        var anchors = copy.querySelectorAll(".heading-anchor");
        for (var i = 0; i < anchors.length; i++) {
          anchors[i].parentNode.removeChild(anchors[i]);
        }
        return copy.textContent.replace(/\s+/g, " ").trim();
      }
    }
    return "";
  }

  function fitTable(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      if (wrap.getAttribute("data-label")) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", wrap.getAttribute("data-label"));
      }
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-label");
    }
  }

  function wrapTables() {
    var tables = document.querySelectorAll(".prose table");
    var wraps = [];
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.parentNode.classList.contains("table-wrap")) {
        continue;
      }
      var wrap = document.createElement("div");
      wrap.className = "table-wrap";
      table.parentNode.insertBefore(wrap, table);
      wrap.setAttribute("data-label", headingText(wrap));
      wrap.appendChild(table);
      wraps.push(wrap);
    }
    if (!wraps.length) {
      return;
    }
    var refit = function () {
      for (var j = 0; j < wraps.length; j++) {
        fitTable(wraps[j]);
      }
    };
    refit();
    if (typeof window.ResizeObserver === "function") {
      var observer = new window.ResizeObserver(refit);
      for (var k = 0; k < wraps.length; k++) {
        observer.observe(wraps[k]);
      }
    } else {
      window.addEventListener("resize", refit);
    }
  }

  // ---- Error summary ----------------------------------------------------

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.focus();
    // The form posts to "…#comment-form": the browser's jump to that
    // fragment, which can come after this script, drops focus back to the
    // body. Take it again once the page has loaded, unless the reader has
    // already moved on.
    window.addEventListener("load", function () {
      window.setTimeout(function () {
        var active = document.activeElement;
        if (!active || active === document.body || active === document.documentElement) {
          summary.focus();
        }
      }, 0);
    });
    // Its links jump to a field: focus it and keep its label in view
    // (a plain fragment jump scrolls the label off the top).
    var links = summary.querySelectorAll('a[href^="#"]');
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", onSummaryLinkClick);
    }
  }

  function onSummaryLinkClick(event) {
    var id = decodeURIComponent(event.currentTarget.getAttribute("href").slice(1));
    var field = document.getElementById(id);
    if (!field || typeof field.focus !== "function") {
      return;
    }
    event.preventDefault();
    var label = document.querySelector('label[for="' + id.replace(/["\\]/g, "\\$&") + '"]');
    (label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  }

  // ---- Start --------------------------------------------------------------

  function init() {
    createStatus();

    var copies = document.querySelectorAll("a[data-copy]");
    for (var i = 0; i < copies.length; i++) {
      copies[i].addEventListener("click", onCopyClick);
    }

    if (typeof navigator.share === "function") {
      var shares = document.querySelectorAll(".share button[data-native-share]");
      for (var j = 0; j < shares.length; j++) {
        shares[j].hidden = false;
        shares[j].addEventListener("click", onShareClick);
      }
    }

    wrapTables();
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
