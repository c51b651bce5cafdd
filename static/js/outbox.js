/* The outbox on the page: a message written, or a task ticked, while the phone is offline
   is kept on the phone (outbox-store.js) and sent when the connection returns: on the
   `online` event, when the app starts, and by the service worker's Background Sync where
   the browser has it. The user sees what is still waiting, in the one notice line
   (notices.js). Texts come from #connection. A voice message needs the network: it is
   never queued, and the person is told so calmly. */
/* global BrobyggareOutbox */
(function () {
  "use strict";

  var panel = null;

  function text(name) {
    return (panel && panel.getAttribute("data-" + name)) || "";
  }

  function csrf() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); });
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") +
      "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  // Through notices.js: a problem goes before the notice line, a confirmation after it.
  function say(message, problem) {
    if (window.BrobyggareNotices) window.BrobyggareNotices.say(message, problem);
  }

  function render() {
    if (!panel) return Promise.resolve();
    return BrobyggareOutbox.all().then(function (items) {
      document.dispatchEvent(new CustomEvent("brobyggare:outbox", { detail: { items: items } }));
    });
  }

  function pendingBubble(item) {
    var list = document.getElementById("message-list");
    if (!list) return;
    var li = document.createElement("li");
    li.id = "pending-" + item.id;
    li.className = "bubble mine pending";
    var body = document.createElement("p");
    body.className = "bubble-text";
    body.textContent = item.text;
    var meta = document.createElement("p");
    meta.className = "bubble-meta";
    meta.textContent = text("waiting");
    li.appendChild(body);
    li.appendChild(meta);
    list.appendChild(li);
  }

  function syncLater() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) return registration.sync.register("outbox");
    }).catch(function () {});
  }

  function queue(form) {
    var kind = form.getAttribute("data-outbox");
    var item = { kind: kind, contact: parseInt(form.getAttribute("data-contact"), 10),
      created: Date.now(), csrf: csrf() };
    if (kind === "message") {
      var voice = form.querySelector("input[name=voice]");
      if (voice && voice.files && voice.files.length) {
        say(text("no-voice"), true);
        return false;
      }
      var file = form.querySelector("input[type=file][name=file]");
      if (file && file.files && file.files.length) {
        say(text("no-photos"), true);
        return false;
      }
      var field = form.querySelector("textarea[name=text]");
      item.text = field.value.trim();
      if (!item.text) return false;
      item.id = form.querySelector("input[name=client_uuid]").value;
      // The same form can write the next message: give it a fresh id.
      form.querySelector("input[name=client_uuid]").value = newId();
      field.value = "";
      pendingBubble(item);
      // Kept in the outbox now: the draft of it can go (drafts.js).
      form.dispatchEvent(new CustomEvent("brobyggare:sent", { bubbles: true }));
    } else {
      item.id = newId();
      item.task = parseInt(form.getAttribute("data-task"), 10);
      item.done = form.querySelector("input[name=done]").value === "1";
      item.label = form.getAttribute("data-label");
      var row = form.closest(".task");
      if (row) row.classList.add("pending");
      var button = form.querySelector("button");
      if (button) button.disabled = true;
    }
    BrobyggareOutbox.add(item).then(render).then(syncLater);
    // While offline the notice line says it ("… väntar på att skickas"); online in name
    // only, it still needs a word.
    if (navigator.onLine) say(text("queued"));
    return true;
  }

  function flush() {
    if (!navigator.onLine) return Promise.resolve();
    return BrobyggareOutbox.flush(csrf()).then(function (answer) {
      finished(answer);
      return render();
    }).catch(function () { return render(); });
  }

  function finished(answer) {
    if (!answer) return;
    answer.applied.forEach(function (id) {
      var pending = document.getElementById("pending-" + id);
      if (pending) pending.querySelector(".bubble-meta").textContent = text("sent");
    });
    if (answer.refused.length) say(text("refused") + " " + answer.refused[0].reason, true);
    else if (answer.applied.length) say(text("all-sent"));
  }

  // Offline: keep it on the phone instead of trying (the capture phase runs before htmx).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-outbox") || navigator.onLine) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    queue(form);
  }, true);

  // Online in name only (the request never got through): keep it as well.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-outbox]");
    if (form) queue(form);
  });

  // The real message has arrived over the socket: the waiting copy can go.
  document.addEventListener("htmx:oobAfterSwap", function () {
    document.querySelectorAll("#message-list [data-uuid]").forEach(function (bubble) {
      var pending = document.getElementById("pending-" + bubble.getAttribute("data-uuid"));
      if (pending) pending.remove();
    });
  });

  // Signing out: send what is waiting first (it would be deleted with the rest).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout]") || form.dataset.flushed) return;
    event.preventDefault();
    form.dataset.flushed = "1";
    var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 3000); });
    Promise.race([flush(), timeout]).then(function () {
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) worker.postMessage({ type: "clear" });
      form.submit();
    });
  }, true);

  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-flushed") {
        finished(event.data.answer);
        render();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    panel = document.getElementById("connection");
    render().then(flush);
  });
})();
