// Back office enhancements; every screen works without them.
(function () {
  "use strict";

  // Live preview: the Markdown is rendered by the server with the public
  // page's renderer, a moment after typing stops.
  var body = document.querySelector("textarea[data-preview]");
  var target = body && document.getElementById(body.getAttribute("data-preview"));
  if (body && target && window.fetch) {
    var timer = null;
    var language = document.querySelector("[name=language]");
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var form = new URLSearchParams();
        form.set("body", body.value);
        form.set("language", language ? language.value : "");
        fetch("/admin/preview", { method: "POST", body: form, credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) { target.innerHTML = html; })
          .catch(function () { /* the last good preview stays */ });
      }, 600);
    });
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();

// Autosave: what is typed in the editor is kept in this browser as it is
// typed, so a closed tab or a lost connection loses nothing. On return, the
// kept text is offered back when it differs from the saved article.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  var notice = document.getElementById("autosave");
  if (!form || !notice || !window.localStorage) { return; }
  var key = "depeche-draft:" + form.getAttribute("action");
  var fields = ["surtitle", "title", "subtitle", "lead", "body", "place", "slug"];
  function snapshot() {
    var s = { revision: form.elements.revision ? form.elements.revision.value : "" };
    fields.forEach(function (f) { if (form.elements[f]) { s[f] = form.elements[f].value; } });
    return s;
  }
  var saved = snapshot();
  var kept = null;
  try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
  var differs = kept && fields.some(function (f) { return kept[f] !== undefined && kept[f] !== saved[f]; });
  if (differs && kept.revision === saved.revision) {
    notice.hidden = false;
    notice.querySelector("button").addEventListener("click", function () {
      fields.forEach(function (f) { if (form.elements[f] && kept[f] !== undefined) { form.elements[f].value = kept[f]; } });
      notice.hidden = true;
      form.elements.title.focus();
    });
  } else if (kept) {
    localStorage.removeItem(key);
  }
  var timer = null;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (e) { /* storage full: nothing to do */ }
    }, 800);
  });
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
})();
