/* The till's small enhancements (CSP: no inline script). Every screen works without them. */
(function () {
  "use strict";
  /* The counted 80-mm print opens the print dialog at once (the count was the explicit "Imprimer" press). */
  function setUpPrint() {
    if (document.body && document.body.hasAttribute("data-autoprint")) {
      window.print();
    }
  }

  /* A print button sends its form once: a double click is one copy (the server checks it too). */
  function setUpOnce(root) {
    var buttons = (root || document).querySelectorAll("button[data-once]");
    Array.prototype.forEach.call(buttons, function (button) {
      var form = button.form;
      if (!form) {
        return;
      }
      form.addEventListener("submit", function (event) {
        if (form.getAttribute("data-sent")) {
          event.preventDefault();
          return;
        }
        form.setAttribute("data-sent", "1");
        /* A PDF download leaves the page in place: the button works again a few seconds later. */
        window.setTimeout(function () {
          form.removeAttribute("data-sent");
        }, 5000);
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
    setUpPrint();
    setUpOnce(document);
  });
  document.addEventListener("htmx:afterSettle", focusScan);
})();
