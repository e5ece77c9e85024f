/* THB Data behaviour. No inline scripts anywhere (Content Security Policy). */
"use strict";

/* Conditional indicators: a field marked data-depends-on="v_exploitation_form" and
   data-depends-values="labour" is shown only while that indicator's answer is (or includes) one
   of those values. The server ignores hidden fields too. */
(function () {
  function wrapperOf(element) {
    return element.closest("[id^='div_id_']") || element.closest(".mb-3") || element.parentElement;
  }

  function currentValues(form, name) {
    const values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) values.push(input.value);
      } else if (input.tagName === "SELECT" && input.multiple) {
        Array.from(input.selectedOptions).forEach(function (o) { values.push(o.value); });
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function isShown(form, name) {
    const input = form.querySelector("[name='" + name + "']");
    if (!input) return true;
    const wrapper = wrapperOf(input);
    return !(wrapper && wrapper.hidden);
  }

  function refresh(form) {
    // Repeat so that chains (a condition on a conditional field) settle.
    for (let pass = 0; pass < 3; pass++) {
      const seen = new Set();
      form.querySelectorAll("[data-depends-on]").forEach(function (input) {
        if (seen.has(input.name)) return;
        seen.add(input.name);
        const parent = input.dataset.dependsOn;
        const wanted = input.dataset.dependsValues.split(",");
        const show = isShown(form, parent) &&
          currentValues(form, parent).some(function (v) { return wanted.includes(v); });
        const wrapper = wrapperOf(input);
        if (wrapper) {
          wrapper.hidden = !show;
          wrapper.classList.add("is-conditional");
        }
      });
    }
  }

  document.querySelectorAll("form[data-indicator-form]").forEach(function (form) {
    refresh(form);
    form.addEventListener("change", function () { refresh(form); });
  });
})();

/* Buttons that ask for confirmation: <button data-confirm="Really?">. */
document.querySelectorAll("[data-confirm]").forEach(function (button) {
  button.addEventListener("click", function (event) {
    if (!window.confirm(button.dataset.confirm)) event.preventDefault();
  });
});
