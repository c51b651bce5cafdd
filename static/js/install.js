/* Brobyggare: "Lägg till på hemskärmen" as one tap where the browser offers it (Chrome
   on Android fires beforeinstallprompt when the app can be installed). The button
   ([data-install]) is hidden until then, and hidden again once it is done; the written
   steps beside it work everywhere. No inline scripts (strict CSP). */
(function () {
  "use strict";

  var offer = null;

  function buttons() {
    return document.querySelectorAll("[data-install]");
  }

  function say(text) {
    document.querySelectorAll("[data-install-status]").forEach(function (el) {
      el.textContent = text || "";
    });
  }

  window.addEventListener("beforeinstallprompt", function (event) {
    event.preventDefault(); // ours to offer, when the person taps the button
    offer = event;
    buttons().forEach(function (button) { button.hidden = false; });
  });

  window.addEventListener("appinstalled", function () {
    offer = null;
    buttons().forEach(function (button) {
      button.hidden = true;
      say(button.getAttribute("data-installed"));
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-install]");
    if (!button || !offer) return;
    var asked = offer;
    offer = null;
    asked.prompt();
    asked.userChoice.then(function () {
      button.hidden = true;
    });
  });
})();
