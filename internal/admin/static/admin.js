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
