/* Brobyggare: small page behaviour on top of htmx. No inline scripts anywhere (strict CSP).
   Tells the user when a request failed, in the page's live region, keeping what they typed. */
(function () {
  "use strict";

  function say(text) {
    var status = document.getElementById("status");
    if (!status) return;
    status.textContent = "";
    var span = document.createElement("span");
    span.className = "status-text status-problem";
    span.textContent = text;
    status.appendChild(span);
  }

  function lang() {
    return (document.documentElement.lang || "sv").slice(0, 2);
  }

  var TEXT = {
    sv: {
      offline: "Du har inget nät just nu. Inget är sparat än. Försök igen när du har nät.",
      failed: "Det gick inte att spara. Försök igen om en stund.",
    },
    en: {
      offline: "You are not online right now. Nothing is saved yet. Try again when you are online.",
      failed: "That could not be saved. Please try again in a moment.",
    },
  };

  document.addEventListener("htmx:sendError", function () {
    say((TEXT[lang()] || TEXT.sv).offline);
  });
  document.addEventListener("htmx:responseError", function () {
    say((TEXT[lang()] || TEXT.sv).failed);
  });
  // After a swap, move focus to the first field with an error so the user hears it.
  // (After settling: an outerHTML swap has replaced the element the event names.)
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.xhr && event.detail.xhr.status !== 422) return;
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });

  // Signing out: nothing this person typed stays on the phone (drafts.js keeps drafts in
  // localStorage; the answer's Clear-Site-Data empties it too, where the browser has it).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-logout]") && window.BrobyggareDrafts) {
      window.BrobyggareDrafts.forgetAll();
    }
  }, true);

  // The service worker: the app shell and the client's pages offline, the outbox, push.
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/serviceworker.js", { scope: "/" }).then(function () {
        // Nobody is signed in on the sign-in page: forget any pages kept for someone.
        if (document.querySelector("[data-signed-out]") && navigator.serviceWorker.controller) {
          navigator.serviceWorker.controller.postMessage({ type: "clear" });
        }
      }).catch(function () {});
    });
  }

  // A conversation opens at its newest message, next to the box for writing.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("message-form");
    if (form && !window.location.hash) form.scrollIntoView({ block: "end" });
  });
  // A new bubble is brought into view (no animation: calm, and kind to motion-sensitivity).
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "message-list") {
      var last = event.detail.target.lastElementChild;
      if (last) last.scrollIntoView({ block: "nearest" });
    }
  });
})();
