/* Statistics charts: each <figure data-chart-for="table-id"> draws the table beside it with Chart.js.
   The table stays the reference (accessible, printable); without JavaScript only the tables show.
   Masked counts ("< 5") are not drawn (null), so a chart never reveals what the table hides. */
(function () {
  "use strict";

  function number(text) {
    var cleaned = (text || "").replace(/[\s\u00a0\u202f%€hj]/g, "").replace(",", ".");
    if (cleaned === "" || cleaned.indexOf("<") !== -1 || cleaned === "—") return null;
    var value = Number(cleaned);
    return isNaN(value) ? null : value;
  }

  function readTable(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th[data-series]"), function (th) {
      return th.textContent.trim();
    });
    var labels = [];
    var series = headers.map(function () { return []; });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var label = row.querySelector("th[scope=row]");
      if (!label) return;
      labels.push(label.textContent.trim());
      row.querySelectorAll("td[data-value]").forEach(function (cell, index) {
        if (series[index]) series[index].push(number(cell.textContent));
      });
    });
    return { headers: headers, labels: labels, series: series };
  }

  /* Long category names (thématiques…) would be cut at the canvas edge: they are wrapped on a few short lines,
     the last one ending with "…" when even that is not enough; the tooltip and the table give the full name. */
  function shorten(text, max) {
    return text.length <= max ? text : text.slice(0, max - 1).replace(/\s+$/, "") + "\u2026";
  }

  function wrap(text, width, maxLines) {
    var lines = [];
    var line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    lines = lines.map(function (part) { return shorten(part, width); });
    if (lines.length > maxLines) {
      lines = lines.slice(0, maxLines);
      lines[maxLines - 1] = shorten(lines[maxLines - 1] + " \u2026", width);
    }
    return lines.length > 1 ? lines : lines[0] || "";
  }

  function fullLabelTooltip(fullLabels) {
    return { callbacks: { title: function (items) { return items.length ? fullLabels[items[0].dataIndex] : ""; } } };
  }

  var palette = ["#000091", "#e1000f", "#009081", "#c3992a", "#6a6af4", "#ce614a", "#3a3a3a", "#b7a73f"];

  function draw(figure) {
    var table = document.getElementById(figure.getAttribute("data-chart-for"));
    if (!table || typeof window.Chart === "undefined") return;
    var kind = table.getAttribute("data-chart");
    var data = readTable(table);
    if (!data.labels.length) return;
    var narrow = figure.clientWidth < 480;
    var config;
    if (kind === "line") {
      config = {
        type: "line",
        data: {
          labels: data.labels,
          datasets: data.series.map(function (values, index) {
            return { label: data.headers[index], data: values, borderColor: palette[index], backgroundColor: palette[index] };
          }),
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false },
      };
    } else if (kind === "doughnut") {
      var last = data.series.length - 1;
      var legendLabels = data.labels.map(function (label) { return shorten(label, narrow ? 22 : 32); });
      config = {
        type: "doughnut",
        data: { labels: legendLabels, datasets: [{ label: data.headers[last], data: data.series[last], backgroundColor: palette }] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false,
          plugins: { tooltip: fullLabelTooltip(data.labels) },
        },
      };
    } else {
      var width = narrow ? 16 : 26;
      var wrapped = data.labels.map(function (label) { return wrap(label, width, 2); });
      var lines = wrapped.reduce(function (total, label) { return total + (Array.isArray(label) ? label.length : 1); }, 0);
      // Every bar keeps its name (no skipped labels): the chart grows with the number of lines.
      figure.style.height = Math.max(288, lines * 16 + data.labels.length * 8 + 48) + "px";
      config = {
        type: "bar",
        data: { labels: wrapped, datasets: [{ label: data.headers[0], data: data.series[0], backgroundColor: palette[0] }] },
        options: {
          indexAxis: "y", animation: false, responsive: true, maintainAspectRatio: false,
          scales: { y: { ticks: { autoSkip: false } } },
          plugins: { legend: { display: false }, tooltip: fullLabelTooltip(data.labels) },
        },
      };
    }
    figure.hidden = false;
    new window.Chart(figure.querySelector("canvas"), config);
  }

  function init() {
    document.querySelectorAll("figure[data-chart-for]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
