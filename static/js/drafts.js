/* Nothing a person typed is thrown away: a draft of every text area (a message, a note,
   a wish, a system failure …) and of the text fields of forms marked data-draft (the
   plan's quick-add forms) is kept on the phone while it is typed, and put back with a
   calm word ("Vi sparade det du skrev.") after a reload, a lost connection or a crash.

   - Kept in localStorage under the signed-in person (body[data-user]), the form's
     address (which names the contact, the assignment …) and the field's name. Only on
     signed-in pages; another person's drafts are removed as soon as someone else's page
     opens on this phone, and every draft goes when signing out (app.js; the logout
     answer's Clear-Site-Data empties the storage as well).
   - Let go of when the form is sent (a successful answer), when the outbox has taken it
     (outbox.js fires "brobyggare:sent"), after two weeks, and when the person leaves a
     page whose contact is gone (live.js marks html[data-gone]).
   - Never for password fields or anything outside a form that posts. */
(function () {
  "use strict";

  var PREFIX = "brobyggare-draft:";
  var MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  var user = document.body && document.body.getAttribute("data-user");
  var store = null;
  try {
    store = window.localStorage;
  } catch (error) {
    store = null; // storage switched off: nothing to keep, nothing breaks
  }
  if (!store) return;

  function lang() {
    return (document.documentElement.lang || "sv").slice(0, 2);
  }

  var SAVED = { sv: "Vi sparade det du skrev.", en: "We kept what you wrote." };

  function allKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) keys.push(key);
    }
    return keys;
  }

  // Signed out on this page: every draft on the phone goes (app.js calls it too).
  function forgetAll() {
    allKeys().forEach(function (key) { store.removeItem(key); });
  }

  window.BrobyggareDrafts = { forgetAll: forgetAll };
  if (!user) return;

  // Another person's drafts, and old ones, never stay on a phone someone else uses now.
  allKeys().forEach(function (key) {
    var mine = key.indexOf(PREFIX + user + ":") === 0;
    var old = true;
    try {
      old = Date.now() - JSON.parse(store.getItem(key)).t > MAX_AGE_MS;
    } catch (error) { /* unreadable: let it go */ }
    if (!mine || old) store.removeItem(key);
  });

  function kept(field) {
    if (!field.name || field.disabled || field.readOnly) return false;
    var form = field.form;
    if (!form || (form.getAttribute("method") || "").toLowerCase() !== "post") return false;
    if (form.hasAttribute("data-no-draft") || field.hasAttribute("data-no-draft")) return false;
    if (field.tagName === "TEXTAREA") return true;
    return field.type === "text" && form.hasAttribute("data-draft");
  }

  function keyOf(field) {
    var action = field.form.getAttribute("action") || window.location.pathname;
    try {
      action = new URL(action, window.location.href).pathname;
    } catch (error) { /* keep it as written */ }
    return PREFIX + user + ":" + action + ":" + field.name;
  }

  function fields(root) {
    var found = [];
    (root || document).querySelectorAll("textarea, input[type=text]").forEach(function (field) {
      if (kept(field)) found.push(field);
    });
    return found;
  }

  function save(field) {
    var key = keyOf(field);
    if (field.value.trim() === "" || field.value === field.defaultValue) {
      store.removeItem(key);
      return;
    }
    try {
      store.setItem(key, JSON.stringify({ v: field.value, t: Date.now() }));
    } catch (error) { /* full: the text is still on the screen */ }
  }

  function note(field) {
    if (field.parentNode.querySelector(".draft-note")) return;
    var p = document.createElement("p");
    p.className = "note draft-note";
    p.textContent = SAVED[lang()] || SAVED.sv;
    field.insertAdjacentElement("afterend", p);
  }

  function restore(root) {
    fields(root).forEach(function (field) {
      var raw = store.getItem(keyOf(field));
      if (!raw) return;
      var draft;
      try {
        draft = JSON.parse(raw);
      } catch (error) {
        return;
      }
      if (!draft || typeof draft.v !== "string" || draft.v === field.value) return;
      // Only into a field as the page drew it: never over what is being typed now.
      if (field.value !== field.defaultValue) return;
      field.value = draft.v;
      note(field);
      // A quick-add form opens to show it (live.js then counts it as being edited).
      var details = field.closest("details");
      if (details && !details.open) details.open = true;
    });
  }

  function forget(form) {
    if (!form || !form.elements) return;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (kept(field)) store.removeItem(keyOf(field));
    });
  }

  document.addEventListener("input", function (event) {
    var field = event.target;
    if (field instanceof HTMLElement && (field.tagName === "TEXTAREA" || field.tagName === "INPUT") && kept(field)) {
      save(field);
    }
  });

  // Sent: a successful answer to the form's own request (before the fresh form is
  // swapped in, so the old words are not put back into it).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!xhr || xhr.status < 200 || xhr.status >= 300 || !elt) return;
    var form = elt.tagName === "FORM" ? elt : elt.form || (elt.closest && elt.closest("form"));
    if (form && (form.getAttribute("method") || "").toLowerCase() === "post") forget(form);
  });
  // Kept in the outbox: it will be sent from there.
  document.addEventListener("brobyggare:sent", function (event) { forget(event.target); });
  // New forms swapped in (a quick-add form, a 422 answer) get their drafts back.
  document.addEventListener("htmx:afterSwap", function () { restore(document); });
  document.addEventListener("htmx:oobAfterSwap", function () { restore(document); });

  // A plain post (no htmx) leaves the page: the next page decides. Drawn without an
  // error, it was sent; drawn with one (422), the form shows the text again.
  var PENDING = "brobyggare-draft-pending";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var keys = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (kept(field)) keys.push(keyOf(field));
    });
    try {
      if (keys.length) window.sessionStorage.setItem(PENDING, JSON.stringify(keys));
    } catch (error) { /* then the draft stays, which loses nothing */ }
  });

  function settlePending() {
    var keys = null;
    try {
      keys = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
      window.sessionStorage.removeItem(PENDING);
    } catch (error) {
      return;
    }
    if (!keys || document.querySelector("[aria-invalid=true], .errorlist")) return;
    keys.forEach(function (key) { store.removeItem(key); });
  }

  // A page whose contact is gone: what was typed stays on screen until the person
  // leaves; then it goes, not kept for a contact that is over.
  window.addEventListener("pagehide", function () {
    if (!document.documentElement.hasAttribute("data-gone")) return;
    document.querySelectorAll("#main form").forEach(forget);
  });

  function start() {
    settlePending();
    restore(document);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
