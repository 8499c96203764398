/* The till's small enhancements (CSP: no inline script). Every screen works without them. */
(function () {
  "use strict";
  /* The 80-mm print page: a button that opens the print dialog (hidden when JavaScript is off). */
  function setUpPrint(root) {
    var buttons = (root || document).querySelectorAll("[data-print]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  /* After htmx swaps the sale screen, the scan box takes the focus again: the handheld scanner types there. */
  function focusScan() {
    var field = document.querySelector(".scan-form input[autofocus]");
    if (field && !document.querySelector(".sale-screen [aria-invalid=true]")) {
      field.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpPrint(document);
  });
  document.addEventListener("htmx:afterSettle", focusScan);
})();
