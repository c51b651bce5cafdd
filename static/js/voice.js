/* A voice message: record on the phone, listen, then send with the message form.
   - Shown only where the phone can record (getUserMedia, MediaRecorder, DataTransfer);
     elsewhere the form is as before.
   - One big button starts; a visible timer counts up to two minutes, where it stops by
     itself; "Sluta spela in" stops. Then the recording can be played back, made again
     or removed, and "Skicka" sends it with the form like any attachment (the server
     reads its container, portal/audio.py).
   - WebM/Opus (Chrome, Android), Ogg/Opus (Firefox) or MP4 (Safari, iPhone): whichever
     the phone records. At 32 kbit/s two minutes are about half a megabyte.
   - A voice message needs the network: offline it says so calmly instead of recording
     (outbox.js does not keep a recording either). Texts come from data-text-*. */
(function () {
  "use strict";

  var TYPES = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4;codecs=mp4a.40.2", "audio/mp4"];

  function supported() {
    return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia &&
      window.MediaRecorder && typeof DataTransfer === "function");
  }

  function mimeType() {
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(TYPES[i])) return TYPES[i];
    }
    return "";
  }

  function extension(type) {
    if (type.indexOf("ogg") !== -1) return "ogg";
    if (type.indexOf("mp4") !== -1) return "m4a";
    return "webm";
  }

  function clock(seconds) {
    var s = Math.floor(seconds);
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }

  function say(words, problem) {
    if (window.BrobyggareNotices) window.BrobyggareNotices.say(words, problem);
  }

  function setUp(box) {
    if (box.getAttribute("data-voice-ready-set")) return;
    box.setAttribute("data-voice-ready-set", "1");
    var text = function (name) { return box.getAttribute("data-text-" + name) || ""; };
    var max = parseInt(box.getAttribute("data-max"), 10) || 120;
    var record = box.querySelector("[data-voice-record]");
    var recording = box.querySelector("[data-voice-recording]");
    var stopButton = box.querySelector("[data-voice-stop]");
    var timer = box.querySelector("[data-voice-timer]");
    var ready = box.querySelector("[data-voice-ready]");
    var preview = box.querySelector("[data-voice-preview]");
    var file = box.querySelector("[data-voice-file]");
    var recorder = null;
    var stream = null;
    var started = 0;
    var ticking = null;
    var url = null;

    function show(part) {
      record.hidden = part !== "record";
      recording.hidden = part !== "recording";
      ready.hidden = part !== "ready";
    }

    function clear() {
      if (url) URL.revokeObjectURL(url);
      url = null;
      preview.removeAttribute("src");
      file.value = "";
    }

    function release() {
      window.clearInterval(ticking);
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }

    function start() {
      if (!navigator.onLine) {
        say(text("offline"), true);
        return;
      }
      clear();
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (media) {
        stream = media;
        var type = mimeType();
        var options = { audioBitsPerSecond: 32000 };
        if (type) options.mimeType = type;
        recorder = new MediaRecorder(media, options);
        var chunks = [];
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) chunks.push(event.data);
        });
        recorder.addEventListener("stop", function () {
          release();
          var kind = (recorder.mimeType || type || "audio/webm").split(";")[0];
          var blob = new Blob(chunks, { type: kind });
          var transfer = new DataTransfer();
          transfer.items.add(new File([blob], "rost." + extension(kind), { type: kind }));
          file.files = transfer.files;
          url = URL.createObjectURL(blob);
          preview.src = url;
          show("ready");
          preview.focus();
        });
        recorder.start(1000);
        started = Date.now();
        timer.textContent = clock(0);
        show("recording");
        stopButton.focus();
        say(text("started"), false);
        ticking = window.setInterval(function () {
          var seconds = (Date.now() - started) / 1000;
          timer.textContent = clock(Math.min(seconds, max));
          if (seconds >= max) {
            say(text("max"), false);
            stop();
          }
        }, 250);
      }, function (error) {
        release();
        say(error && error.name === "NotAllowedError" ? text("denied") : text("failed"), true);
        show("record");
      });
    }

    function stop() {
      window.clearInterval(ticking);
      if (recorder && recorder.state !== "inactive") {
        recorder.stop();
        say(text("ready"), false);
      }
    }

    record.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    box.querySelector("[data-voice-again]").addEventListener("click", start);
    box.querySelector("[data-voice-remove]").addEventListener("click", function () {
      clear();
      show("record");
      record.focus();
    });
    show("record");
    box.hidden = false;
  }

  function setUpAll() {
    if (!supported()) return;
    document.querySelectorAll("[data-voice]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", setUpAll);
  document.addEventListener("htmx:afterSwap", setUpAll);
})();
