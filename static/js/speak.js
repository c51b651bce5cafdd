/* "Läs upp": reading a part of the page aloud with the phone's own speech (Web Speech API,
   speechSynthesis). Used by the plan's cards, messages, meetings and letters alike:
   a button with data-speak="#id" reads what that element shows.
   - In Swedish (a sv-SE voice, or any Swedish one) on a Swedish page, in English on an
     English page. A phone without such a voice says so calmly instead of reading the
     words wrongly with another language's voice.
   - Only what is on the screen in that element is read: not its buttons and forms, not
     what is hidden, folded away or only for screen readers. Nothing leaves the phone.
   - Tapping the button again stops. (Pausing is not offered: Android's speech engine
     does not pause, it stops, and a button that lies is worse than none.)
   - The buttons stay hidden where the browser has no speech. Texts come from the
     button's data-speak-stop / the page's language; this file holds the fallback words. */
(function () {
  "use strict";

  var speech = window.speechSynthesis;
  var WORDS = {
    sv: {
      stop: "Sluta läsa",
      none: "Telefonen har ingen svensk röst för uppläsning. Du kan lägga till svenska under Talsyntes (text till tal) i telefonens inställningar.",
    },
    en: {
      stop: "Stop reading",
      none: "This phone has no English voice for reading aloud. You can add one under text-to-speech in the phone's settings.",
    },
  };
  // Never read: controls, hidden or folded-away parts, words only for screen readers.
  var SKIP = "button, form, input, select, textarea, audio, video, script, style, [hidden], " +
    "[aria-hidden=true], .visually-hidden, [data-speak-skip], details:not([open]) > :not(summary)";
  var BLOCKS = "p, li, h1, h2, h3, h4, dt, dd, div, header, summary, time";

  function lang() {
    return (document.documentElement.lang || "sv").slice(0, 2) === "en" ? "en" : "sv";
  }

  function voiceFor(language) {
    var voices = speech.getVoices();
    var exact = language === "sv" ? "sv-se" : "en-gb";
    var best = null;
    for (var i = 0; i < voices.length; i++) {
      var tag = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (tag === exact) return voices[i];
      if (!best && tag.indexOf(language) === 0) best = voices[i];
    }
    return best;
  }

  function whenVoices(done) {
    if (speech.getVoices().length) return done();
    var called = false;
    function once() { if (!called) { called = true; done(); } }
    speech.addEventListener("voiceschanged", once, { once: true });
    window.setTimeout(once, 1500);
  }

  function visible(el) {
    if (el.checkVisibility) return el.checkVisibility();
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }

  // The words the element shows, a line per block, without what must not be read.
  function readable(root) {
    var lines = [];
    var current = null;
    var line = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      var words = node.nodeValue.replace(/\s+/g, " ").trim();
      if (!words || !parent || parent.closest(SKIP) || !visible(parent)) continue;
      var block = parent.closest(BLOCKS) || root;
      if (block !== current && line.length) {
        lines.push(line.join(" "));
        line = [];
      }
      current = block;
      line.push(words);
    }
    if (line.length) lines.push(line.join(" "));
    return lines.join(".\n").replace(/([.!?:])\./g, "$1");
  }

  function say(words) {
    if (window.BrobyggareNotices) window.BrobyggareNotices.say(words, false);
  }

  function showButtons() {
    if (!speech || typeof SpeechSynthesisUtterance !== "function") return;
    document.querySelectorAll("[data-speak]").forEach(function (button) { button.hidden = false; });
  }
  document.addEventListener("DOMContentLoaded", showButtons);
  document.addEventListener("htmx:afterSwap", showButtons);
  document.addEventListener("htmx:oobAfterSwap", showButtons);

  var speaking = null;
  var label = "";

  function done() {
    if (speaking) {
      var text = speaking.querySelector(".speak-label") || speaking;
      text.textContent = label;
      speaking.removeAttribute("aria-pressed");
    }
    speaking = null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-speak]") : null;
    if (!button || !speech) return;
    if (speaking === button) {
      speech.cancel();
      done();
      return;
    }
    var target = document.querySelector(button.getAttribute("data-speak"));
    if (!target) return;
    var language = lang();
    var words = WORDS[language];
    whenVoices(function () {
      var voice = voiceFor(language);
      if (!voice) {
        say(button.getAttribute("data-speak-none") || words.none);
        return;
      }
      speech.cancel();
      done();
      var utterance = new SpeechSynthesisUtterance(readable(target));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9; // a little slower than the default: calm, easy to follow
      utterance.onend = utterance.onerror = function () { if (speaking === button) done(); };
      speaking = button;
      var text = button.querySelector(".speak-label") || button;
      label = text.textContent;
      text.textContent = button.getAttribute("data-speak-stop") || words.stop;
      button.setAttribute("aria-pressed", "true");
      speech.speak(utterance);
    });
  });

  // Leaving the page stops the voice.
  window.addEventListener("pagehide", function () { if (speech) speech.cancel(); });

  window.BrobyggareSpeak = { readable: readable };
})();
