/* Forms are sent once: after the first submission, the form's submit buttons are disabled, so a
   second click (or a double click) cannot send it again. Wired from this file (no inline script:
   Content Security Policy). The server refuses a repeated import confirmation anyway; this
   spares people the second request.

   - The buttons are disabled just after the browser has collected the form's values: a button
     disabled earlier would leave its own name and value (name="action" value="draft") out.
   - Forms that answer with a download (data-download) leave the page where it is: their
     buttons come back after a few seconds.
   - A page shown again from the back-forward cache gets its buttons back. */
"use strict";
(function () {
  var DOWNLOAD_PAUSE_MS = 4000;

  function submitButtons(form) {
    var buttons = Array.from(
      form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]")
    );
    if (form.id) {
      document.querySelectorAll("[form='" + form.id + "']").forEach(function (button) {
        if (button.type === "submit" && !buttons.includes(button)) buttons.push(button);
      });
    }
    return buttons;
  }

  function release(form) {
    delete form.dataset.submitted;
    submitButtons(form).forEach(function (button) {
      if (button.dataset.disabledBySubmit) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
        delete button.dataset.disabledBySubmit;
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
    if (form.dataset.submitted) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "true";
    window.setTimeout(function () {
      submitButtons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
          button.dataset.disabledBySubmit = "true";
        }
      });
    }, 0);
    if (form.hasAttribute("data-download")) {
      window.setTimeout(function () { release(form); }, DOWNLOAD_PAUSE_MS);
    }
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form").forEach(release);
  });
})();
