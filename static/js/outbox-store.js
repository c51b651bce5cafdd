/* The outbox: what the phone could not send yet, kept in IndexedDB until it is sent.
   Used by the pages (outbox.js) and by the service worker (background sync).
   Each item has an id made on the phone; the server applies each id once, so sending
   the same items again, or from two places at once, is safe. */
/* exported BrobyggareOutbox */
var BrobyggareOutbox = (function () {
  "use strict";

  var DB = "brobyggare-outbox";
  var STORE = "items";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function add(item) {
    return withStore("readwrite", function (store) { return store.put(item); });
  }

  function all() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.created - b.created; });
    });
  }

  function remove(ids) {
    return withStore("readwrite", function (store) {
      ids.forEach(function (id) { store.delete(id); });
      return null;
    });
  }

  function clear() {
    return withStore("readwrite", function (store) { return store.clear(); });
  }

  var sending = null;

  // Send everything waiting, in order. Applied and refused items leave the outbox;
  // on a network or server error everything stays for the next try.
  function flush(csrfToken) {
    if (sending) return sending;
    sending = all().then(function (items) {
      if (!items.length) return { applied: [], refused: [] };
      var token = csrfToken || items[items.length - 1].csrf;
      return fetch("/api/outbox", {
        method: "POST",
        credentials: "same-origin",
        // Sent on the page's own (or the worker's): not the person's activity.
        headers: { "Content-Type": "application/json", "X-CSRFToken": token, "X-Background": "1" },
        body: JSON.stringify({ items: items.map(function (item) {
          return { id: item.id, kind: item.kind, contact: item.contact, text: item.text || "",
            task: item.task || null, done: item.done !== false };
        }) }),
      }).then(function (response) {
        if (!response.ok) throw new Error("outbox: status " + response.status);
        return response.json();
      }).then(function (answer) {
        var finished = answer.applied.concat(answer.refused.map(function (r) { return r.id; }));
        return remove(finished).then(function () { return answer; });
      });
    });
    var done = function () { sending = null; };
    sending.then(done, done);
    return sending;
  }

  return { add: add, all: all, remove: remove, clear: clear, flush: flush };
})();
