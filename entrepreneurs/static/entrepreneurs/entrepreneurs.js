// Venture pages. Panels of other apps are optional: if one does not answer, keep its default text.
(function () {
  "use strict";
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-optional-panel")) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status < 200 || status >= 300) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      elt.setAttribute("data-panel-unavailable", String(status));
    }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.hasAttribute && elt.hasAttribute("data-optional-panel")) {
      elt.setAttribute("data-panel-unavailable", "network");
    }
  });
})();
