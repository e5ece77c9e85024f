/* Searchable pickers (vendored Tom Select, wired from this file: no inline script, Content Security
   Policy) on the selects the form widgets mark with data-picker (indicators.types.picker_attrs):
     search   one choice from a long list (countries): type to narrow, Enter picks;
     multi    several choices, added by typing and Enter or a click, no modifier keys, each with a
              remove button (Backspace removes the last one);
     ordered  several choices kept in the order picked (a route through transit countries): the
              select's options are submitted in that order;
     case     (a text box with a datalist) one case reference of the datalist, searched as typed.
   Without JavaScript the plain select works. */
"use strict";
(function () {
  if (typeof window.TomSelect !== "function") return;

  // The page's words, in the person's language (data-text-* of <body>, base.html).
  function text(name, fallback) {
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return document.body.dataset[key] || fallback;
  }

  function settings(select) {
    var kind = select.dataset.picker;
    var options = {
      create: false,
      maxOptions: null,          // every match shown, not the first fifty
      allowEmptyOption: false,   // no "—" item: the placeholder shows, the clear button empties
      selectOnTab: true,
      openOnFocus: true,
      placeholder: select.dataset.pickerPlaceholder || text("search", "Type to search"),
      render: {
        no_results: function () {
          var div = document.createElement("div");
          div.className = "no-results";
          div.textContent = text("noMatch", "No match");
          return div;
        },
      },
    };
    if (kind === "search") {
      options.plugins = { clear_button: { title: text("clear", "Clear") } };
    }
    if (kind === "multi" || kind === "ordered") {
      options.plugins = { remove_button: { title: text("remove", "Remove") } };
      options.hideSelected = true;
      options.closeAfterSelect = false;
      options.onItemAdd = function () {
        this.setTextboxValue("");  // ready for the next name
        this.refreshOptions(false);
      };
    }
    return options;
  }

  // Tom Select points the field's label at its typing box; the select it hides (still read by
  // the form and by assistive technology that walks the form) keeps its name through the label.
  function keepName(element, picker) {
    var labelId = picker.control_input.getAttribute("aria-labelledby");
    if (labelId) element.setAttribute("aria-labelledby", labelId);
  }

  function wire(root) {
    root.querySelectorAll("select[data-picker]").forEach(function (select) {
      if (select.tomselect) return;
      var picker = new window.TomSelect(select, settings(select));
      keepName(select, picker);
      // Enter in the typing box picks an option; it never submits the form.
      picker.control_input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") event.preventDefault();
      });
      // The error summary's links focus the field: the picker's typing box takes the focus.
      select.addEventListener("focus", function () { picker.focus(); });
    });
  }

  function wireCasePicker(input) {
    var list = input.list || document.getElementById(input.getAttribute("list"));
    if (!list || input.tomselect) return;
    var references = Array.prototype.map.call(list.options, function (option) {
      return { value: option.value, text: option.value };
    });
    input.removeAttribute("list");
    var picker = new window.TomSelect(input, {
      options: references,
      maxItems: 1,
      create: false,
      maxOptions: null,
      delimiter: "\n",          // a reference may contain a comma
      persist: false,
      placeholder: text("search", "Type to search"),
      plugins: { clear_button: { title: text("clear", "Clear") } },
    });
    keepName(input, picker);
    picker.control_input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  wire(document);
  document.querySelectorAll("input[data-picker=case]").forEach(wireCasePicker);
})();
