// Small behaviours shared by every page. No inline handlers: the CSP forbids them.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("js-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  // Buttons that ask before acting: <button data-confirm="...">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-confirm]") : null;
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Progress bars set their width from data-progress (no inline style attribute).
  function paintProgress(root) {
    (root || document).querySelectorAll("[data-progress]").forEach(function (bar) {
      bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-progress")))) + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { paintProgress(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { paintProgress(event.target); });
})();
