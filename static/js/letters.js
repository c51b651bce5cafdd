/* Letters: several photographed pages in one letter, waiting for the reading, and
   reading a card or the whole letter aloud.
   - Each photo taken with the camera button is kept, so "Fota en sida till" adds a page
     instead of replacing the first (DataTransfer); the form says how many pages it has.
   - While a card says "Läser brevet …", the page asks the live socket every few seconds
     for what it has missed (live.js: "live:resync"), so the result arrives even when the
     worker runs in another process than this page's server without a shared channel
     layer (development). With Redis it has usually arrived already.
   - "Läs upp" speaks the text with the phone's own speech (Web Speech API), in a
     Swedish voice; a phone without one says so calmly instead of reading it wrongly.
     Nothing leaves the phone: speechSynthesis is local. */
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
        : String(count) + " " + note.getAttribute("data-many");
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

  // --- Reading aloud ------------------------------------------------------------------
  var speech = window.speechSynthesis;

  function swedishVoice() {
    var voices = speech.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf("sv") === 0) return voices[i];
    }
    return null;
  }

  function whenVoices(done) {
    if (speech.getVoices().length) return done();
    var called = false;
    function once() { if (!called) { called = true; done(); } }
    speech.addEventListener("voiceschanged", once, { once: true });
    window.setTimeout(once, 1500);
  }

  function say(text) {
    var status = document.getElementById("status");
    if (!status) return;
    status.textContent = "";
    var span = document.createElement("span");
    span.className = "status-text";
    span.textContent = text;
    status.appendChild(span);
  }

  function showButtons() {
    if (!speech) return;
    document.querySelectorAll("[data-speak]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", showButtons);
  document.addEventListener("htmx:afterSwap", showButtons);
  document.addEventListener("htmx:oobAfterSwap", showButtons);

  var speaking = null;

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-speak]") : null;
    if (!button || !speech) return;
    var lang = (document.documentElement.lang || "sv").slice(0, 2);
    var text = {
      sv: { stop: "Sluta läsa", none: "Telefonen har ingen svensk röst för uppläsning. Du kan be ditt ombud läsa brevet med dig, eller lägga till svenska under Talsyntes i telefonens inställningar." },
      en: { stop: "Stop reading", none: "This phone has no Swedish voice for reading aloud. Your ombud can read the letter with you, or you can add Swedish under text-to-speech in the phone's settings." },
    }[lang] || null;
    text = text || { stop: "Sluta läsa", none: "" };
    if (speaking === button) {
      speech.cancel();
      return;
    }
    var target = document.querySelector(button.getAttribute("data-speak"));
    if (!target) return;
    whenVoices(function () {
      var voice = swedishVoice();
      if (!voice) {
        say(text.none);
        return;
      }
      speech.cancel();
      var label = button.textContent;
      var utterance = new SpeechSynthesisUtterance(target.innerText);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9; // a little slower than the default: calm, easy to follow
      utterance.onend = utterance.onerror = function () {
        button.textContent = label;
        speaking = null;
      };
      speaking = button;
      button.textContent = text.stop;
      speech.speak(utterance);
    });
  });
})();
