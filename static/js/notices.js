/* One calm notice at a time. Offline and "waiting to be sent" fold into one short line
   (#connection, a <details>) that opens to the details: why, when the page was fetched,
   and what waits. The line lives in the page's one live region (#notices), where the
   stylesheet shows only the most important notice (the session's word, a contact that
   is gone, a problem just now, this line, the latest confirmation).
   live.js says when the connection goes and comes ("brobyggare:connection"), outbox.js
   what waits ("brobyggare:outbox"). Texts come from #connection's data-* attributes. */
(function () {
  "use strict";

  var offline = false;
  var items = [];
  var shown = "";

  function box() {
    return document.getElementById("connection");
  }

  function text(name) {
    var el = box();
    return (el && el.getAttribute("data-" + name)) || "";
  }

  // A confirmation or problem in #status; a new state of the line replaces an old word.
  function say(words, problem) {
    var status = document.getElementById("status");
    if (!status || !words) return;
    status.textContent = "";
    var span = document.createElement("span");
    span.className = "status-text" + (problem ? " status-problem" : "");
    span.textContent = words;
    status.appendChild(span);
  }

  function render() {
    var el = box();
    if (!el) return;
    var n = items.length;
    var waiting = text("waiting") + " (" + n + ")";
    var line = offline ? (n ? text("offline") + " " + waiting : text("offline")) : (n ? waiting : "");
    el.querySelector(".connection-line").textContent = line;
    var why = el.querySelector(".connection-why");
    why.textContent = offline ? text("offline-why") : "";
    why.hidden = !offline;
    var fetched = el.querySelector(".connection-fetched");
    fetched.textContent = offline ? text("fetched") : "";
    fetched.hidden = !offline;
    var title = el.querySelector(".outbox-title");
    title.hidden = n === 0;
    title.querySelector(".outbox-count").textContent = String(n);
    var list = el.querySelector(".outbox-list");
    list.textContent = "";
    list.hidden = n === 0;
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.kind === "message" ? item.text : item.label || text("tick");
      list.appendChild(li);
    });
    el.hidden = line === "";
    if (line && line !== shown) {
      // The line says it now: an older word in #status would only stack on top of it.
      var status = document.getElementById("status");
      if (status) status.textContent = "";
    }
    shown = line;
  }

  document.addEventListener("brobyggare:connection", function (event) {
    var wasOffline = offline;
    offline = !event.detail.online;
    if (wasOffline && !offline) say(text("back"), false);
    render();
  });

  document.addEventListener("brobyggare:outbox", function (event) {
    items = event.detail.items || [];
    render();
  });

  window.BrobyggareNotices = { say: say };
})();
