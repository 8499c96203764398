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

  /* Free text with a limit (core/formfields.py limit_free_text): a live counter under the field. The limit
     itself is checked by the server, which answers with a clear message; this only helps to stay under it. */
  function addCharacterCounters(root) {
    var fields = (root || document).querySelectorAll("textarea[data-max-length]:not([data-counted])");
    var lang = document.documentElement.lang || "fr";
    Array.prototype.forEach.call(fields, function (field) {
      field.setAttribute("data-counted", "");
      var limit = parseInt(field.getAttribute("data-max-length"), 10);
      if (!field.id) {
        counter += 1;
        field.id = "free-text-" + counter;
      }
      var display = document.createElement("small");
      display.className = "char-counter";
      display.id = field.id + "-counter";
      field.insertAdjacentElement("afterend", display);
      var described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", (described ? described + " " : "") + display.id);
      function update() {
        var count = field.value.length;
        var over = count > limit;
        var text = field.getAttribute(over ? "data-counter-over-text" : "data-counter-text") || "{count} / {limit}";
        display.textContent = text
          .replace("{count}", count.toLocaleString(lang))
          .replace("{limit}", limit.toLocaleString(lang));
        display.classList.toggle("char-counter-over", over);
      }
      field.addEventListener("input", update);
      update();
    });
  }

  /* Lists become stacked cards on a phone (CSS: table.stacked in tremplin.css): each cell is labelled
     with its column's header. Tables of two columns or fewer fit a phone and stay tables. Without
     JavaScript, a wide table still scrolls inside its .table-wrap. */
  var ROLES = { TABLE: "table", THEAD: "rowgroup", TBODY: "rowgroup", TFOOT: "rowgroup", TR: "row" };

  function stackWideTables(root) {
    var tables = (root || document).querySelectorAll(".table-wrap > table:not(.stacked):not(.not-stacked)");
    Array.prototype.forEach.call(tables, function (table) {
      var headerRow = table.tHead && table.tHead.rows[0];
      if (!headerRow || headerRow.cells.length < 3) {
        return;
      }
      var labels = Array.prototype.map.call(headerRow.cells, function (cell) {
        return cell.textContent.replace(/\s+/g, " ").trim();
      });
      /* display:block would drop the table semantics in some browsers: keep them explicit. */
      [table, table.tHead].concat(Array.prototype.slice.call(table.tBodies)).forEach(function (part) {
        part.setAttribute("role", ROLES[part.tagName]);
      });
      Array.prototype.forEach.call(table.rows, function (row) {
        row.setAttribute("role", "row");
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var inHead = row.parentNode === table.tHead;
          if (inHead) {
            cell.setAttribute("role", "columnheader");
          } else if (cell.tagName === "TH") {
            cell.setAttribute("role", "rowheader");
          } else {
            cell.setAttribute("role", "cell");
          }
          if (!inHead && cell.colSpan === 1 && labels[column] && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan;
        });
      });
      table.classList.add("stacked");
    });
  }

  function enhance(root) {
    stackWideTables(root);
    labelScrollableTables(root);
    addCharacterCounters(root);
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


  /* An htmx request (the till's sale screen, the search boxes) that the server answers with an error page
     (403, 404, 500…): a boosted form shows that page, as the same form would without JavaScript; a partial
     request, and a request that never reached the server, say so above the page, and the form keeps what
     was typed. htmx alone would leave the screen as it was: the click would seem to do nothing. */
  function showRequestError(text) {
    var main = document.getElementById("contenu");
    if (!main || !text) {
      return;
    }
    var box = main.querySelector(".messages");
    if (!box) {
      box = document.createElement("section");
      box.className = "messages";
      box.setAttribute("aria-label", document.body.getAttribute("data-messages-label") || "");
      main.insertBefore(box, main.firstChild);
    }
    var old = box.querySelector("[data-request-error]");
    if (old) {
      old.remove();
    }
    var message = document.createElement("p");
    message.className = "message message-error";
    message.setAttribute("role", "alert");
    message.setAttribute("data-request-error", "");
    message.textContent = text;
    box.appendChild(message);
    message.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.isError && event.detail.boosted) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:responseError", function () {
    showRequestError(document.body.getAttribute("data-request-error"));
  });
  document.addEventListener("htmx:sendError", function () {
    showRequestError(document.body.getAttribute("data-connection-error"));
  });

  enhance(document);
  focusErrorSummary(document);
  document.addEventListener("htmx:afterSettle", function (event) {
    enhance(event.target);
  });
})();
