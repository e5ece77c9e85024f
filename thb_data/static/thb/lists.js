/* Record lists: long choice filters (countries, national lists) get a search box that narrows
   the check boxes shown while typing; ticked boxes always stay visible. Wired from this file (no
   inline script: Content Security Policy). Without JavaScript the full list of check boxes works. */
"use strict";
(function () {
  var seen = {};
  document.querySelectorAll("input[type=checkbox][data-searchable]").forEach(function (box) {
    if (seen[box.name]) return;
    seen[box.name] = true;
    var fieldset = box.closest("fieldset");
    var options = box.closest(".form-check") && box.closest(".form-check").parentElement;
    if (!fieldset || !options) return;
    options.classList.add("thb-choice-list");
    var legend = fieldset.querySelector("legend");
    var name = legend ? legend.textContent.trim() : box.name;
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = document.body.dataset.textSearch || "Type to search";
    search.setAttribute("aria-label", (document.body.dataset.textSearchChoices || "Search the choices of %(name)s").replace("%(name)s", name));
    search.setAttribute("aria-controls", options.id || "");
    search.dataset.searches = box.name;
    options.parentElement.insertBefore(search, options);
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // typing a search never submits
    });
    search.addEventListener("input", function () {
      var needle = search.value.trim().toLowerCase();
      options.querySelectorAll(".form-check").forEach(function (item) {
        var input = item.querySelector("input");
        var text = item.textContent.trim().toLowerCase();
        item.hidden = needle !== "" && !input.checked && text.indexOf(needle) === -1;
      });
    });
  });
})();
