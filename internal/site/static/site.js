/*
 * Dépêche — site behaviour (progressive enhancement).
 *
 * Every page works without this file. It adds:
 *   - "Copy link" (a[data-copy]): copies the href instead of following it,
 *     and says so through a polite live region;
 *   - the system share sheet (button[data-native-share] in .share), shown
 *     only where navigator.share exists;
 *   - focus on #error-summary when a form comes back with errors.
 * No dependencies, no globals, no inline code (the CSP forbids it).
 */
(function () {
  "use strict";

  var FEEDBACK_MS = 2500;
  var status = null;

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
    if (!link.hasAttribute("data-label")) {
      link.setAttribute("data-label", link.textContent);
    }
    window.clearTimeout(link._copyTimer);
    link.textContent = text;
    link.classList.add("is-copied");
    link._copyTimer = window.setTimeout(function () {
      link.textContent = link.getAttribute("data-label");
      link.removeAttribute("data-label");
      link.classList.remove("is-copied");
    }, FEEDBACK_MS);
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

    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
