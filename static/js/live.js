/* Brobyggare live updates, on top of htmx's WebSocket extension (ws-connect="/ws/").
   - On (re)connect, tell the server the last event number the page has per contact, so
     it sends exactly what was missed, in order.
   - Drop a pushed row the page already has (a message sent from this page, a replay).
   - Say calmly when the connection is lost and when it is back (notices.js shows it).
   - A contact that ends (or is no longer this person's) never moves the page: the
     server says so in #gone, and this file stops the page's forms from sending.
   - Tell the server when the user has seen new messages on the conversation page.
   - Mark an open add-form as being edited, so a whole-list update waits for it.
   - A socket the server closed because its session ended (4401 signed out, 4403
     switched off) is not a lost connection: no "offline" banner and no reconnecting;
     session.js says what happened.
   - Any other close is reconnected after a random wait that doubles with each failed try
     ("full jitter", 0-1 s, 0-2 s, ... at most 0-30 s), so the pages that lost a restarting
     server come back spread out, not all at once. htmx's extension retries 1006, 1011,
     1012 and 1013 itself with this delay; this file retries the rest (a clean close: a
     proxy, daphne's day-long websocket_timeout), which htmx would leave closed.
   - Nothing else is needed to stay complete: the server notices an event its socket
     missed and sends it (realtime/watch.py). */
(function () {
  "use strict";

  var socket = null;

  var RECONNECT_BASE_MS = 1000;
  var RECONNECT_CAP_MS = 30000;
  function reconnectDelay(retry) {
    return Math.random() * Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * Math.pow(2, retry));
  }
  // Used by htmx's WebSocket extension for the closes it retries (it reads it each time).
  htmx.config.wsReconnectDelay = reconnectDelay;

  function since() {
    var result = {};
    document.querySelectorAll("#sync [data-contact]").forEach(function (el) {
      result[el.getAttribute("data-contact")] = parseInt(el.getAttribute("data-seq"), 10) || 0;
    });
    return result;
  }

  // notices.js shows it, folded into one line with what waits to be sent.
  function banner(online) {
    document.dispatchEvent(new CustomEvent("brobyggare:connection", { detail: { online: online } }));
  }

  function markRead() {
    var list = document.getElementById("message-list");
    if (!list || !socket || document.visibilityState !== "visible") return;
    socket.send(JSON.stringify({ type: "read", contact: parseInt(list.getAttribute("data-contact"), 10) }));
  }

  // The parts of the page that live updates can change; the server renders only these.
  var PARTS = ["assignment-list", "meeting-list", "comment-list", "change-list", "next",
    "phase", "message-list", "consent-list", "letter-list", "network-list", "caseload"];
  // Who works with the client and what is proposed to them (issue 11): the client's
  // proposal box, the team card or section, the ombud's close section.
  PARTS.push("proposal", "team", "close");

  function parts() {
    return PARTS.filter(function (id) { return document.getElementById(id) !== null; });
  }

  function hello() {
    if (socket) socket.send(JSON.stringify({ type: "hello", since: since(), parts: parts() }));
  }

  // Another script asks for what the page may have missed (letters.js, while a letter is
  // being read by the worker): the server sends everything after the page's numbers.
  document.addEventListener("live:resync", hello);

  document.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    hello();
    document.documentElement.setAttribute("data-live", "open");
    banner(true);
  });

  var SIGNED_OUT = [4401, 4403];
  var RETRIED_BY_HTMX = [1006, 1011, 1012, 1013];
  var retries = 0; // our own tries since a socket last stayed open
  var openedAt = 0;

  document.addEventListener("htmx:wsOpen", function () { openedAt = Date.now(); });

  document.addEventListener("htmx:wsClose", function (event) {
    socket = null;
    document.documentElement.setAttribute("data-live", "closed");
    var closed = event.detail && event.detail.event;
    if (closed && SIGNED_OUT.indexOf(closed.code) !== -1) {
      document.dispatchEvent(new CustomEvent("brobyggare:signed-out", { detail: { code: closed.code } }));
      return;
    }
    banner(false);
    var wrapper = event.detail && event.detail.socketWrapper;
    if (!closed || !wrapper || RETRIED_BY_HTMX.indexOf(closed.code) !== -1) return;
    if (Date.now() - openedAt > 10000) retries = 0; // it stayed open a while: start over
    setTimeout(function () {
      if (!socket && document.body.hasAttribute("ws-connect")) wrapper.reconnect();
    }, reconnectDelay(retries++));
  });

  window.addEventListener("offline", function () { banner(false); });
  // Opened without a connection (from the service worker's cache): say so at once.
  document.addEventListener("DOMContentLoaded", function () {
    if (!navigator.onLine) banner(false);
  });
  // The socket may have survived a short loss while frames did not: say hello again, and
  // the server resends everything after what this page shows (replays are harmless).
  window.addEventListener("online", function () {
    if (socket) {
      hello();
      banner(true);
    }
  });

  document.addEventListener("htmx:wsAfterMessage", function (event) {
    var message = String(event.detail.message);
    if (message.indexOf('id="reload-needed"') !== -1) {
      window.location.reload();
      return;
    }
    if (String(event.detail.message).indexOf("bubble theirs") !== -1) markRead();
  });

  document.addEventListener("visibilitychange", markRead);

  // The contact this page is about has ended, or is no longer this person's (#gone says
  // so): the page stays, with everything typed in it, but nothing on it can be sent.
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    var target = event.detail.target;
    var gone = document.getElementById("gone");
    if (!target || target.id !== "gone" || !gone || !gone.hasAttribute("data-gone")) return;
    document.documentElement.setAttribute("data-gone", gone.getAttribute("data-gone"));
    document.querySelectorAll("#main form button, #main form [type=submit]").forEach(function (button) {
      button.disabled = true;
    });
  });

  // An open add-form inside a list counts as being edited: a live update that replaces
  // the whole list (a new order of the assignments) waits, so nothing typed is lost.
  // "toggle" does not bubble, so listen while it is captured on the way down.
  document.addEventListener("toggle", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("details.quick-add")) {
      el.classList.toggle("editing", el.open);
    }
  }, true);

  // A row that is being edited (class "editing") is addressed as "#task-N:not(.editing)":
  // its live update waits, because saving or cancelling renders the row from the server
  // anyway. htmx would call the missing target an error, so such parts are left out of
  // the frame before it is swapped. Everything else in the frame is swapped as sent.
  htmx.defineExtension("live-skip", {
    transformResponse: function (text) {
      if (text.indexOf(":not(.editing)") === -1) return text;
      var template = document.createElement("template");
      template.innerHTML = text;
      var skipped = false;
      Array.prototype.slice.call(template.content.children).forEach(function (child) {
        var swap = child.getAttribute("hx-swap-oob") || "";
        var at = swap.indexOf(":");
        if (swap.indexOf(":not(.editing)") === -1 || at === -1) return;
        if (document.querySelector(swap.slice(at + 1)) === null) {
          template.content.removeChild(child);
          skipped = true;
        }
      });
      return skipped ? template.innerHTML : text;
    }
  });

  // Appends (beforeend/afterbegin) carry rows with ids; a row the page already shows is
  // left as it is, so a replayed event or our own echoed message never appears twice.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var fragment = event.detail.fragment;
    var target = event.detail.target;
    if (!fragment || !fragment.children) return;
    Array.prototype.slice.call(fragment.children).forEach(function (child) {
      if (child.id && child.id !== target.id && document.getElementById(child.id)) {
        fragment.removeChild(child);
      }
    });
  });
})();
