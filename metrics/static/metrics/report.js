// The report's year selector: go to the chosen year's report (no inline handler: CSP).
(function () {
  "use strict";
  var select = document.querySelector(".js-report-year");
  if (select) {
    select.addEventListener("change", function () { window.location.href = select.value; });
  }
})();
