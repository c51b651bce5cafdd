/* Brobyggare service worker (served at /serviceworker.js by django-pwa, scope /).
   - The app shell (styles, scripts, icons, the offline page) is cached at install.
   - The client's own pages (plan, meetings, messages) and the ombud's (the caseload, a
     client's plan and conversation they have opened) are fetched from the network first
     and kept, so they can be read offline; nothing else is kept. An ombud's kept page is
     not shown after the staff session's lifetime (12 hours): a lost phone signed out by
     its idle timeout does not keep showing clients' plans.
   - Those pages belong to whoever was signed in: the cache is emptied at sign-out and
     whenever the sign-in page is shown (the logout response also sends Clear-Site-Data).
   - Background Sync sends what the outbox holds; push shows content-free notifications. */
/* global BrobyggareOutbox */
"use strict";

importScripts("/static/js/outbox-store.js");

var SHELL = "shell-v4";
var PAGES = "pages";
// The bundles of portal/bundles.py (every page's styles and scripts, the live pages'
// scripts), the offline page and the icon. tests/portal/test_bundles.py keeps this list
// and the bundles in step.
var SHELL_URLS = [
  "/offline/",
  "/static/bundle/app.css",
  "/static/bundle/app.js",
  "/static/bundle/live.js",
  "/static/icons/icon.svg",
];
var OFFLINE_PAGES = ["/min-plan/", "/traffar/", "/meddelanden/", "/ombud/"];
// The ombud's pages of one client: the plan and the conversation.
var OMBUD_CLIENT_PAGE = /^\/ombud\/klient\/\d+\/(meddelanden\/)?$/;
// Where each side starts: "/" leads to whichever of these the signed-in person has kept.
var STARTS = ["/min-plan/", "/ombud/"];
var STAFF_PAGE_HOURS = 12;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_URLS); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function keep(request, response) {
  // Only a real page of the signed-in person: not a redirect to the sign-in page. Kept
  // with the moment it was kept (X-Kept-At), so an ombud's page can grow too old to show.
  if (response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    copy.blob().then(function (body) {
      var headers = new Headers(copy.headers);
      headers.set("X-Kept-At", String(Date.now()));
      var stamped = new Response(body, { status: copy.status, statusText: copy.statusText, headers: headers });
      return caches.open(PAGES).then(function (cache) { return cache.put(request, stamped); });
    });
  }
  return response;
}

function offlinePage() {
  return caches.match("/offline/", { cacheName: SHELL });
}

function isKept(path) {
  return OFFLINE_PAGES.indexOf(path) !== -1 || OMBUD_CLIENT_PAGE.test(path);
}

function fresh(path, response) {
  // An ombud's page older than a staff session is not shown (nor kept any longer).
  if (!response || path.indexOf("/ombud/") !== 0) return response;
  var keptAt = parseInt(response.headers.get("X-Kept-At") || "", 10);
  if (!keptAt || Date.now() - keptAt > STAFF_PAGE_HOURS * 3600 * 1000) {
    caches.open(PAGES).then(function (cache) { cache.delete(path); });
    return undefined;
  }
  return response;
}

function kept(path) {
  return caches.match(path, { cacheName: PAGES }).then(function (cached) {
    return fresh(path, cached);
  });
}

function start() {
  // The front door "/" leads to the start of whoever is signed in: the client's plan or
  // the ombud's caseload (only one person's pages are ever kept: cleared at sign-out).
  return kept(STARTS[0]).then(function (cached) { return cached || kept(STARTS[1]); });
}

function page(request, path) {
  return fetch(request).then(function (response) {
    return isKept(path) ? keep(request, response) : response;
  }).catch(function () {
    return (path === "/" ? start() : kept(path)).then(function (cached) {
      return cached || offlinePage();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request, url.pathname));
  } else if (url.pathname.indexOf("/static/") === 0) {
    // Stale-while-revalidate: at once from the cache, refreshed for next time.
    event.respondWith(caches.open(SHELL).then(function (cache) {
      return cache.match(request).then(function (cached) {
        var fresh = fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
        if (cached) {
          event.waitUntil(fresh.catch(function () {}));
          return cached;
        }
        return fresh;
      });
    }));
  } else if (url.pathname.indexOf("/bilaga/") === 0) {
    // Photos in recent messages: readable offline once seen.
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { cacheName: PAGES }).then(function (cached) {
        return cached || Response.error();
      });
    }));
  }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear") {
    event.waitUntil(Promise.all([caches.delete(PAGES), BrobyggareOutbox.clear()]));
  }
});

function tellPages(message) {
  return self.clients.matchAll({ type: "window" }).then(function (windows) {
    windows.forEach(function (client) { client.postMessage(message); });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === "outbox") {
    event.waitUntil(BrobyggareOutbox.flush().then(function (answer) {
      return tellPages({ type: "outbox-flushed", answer: answer });
    }));
  }
});

self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (error) { data = {}; }
  event.waitUntil(self.registration.showNotification(data.title || "Brobyggare", {
    body: data.body || "",
    tag: data.tag || "brobyggare",
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/icon-192.png",
    data: { url: data.url || "/" },
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = (event.notification.data && event.notification.data.url) || "/";
  event.waitUntil(self.clients.matchAll({ type: "window" }).then(function (windows) {
    for (var i = 0; i < windows.length; i++) {
      if (new URL(windows[i].url).pathname === url && "focus" in windows[i]) {
        return windows[i].focus();
      }
    }
    return self.clients.openWindow(url);
  }));
});
