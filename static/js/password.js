/* Brobyggare: "Visa lösenord" under every password field (OWASP ASVS 2.1.12), so a person
   can check what they typed before sending it. The field goes back to hidden when the form
   is sent, so the browser never keeps the password as plain text. No inline scripts. */
(function () {
  "use strict";

  var TEXT = {
    sv: { show: "Visa lösenordet", hide: "Dölj lösenordet" },
    en: { show: "Show the password", hide: "Hide the password" },
  };

  function text(key) {
    var lang = (document.documentElement.lang || "sv").slice(0, 2);
    return (TEXT[lang] || TEXT.sv)[key];
  }

  function addToggle(input) {
    if (!input.id || input.dataset.revealReady) return;
    input.dataset.revealReady = "1";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button ghost small reveal-password";
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.textContent = text("show");
    button.addEventListener("click", function () {
      var shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.setAttribute("aria-pressed", shown ? "false" : "true");
      button.textContent = text(shown ? "show" : "hide");
    });
    input.insertAdjacentElement("afterend", button);
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
        button.setAttribute("aria-pressed", "false");
        button.textContent = text("show");
      });
    }
  }

  function addAll(root) {
    root.querySelectorAll("input[type=password]").forEach(addToggle);
  }

  document.addEventListener("DOMContentLoaded", function () {
    addAll(document);
  });
  // Forms htmx swaps in (a password form answered 422) get theirs too.
  document.addEventListener("htmx:afterSettle", function (event) {
    addAll(event.target instanceof Element ? event.target : document);
  });
})();
