/* Small progressive enhancements; every page works without them. Loaded with `defer` (CSP: 'self' only). */
(function () {
  "use strict";
  var counter = 0;

  /* A table wider than the screen scrolls inside its .table-wrap (phones, zoom): make that region
     reachable and scrollable with the keyboard, named after the table's caption (WCAG 2.1.1). */
  function labelScrollableTables(root) {
    var wraps = (root || document).querySelectorAll(".table-wrap:not([tabindex])");
    Array.prototype.forEach.call(wraps, function (wrap) {
      wrap.setAttribute("tabindex", "0");
      var caption = wrap.querySelector("caption");
      if (caption) {
        if (!caption.id) {
          counter += 1;
          caption.id = "table-caption-" + counter;
        }
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-labelledby", caption.id);
      }
    });
  }

  /* A form that came back with errors: bring its error summary into view and give it the focus, so the
     person (on a phone, with a screen reader) starts from the list of what to correct (DSFR pattern). */
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    }
  }

  labelScrollableTables(document);
  focusErrorSummary(document);
  document.addEventListener("htmx:afterSettle", function (event) {
    labelScrollableTables(event.target);
  });
})();
