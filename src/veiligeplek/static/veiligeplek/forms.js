// Progressive enhancement of the forms (no inline script: strict CSP). A long checkbox list
// (the languages) gets the filter box that field.html renders hidden: typing shows only the
// options whose name or code contains the text; checked options always stay visible. Without
// JavaScript the box stays hidden and the whole list scrolls.
"use strict";
(function () {
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function enhance(box) {
    var list = document.getElementById(box.dataset.filterFor);
    if (!list) return;
    var items = Array.prototype.slice.call(list.children);
    box.parentElement.hidden = false;
    box.addEventListener("input", function () {
      var query = plain(box.value);
      items.forEach(function (item) {
        var input = item.querySelector("input");
        var text = plain(item.textContent) + " " + (input ? input.value : "");
        item.hidden = query !== "" && !(input && input.checked) && text.indexOf(query) === -1;
      });
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // filtering, not submitting
    });
  }
  function start() {
    document.querySelectorAll("input[data-filter-for]").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
