/* Letters: several photographed pages in one letter, waiting for the reading, and
   reading a card or the whole letter aloud.
   - Each photo taken with the camera button is kept, so "Fota en sida till" adds a page
     instead of replacing the first (DataTransfer); the form says how many pages it has.
   - While a card says "Läser brevet …", the page asks the live socket every few seconds
     for what it has missed (live.js: "live:resync"), so the result arrives even when the
     worker runs in another process than this page's server without a shared channel
     layer (development). With Redis it has usually arrived already.
   - "Läs upp" (a card, the whole letter) is speak.js, shared with the plan, messages
     and meetings. */
(function () {
  "use strict";

  var kept = new WeakMap();

  function countPages(form) {
    var total = 0;
    form.querySelectorAll("input[type=file][name=pages]").forEach(function (input) {
      total += input.files ? input.files.length : 0;
    });
    return total;
  }

  function showPages(form) {
    var note = form.querySelector("[data-letter-pages]");
    var camera = form.querySelector("[data-letter-camera]");
    var count = countPages(form);
    if (note) {
      note.textContent = count === 0 ? "" : count === 1 ? note.getAttribute("data-one")
        : note.getAttribute("data-many").replace("{n}", String(count));
    }
    var taken = camera && camera.files ? camera.files.length : 0;
    form.querySelectorAll("[data-camera-first]").forEach(function (el) { el.hidden = taken > 0; });
    form.querySelectorAll("[data-camera-more]").forEach(function (el) { el.hidden = taken === 0; });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var form = input.closest("[data-letter-form]");
    if (!form) return;
    if (input.hasAttribute("data-letter-camera") && typeof DataTransfer === "function") {
      var pages = (kept.get(input) || []).concat(Array.prototype.slice.call(input.files));
      kept.set(input, pages);
      try {
        var all = new DataTransfer();
        pages.forEach(function (file) { all.items.add(file); });
        input.files = all.files;
      } catch (e) { /* an old browser keeps the last photo only */ }
    }
    showPages(form);
  });

  // A new form after a swap starts with no pages.
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-letter-form]").forEach(showPages);
  });

  window.setInterval(function () {
    if (document.querySelector("[data-letter-reading]")) {
      document.dispatchEvent(new CustomEvent("live:resync"));
    }
  }, 4000);
})();
