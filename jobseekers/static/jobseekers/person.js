// Panels other apps serve on a person's page are loaded with HTMX; when a panel is missing
// (404) or fails, keep the link that is already there and say so, instead of an error.
(function () {
  "use strict";
  var note = document.getElementById("panel-unavailable-text");
  document.body.addEventListener("htmx:beforeOnLoad", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-panel-fallback")) {
      return;
    }
    if (event.detail.xhr.status >= 400) {
      event.preventDefault();
      var text = elt.querySelector(".panel-note");
      if (text && note) {
        text.firstChild.textContent = note.textContent + " ";
      }
    }
  });
})();
