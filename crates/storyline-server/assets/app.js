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
