// Storyline web UI: conveniences only; every page reads without this script.
"use strict";
document.addEventListener("keydown", function (e) {
  // "/" focuses the search box, as on many sites.
  if (e.key === "/" && !(e.target instanceof HTMLInputElement)) {
    var box = document.getElementById("q") || document.querySelector("header.top input[name=q]");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  }
});
document.addEventListener("DOMContentLoaded", function () {
  // Empty filter fields would only clutter the URL: drop them on submit.
  document.querySelectorAll("form.search").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input").forEach(function (input) {
        if (input.value === "") { input.disabled = true; }
      });
    });
  });
});
// A timeline chart zooms to the days a drag across it covers (a brush):
// the page reloads with ?from=...&to=..., as the zoom form would.
document.addEventListener("DOMContentLoaded", function () {
  var SVG = "http://www.w3.org/2000/svg";
  document.querySelectorAll("svg.timeline-chart[data-lo]").forEach(function (svg) {
    var lo = Date.parse(svg.dataset.lo), hi = Date.parse(svg.dataset.hi);
    var x0 = +svg.dataset.x0, x1 = +svg.dataset.x1;
    var start = null, band = null;
    function chartX(e) {
      var p = svg.createSVGPoint();
      p.x = e.clientX; p.y = e.clientY;
      var x = p.matrixTransform(svg.getScreenCTM().inverse()).x;
      return Math.min(x1, Math.max(x0, x));
    }
    function day(x) {
      var t = lo + (hi - lo) * (x - x0) / (x1 - x0);
      return new Date(t).toISOString().slice(0, 10);
    }
    svg.addEventListener("mousedown", function (e) {
      if (e.button !== 0 || e.target.closest("a")) { return; }
      e.preventDefault();
      start = chartX(e);
      band = document.createElementNS(SVG, "rect");
      band.setAttribute("class", "brush");
      band.setAttribute("y", "0");
      band.setAttribute("height", svg.viewBox.baseVal.height);
      band.setAttribute("x", start);
      band.setAttribute("width", "0");
      svg.appendChild(band);
    });
    svg.addEventListener("mousemove", function (e) {
      if (start === null) { return; }
      var x = chartX(e);
      band.setAttribute("x", Math.min(start, x));
      band.setAttribute("width", Math.abs(x - start));
    });
    window.addEventListener("mouseup", function (e) {
      if (start === null) { return; }
      var x = chartX(e), a = Math.min(start, x), b = Math.max(start, x);
      start = null;
      band.remove();
      if (b - a < 4) { return; }
      window.location = svg.dataset.zoom + "?from=" + day(a) + "&to=" + day(b) + "#timeline";
    });
  });
});
