/* The public home's map: an extra on top of the list, loaded only when the visitor asks for it.
   Leaflet (vendored) and the tiles are fetched on the button's click; if no tile loads (offline, server
   down), the map is removed and the list stays: never a blank frame. No inline script (CSP). */
(function () {
  "use strict";
  var box = document.getElementById("carte");
  var data = document.getElementById("map-points");
  if (!box || !data) return;
  var points = JSON.parse(data.textContent);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "map-button";
  button.textContent = box.dataset.button;
  box.parentNode.insertBefore(button, box);

  function load(url, tag, done) {
    var el = document.createElement(tag);
    if (tag === "link") { el.rel = "stylesheet"; el.href = url; } else { el.src = url; }
    el.onload = done;
    document.head.appendChild(el);
  }

  function giveUp(map) {
    map.remove();
    box.hidden = true;
  }

  function show() {
    button.hidden = true;
    box.hidden = false;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", box.dataset.label);
    // The marker images sit next to leaflet.css (Leaflet would guess it from the CSS, but say it plainly).
    window.L.Icon.Default.imagePath = box.dataset.leafletCss.replace(/[^/]*$/, "") + "images/";
    var map = window.L.map(box, { scrollWheelZoom: false });
    var loaded = 0;
    var layer = window.L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution, maxZoom: 18 });
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () { if (!loaded) giveUp(map); });
    layer.addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var marker = window.L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      marker.bindPopup(link).addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 14); else map.fitBounds(bounds, { padding: [30, 30] });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    // The style sheet first (the map lays itself out with it), then the script.
    load(box.dataset.leafletCss, "link", function () {
      if (window.L) show(); else load(box.dataset.leafletJs, "script", show);
    });
  });
})();
