/* Autosave of a draft being edited (templates/records/form.html, form[data-autosave-seconds]).
   Wired from this file: no inline script, no inline style (Content Security Policy).

   - When the form has changed, it is posted in the background as a draft, at most once every
     data-autosave-seconds (a minute; the server refuses more often too), to the form's own
     address with the CSRF token and the header X-THB-Autosave.
   - The form's version and based_on fields take the saved record's: the next save, by hand or
     automatic, is checked against the version just saved, so someone else's change is still
     refused as stale. The server never autosaves a complete record, nor a stale one.
   - The result is said in a polite live region: "Draft saved at HH:MM", or why not. After a
     refusal other than "too soon" autosave stops: saving by hand shows what is wrong.
   - A save by hand waits for an autosave under way, so it carries the version it produced. */
"use strict";
(function () {
  var form = document.querySelector("form[data-record-form][data-autosave-seconds]");
  if (!form) return;
  var intervalMs = Math.max(Number(form.dataset.autosaveSeconds) || 60, 1) * 1000;
  var status = document.querySelector("[data-autosave-status]");
  var changes = 0; // changes since the last autosave that went out
  var lastAttempt = Date.now();
  var timer = null;
  var inFlight = null; // the autosave request under way
  var stopped = false;
  var waitingSubmitter = undefined;

  function say(message) {
    if (status) status.textContent = message;
  }

  // The page's words for each outcome, in the person's language (data-text-* of the status).
  function text(name) {
    var key = "text" + name.charAt(0).toUpperCase() + name.slice(1);
    return (status && status.dataset[key]) || "";
  }

  function field(name) {
    return form.querySelector("input[name='" + name + "']");
  }

  function csrfToken() {
    var input = field("csrfmiddlewaretoken");
    return input ? input.value : "";
  }

  function schedule(delayMs) {
    if (stopped || timer !== null) return;
    var wait = delayMs !== undefined ? delayMs : lastAttempt + intervalMs - Date.now();
    timer = window.setTimeout(function () {
      timer = null;
      save();
    }, Math.max(wait, 0));
  }

  function save() {
    if (stopped || inFlight || changes === 0) return;
    var sent = changes;
    var data = new FormData(form);
    data.set("status", "draft");
    lastAttempt = Date.now();
    inFlight = fetch(window.location.pathname + window.location.search, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "X-THB-Autosave": "1", "Accept": "application/json" },
      redirect: "manual"
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) {
        stopped = true;
        say(text("sessionEnded"));
        return null;
      }
      if (response.status === 403 && !(response.headers.get("Content-Type") || "").includes("json")) {
        stopped = true; // the page's security token is out of date (signed in again elsewhere)
        say(text("outOfDate"));
        return null;
      }
      return response.json().then(function (answer) {
        if (answer.saved) {
          changes -= sent;
          field("version").value = answer.version;
          field("based_on").value = answer.based_on;
          // The server's words (in the person's language), with the time of the save.
          say(answer.message || text("saved").replace("%(time)s", answer.saved_at));
        } else if (answer.reason === "too_soon") {
          lastAttempt = Date.now() - intervalMs + (Number(answer.retry_after) || 60) * 1000;
        } else {
          stopped = true;
          say(answer.message || text("notSaved"));
        }
      });
    }).catch(function () {
      say(text("retry"));
    }).then(function () {
      inFlight = null;
      if (waitingSubmitter !== undefined) {
        var submitter = waitingSubmitter;
        waitingSubmitter = undefined;
        if (submitter) form.requestSubmit(submitter); else form.requestSubmit();
        return;
      }
      if (changes > 0) schedule();
    });
  }

  function changed() {
    changes += 1;
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // A save by hand: no more autosave; one under way is waited for (it changes the version).
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    timer = null;
    stopped = true;
    if (inFlight) {
      event.preventDefault();
      waitingSubmitter = event.submitter || null;
    }
  });
})();
