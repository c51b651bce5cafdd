/* Brobyggare service worker (served at /serviceworker.js by django-pwa, scope /).
   - The app shell (styles, scripts, icons, the offline page) is cached at install.
   - The client's own pages (plan, meetings, messages) are fetched from the network
     first and kept, so they can be read offline; nothing else is kept.
   - Those pages belong to whoever was signed in: the cache is emptied at sign-out and
     whenever the sign-in page is shown (the logout response also sends Clear-Site-Data).
   - Background Sync sends what the outbox holds; push shows content-free notifications. */
/* global BrobyggareOutbox */
"use strict";

importScripts("/static/js/outbox-store.js");

var SHELL = "shell-v3";
var PAGES = "pages";
var SHELL_URLS = [
  "/offline/",
  "/static/css/tokens.css",
  "/static/css/base.css",
  "/static/css/components.css",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/vendor/htmx-ext-ws-2.0.4.min.js",
  "/static/js/app.js",
  "/static/js/live.js",
  "/static/js/outbox-store.js",
  "/static/js/outbox.js",
  "/static/js/letters.js",
  "/static/js/notices.js",
  "/static/js/drafts.js",
  "/static/js/speak.js",
  "/static/js/voice.js",
  "/static/icons/icon.svg",
];
var OFFLINE_PAGES = ["/min-plan/", "/traffar/", "/meddelanden/"];

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
  // Only a real page of the signed-in client: not a redirect to the sign-in page.
  if (response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(PAGES).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function offlinePage() {
  return caches.match("/offline/", { cacheName: SHELL });
}

function page(request, path) {
  var kept = OFFLINE_PAGES.indexOf(path) !== -1;
  return fetch(request).then(function (response) {
    return kept ? keep(request, response) : response;
  }).catch(function () {
    // The front door "/" leads to the plan for a signed-in client.
    var fallback = path === "/" ? "/min-plan/" : path;
    return caches.match(fallback, { cacheName: PAGES }).then(function (cached) {
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
