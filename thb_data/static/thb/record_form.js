/* The record forms (templates/records/form.html). Wired from this file: no inline script
   (Content Security Policy).

   - Enter in a text field never submits the form (a text area keeps its new lines; Enter on a
     button still presses it).
   - After a refused save, focus goes to the error summary; its links move focus to the field.
   - The session: a banner warns a few minutes before the idle session ends, with a button that
     keeps it; typing in the form keeps it too (at most one request a minute). */
"use strict";
(function () {
  var form = document.querySelector("form[data-record-form]");
  if (!form) return;

  /* --- Enter never submits --- */
  var NOT_TEXT = ["submit", "button", "image", "reset", "checkbox", "radio", "file"];
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.isComposing) return;
    var target = event.target;
    if (target.tagName === "INPUT" && NOT_TEXT.indexOf(target.type) === -1) {
      event.preventDefault();
    }
  });

  /* --- the error summary --- */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("[data-error-link]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.dataset.errorLink);
        if (!field) return;
        event.preventDefault();
        var wrapper = field.closest("[id^='div_id_']") || field;
        wrapper.scrollIntoView({ block: "center" });
        field.focus();
      });
    });
  }

  /* --- the session --- */
  var banner = document.querySelector("[data-session-banner]");
  if (!banner) return;
  var idleMs = Number(banner.dataset.idleSeconds) * 1000;
  var warnMs = Math.min(Number(banner.dataset.warnSeconds) * 1000, idleMs / 2);
  var keepAliveUrl = banner.dataset.keepAliveUrl;
  var throttleMs = Number(banner.dataset.throttleSeconds || 60) * 1000;
  var lastContact = Date.now();
  var lastKeepAlive = 0;
  var timer = null;
  var ended = false;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function schedule() {
    window.clearTimeout(timer);
    var untilWarning = lastContact + idleMs - warnMs - Date.now();
    timer = window.setTimeout(tick, Math.max(untilWarning, 0));
  }

  function tick() {
    var left = lastContact + idleMs - Date.now();
    if (left <= 0) {
      ended = true;
      banner.querySelector("[data-session-text]").textContent = banner.dataset.textEnded;
      banner.querySelector("[data-session-stay]").hidden = true;
      banner.hidden = false;
      return;
    }
    var minutes = Math.max(1, Math.round(left / 60000));
    // The page's words, in the person's language ("%(minutes)s" stands for the number).
    banner.querySelector("[data-session-text]").textContent =
      banner.dataset.textSoon.replace("%(minutes)s", String(minutes));
    banner.hidden = false;
    timer = window.setTimeout(tick, Math.min(left, 30000));
  }

  function keepAlive() {
    if (ended) return;
    lastKeepAlive = Date.now();
    fetch(keepAliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      redirect: "manual"
    }).then(function (response) {
      if (!response.ok) throw new Error("ended");
      return response.json();
    }).then(function (answer) {
      lastContact = Date.now();
      idleMs = Math.min(Number(banner.dataset.idleSeconds), answer.seconds_left) * 1000;
      banner.hidden = true;
      schedule();
    }).catch(function () {
      lastContact = 0;
      tick();
    });
  }

  banner.querySelector("[data-session-stay]").addEventListener("click", function () {
    keepAlive();
  });
  form.addEventListener("input", function () {
    if (Date.now() - lastKeepAlive >= throttleMs) keepAlive();
  });
  schedule();
})();
