/* Brobyggare: a calm word before the session times out, and a way to stay signed in
   without losing what is typed (no reload). On signed-in pages only (#session-notice).
   Every text comes from the element's data-text-* attributes (translated there); this
   file holds no words. No inline scripts anywhere (strict CSP).

   What counts as activity is decided on the server (portal/actions/sessions.py): every
   request the person makes, htmx ones included. Live frames arriving are not. This file
   only keeps time: each answer says how long is left (X-Session-Expires-In); shortly
   before that it asks the server again (another tab may have been used: that asking is
   not activity), and only then warns. Typing on this page since the last answer is the
   person being here: then it keeps the session alive without a word. */
(function () {
  "use strict";

  var box = document.getElementById("session-notice");
  if (!box) return;
  var url = box.getAttribute("data-url");
  var loginUrl = box.getAttribute("data-login");
  var warnMs = (parseInt(box.getAttribute("data-warn"), 10) || 120) * 1000;
  var deadline = 0;
  var ends = "idle";
  var heardAt = Date.now();
  var typedAt = 0;
  var timer = null;
  var state = "quiet"; // "warning", "out"

  function text(name) {
    return box.getAttribute("data-text-" + name) || "";
  }

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function show(words, action) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = words;
    box.appendChild(p);
    if (action) box.appendChild(action);
    box.hidden = false;
  }

  function hide() {
    box.hidden = true;
    box.textContent = "";
  }

  // The server's word on how long is left (seconds) and what ends it then.
  function heard(seconds, kind) {
    if (isNaN(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    ends = kind || "idle";
    heardAt = Date.now();
  }

  // Wait quietly until shortly before the deadline (and take any warning away).
  function plan() {
    window.clearTimeout(timer);
    if (state === "out") return;
    var left = deadline - Date.now();
    if (left <= warnMs) {
      timer = window.setTimeout(due, 0);
      return;
    }
    if (state === "warning") {
      state = "quiet";
      hide();
    }
    timer = window.setTimeout(due, left - warnMs);
  }

  // GET: how long is left (not activity). POST: stay signed in (activity).
  function ask(method) {
    var headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
    if (method === "GET") headers["X-Background"] = "1";
    return fetch(url, { method: method, credentials: "same-origin", headers: headers })
      .then(function (response) {
        if (response.status === 401) {
          return response.json().then(function (body) {
            signedOut(body.reason || "ended");
            return null;
          });
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json().then(function (body) {
          heard(body.expires_in, body.ends);
          return body;
        });
      });
  }

  function due() {
    if (state === "out") return;
    var since = heardAt;
    ask("GET").then(function (body) {
      if (!body) return;
      var left = deadline - Date.now();
      if (left > warnMs) {
        plan(); // someone was active in another tab
      } else if (ends === "idle" && typedAt > since) {
        keepAlive(true); // typing on this page is being here
      } else {
        warn();
        window.clearTimeout(timer);
        timer = window.setTimeout(due, Math.max(left, 1000)); // then: signed out
      }
    }, function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(due, 30000); // no connection: look again in a while
    });
  }

  function warn() {
    state = "warning";
    if (ends !== "idle") {
      show(text("lifetime-soon")); // nothing can move a session's lifetime
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button primary";
    button.textContent = text("stay");
    button.addEventListener("click", function () { keepAlive(false); });
    show(text("soon"), button);
  }

  function keepAlive(silent) {
    ask("POST").then(function (body) {
      if (!body) return;
      var warned = state === "warning";
      state = "quiet";
      plan();
      if (silent || !warned) return;
      show(text("kept"));
      window.setTimeout(function () { if (state === "quiet") hide(); }, 4000);
    }, function () {
      if (!silent) show(text("offline"), box.querySelector("button"));
    });
  }

  function signedOut(reason) {
    if (state === "out") return;
    state = "out";
    window.clearTimeout(timer);
    var link = document.createElement("a");
    link.className = "button primary";
    link.href = loginUrl + "?next=" + encodeURIComponent(window.location.pathname);
    link.textContent = text("login");
    var words = { idle: text("idle"), lifetime: text("lifetime") }[reason] || text("ended");
    show(words, link);
  }

  // Every answer to this page's own requests says how long is left.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var left = xhr && xhr.getResponseHeader("X-Session-Expires-In");
    if (left !== null && left !== undefined && state !== "out") {
      heard(parseInt(left, 10), xhr.getResponseHeader("X-Session-Ends"));
      plan();
    }
  });

  // A request that was sent to the sign-in page is not swapped into this one: say that
  // the person is signed out instead, and keep what they typed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || !xhr.responseURL) return;
    if (new URL(xhr.responseURL).pathname === loginUrl) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      signedOut("ended");
    }
  });

  // The live socket was closed because its session ended (live.js): is this page's
  // session really over? (After a password change here it lives on under a new key.)
  document.addEventListener("brobyggare:signed-out", function () {
    ask("GET").then(function (body) { if (body) plan(); }, function () {});
  });

  document.addEventListener("keydown", function () { typedAt = Date.now(); }, true);
  document.addEventListener("input", function () { typedAt = Date.now(); }, true);

  // Timers sleep with a hidden tab: look again when it is back.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state !== "out" && Date.now() >= deadline - warnMs) {
      due();
    }
  });

  heard(parseInt(box.getAttribute("data-left"), 10), box.getAttribute("data-ends"));
  plan();
})();
