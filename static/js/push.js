/* Brobyggare: turning notifications (Web Push) on and off, on pages with #push-settings.
   Every text comes from the element's data-text-* attributes (rendered by the template,
   translated there); this file holds no words. No inline scripts anywhere (strict CSP).
   The notices themselves are shown by the service worker and never carry content. */
(function () {
  "use strict";

  var box = document.getElementById("push-settings");
  if (!box) return;
  var state = box.querySelector("[data-push-state]");
  var button = box.querySelector("[data-push-toggle]");
  var keyUrl = box.getAttribute("data-key-url");
  var subscriptionsUrl = box.getAttribute("data-subscriptions-url");
  var READY_TIMEOUT_MS = 10000;
  var subscribed = false;

  function text(name) {
    return box.getAttribute("data-text-" + name) || "";
  }

  function say(words) {
    state.textContent = words;
  }

  function csrfToken() {
    try {
      var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
      return headers["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  // iPhone and iPad: Web Push only for an app added to the home screen (iOS 16.4+).
  function iosInBrowser() {
    var ios = /iPad|iPhone|iPod/.test(navigator.userAgent) ||
      (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
    var installed = navigator.standalone === true ||
      (window.matchMedia && window.matchMedia("(display-mode: standalone)").matches);
    return ios && !installed;
  }

  function supported() {
    return (
      window.isSecureContext &&
      "serviceWorker" in navigator &&
      "PushManager" in window &&
      "Notification" in window
    );
  }

  function bytesFromBase64url(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    base64 += "===".slice((base64.length + 3) % 4);
    var raw = window.atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function sameKey(buffer, bytes) {
    if (!buffer) return true; // the browser does not tell: assume it is ours
    var a = new Uint8Array(buffer);
    if (a.length !== bytes.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== bytes[i]) return false;
    return true;
  }

  // The service worker is registered elsewhere (app.js); wait for it, but not forever.
  function registration() {
    return Promise.race([
      navigator.serviceWorker.ready,
      new Promise(function (resolve, reject) {
        window.setTimeout(function () {
          reject(new Error("no service worker"));
        }, READY_TIMEOUT_MS);
      }),
    ]);
  }

  function api(method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.status === 204 ? null : response.json();
    });
  }

  function serverKey() {
    return api("GET", keyUrl).then(function (body) {
      return bytesFromBase64url(body.public_key);
    });
  }

  function askPermission() {
    // Older Safari only knows the callback form.
    return new Promise(function (resolve) {
      var answer = Notification.requestPermission(resolve);
      if (answer && answer.then) answer.then(resolve);
    });
  }

  function show(isOn) {
    if (!button) return;
    subscribed = isOn;
    say(text(isOn ? "on" : "off"));
    button.textContent = text(isOn ? "turn-off" : "turn-on");
    button.hidden = false;
    button.disabled = false;
  }

  // No push on this phone: no button at all (never an empty or useless control), and
  // the reason in words.
  function refuse(words) {
    say(words);
    if (button && button.parentNode) button.parentNode.removeChild(button);
    button = null;
  }

  function failed() {
    say(text("failed"));
    if (button) button.disabled = false;
  }

  function save(subscription) {
    return api("POST", subscriptionsUrl, subscription.toJSON());
  }

  function subscribe(reg, key) {
    return reg.pushManager
      .subscribe({ userVisibleOnly: true, applicationServerKey: key })
      .then(function (subscription) {
        return save(subscription).catch(function (error) {
          // The server did not take it: do not leave a subscription it knows nothing of.
          return subscription.unsubscribe().then(function () {
            throw error;
          });
        });
      });
  }

  function turnOn() {
    return askPermission().then(function (permission) {
      if (permission === "denied") {
        refuse(text("denied"));
        return;
      }
      if (permission !== "granted") {
        show(false); // the question was dismissed: it can be asked again
        return;
      }
      return Promise.all([registration(), serverKey()])
        .then(function (both) {
          return subscribe(both[0], both[1]);
        })
        .then(function () {
          show(true);
        });
    });
  }

  function turnOff() {
    return registration()
      .then(function (reg) {
        return reg.pushManager.getSubscription();
      })
      .then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return api("DELETE", subscriptionsUrl, { endpoint: endpoint });
        });
      })
      .then(function () {
        show(false);
      });
  }

  // On load: show what is true for this phone, and make sure the server agrees (the
  // subscription may have been removed, moved to someone else, or made with an old key).
  function start() {
    if (!supported()) {
      refuse(text(iosInBrowser() ? "install" : "unsupported"));
      return;
    }
    if (Notification.permission === "denied") {
      refuse(text("denied"));
      return;
    }
    registration().then(
      function (reg) {
        return reg.pushManager.getSubscription().then(function (subscription) {
          if (!subscription || Notification.permission !== "granted") {
            show(false);
            return;
          }
          return serverKey().then(function (key) {
            var options = subscription.options || {};
            if (sameKey(options.applicationServerKey, key)) {
              return save(subscription).then(function () {
                show(true);
              });
            }
            return subscription.unsubscribe().then(function () {
              return subscribe(reg, key).then(function () {
                show(true);
              });
            });
          });
        }).catch(function () {
          show(subscribed);
          failed();
        });
      },
      function () {
        refuse(text("unsupported"));
      }
    );
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    say(text("working"));
    (subscribed ? turnOff() : turnOn()).catch(failed);
  });

  start();
})();
