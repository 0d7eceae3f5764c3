/*
 * Dépêche — privacy-friendly video embeds (progressive enhancement).
 *
 * internal/render turns a video URL written alone in a paragraph into
 *
 *   <figure class="video" data-embed-src="https://www.youtube-nocookie.com/embed/ID"
 *           data-provider="YouTube" data-title="…">
 *     <div class="video-placeholder">
 *       <p class="video-notice">…</p>
 *       <button type="button" class="video-play" hidden>…</button>
 *       <a class="video-link" href="https://www.youtube.com/watch?v=ID" rel="noopener">…</a>
 *     </div>
 *     <figcaption>…</figcaption>            (optional)
 *   </figure>
 *
 * Nothing is requested from the provider until the reader presses the
 * button. Without JavaScript the button stays hidden and the link remains.
 * This script reveals the buttons and, on press, replaces the placeholder
 * with the provider's iframe, then moves focus to it.
 *
 * No dependencies, no inline code: load it with
 *   <script src="/static/embed.js" defer></script>
 * The page's Content-Security-Policy must allow these frame sources:
 *   https://www.youtube-nocookie.com https://player.vimeo.com https://www.dailymotion.com
 */
(function () {
  "use strict";

  // The exact URLs internal/render emits (kept in sync with embedShape in
  // internal/render/sanitize.go). Anything else is ignored.
  var ALLOWED = new RegExp(
    "^https://(?:www\\.youtube-nocookie\\.com/embed/[A-Za-z0-9_-]{11}" +
      "|player\\.vimeo\\.com/video/[0-9]{1,12}\\?dnt=1" +
      "|www\\.dailymotion\\.com/embed/video/[A-Za-z0-9]{5,12})$"
  );

  function play(figure) {
    var src = figure.getAttribute("data-embed-src") || "";
    if (!ALLOWED.test(src)) {
      return;
    }
    var provider = figure.getAttribute("data-provider") || "";
    var iframe = document.createElement("iframe");
    // The reader asked to play: start playback at once.
    iframe.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    iframe.title = figure.getAttribute("data-title") || provider;
    iframe.className = "video-frame";
    iframe.width = "640";
    iframe.height = "360";
    iframe.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    iframe.setAttribute("allowfullscreen", "");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");

    var placeholder = figure.querySelector(".video-placeholder");
    if (placeholder) {
      figure.replaceChild(iframe, placeholder);
    } else {
      figure.insertBefore(iframe, figure.firstChild);
    }
    figure.classList.add("video-playing");
    // The button that had focus is gone: give focus to the player so that
    // keyboard and screen reader users continue from there.
    iframe.focus();
  }

  function enhance(root) {
    var figures = root.querySelectorAll("figure.video[data-embed-src]");
    for (var i = 0; i < figures.length; i++) {
      var figure = figures[i];
      var button = figure.querySelector("button.video-play");
      if (!button || figure.hasAttribute("data-embed-ready")) {
        continue;
      }
      if (!ALLOWED.test(figure.getAttribute("data-embed-src") || "")) {
        continue;
      }
      figure.setAttribute("data-embed-ready", "");
      button.addEventListener("click", play.bind(null, figure));
      button.hidden = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
})();
