/* Brobyggare: passkeys (WebAuthn). No inline scripts (strict CSP): the pages mark what
   this file drives with data attributes.

   [data-passkey-signin]    a form: sign in with a passkey (options from data-options-url,
                            the signed answer to data-url; the answer says where to go).
   [data-passkey-register]  a block with a [data-passkey-register-button]: add a passkey
                            (data-done-form: the id of a form to submit afterwards).
   [data-passkey-status]    where to say what happened, in words.
   [data-passkey-unsupported] shown only where the browser has no passkeys.

   An answer with "confirm" (a change to the way in, long after signing in) leads to
   "Bekräfta att det är du", which comes back here afterwards.

   Options come from the server as JSON with base64url strings; navigator.credentials
   wants ArrayBuffers, and the answer goes back as base64url again. */
(function () {
  "use strict";

  var TEXT = {
    sv: {
      waiting: "Följ telefonens anvisningar …",
      cancelled: "Det blev inget. Prova igen, eller använd ett annat sätt.",
      failed: "Det gick inte. Prova igen om en stund.",
      saved: "Nyckeln är sparad.",
    },
    en: {
      waiting: "Follow your phone's instructions …",
      cancelled: "Nothing happened. Try again, or use another way.",
      failed: "That did not work. Please try again in a moment.",
      saved: "The passkey is saved.",
    },
  };

  function text(key) {
    var lang = (document.documentElement.lang || "sv").slice(0, 2);
    return (TEXT[lang] || TEXT.sv)[key];
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function csrfToken(element) {
    var input =
      element.querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function say(element, message) {
    var status = element.querySelector("[data-passkey-status]");
    if (status) status.textContent = message || "";
  }

  function post(url, element, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(element) },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(
        function (data) {
          if (!response.ok && data.confirm) {
            window.location.assign(data.confirm);
            return new Promise(function () {}); // leaving the page: nothing more to say
          }
          if (!response.ok) throw new Error(data.error || text("failed"));
          return data;
        },
        function () {
          throw new Error(text("failed"));
        }
      );
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: fromBase64url(item.id), transports: item.transports };
    });
  }

  function problem(element, error) {
    // The person closed the phone's dialog, or it timed out: no alarm, just another try.
    if (error && (error.name === "NotAllowedError" || error.name === "AbortError")) {
      say(element, text("cancelled"));
    } else {
      say(element, (error && error.message) || text("failed"));
    }
  }

  function signIn(form) {
    say(form, text("waiting"));
    post(form.dataset.optionsUrl, form)
      .then(function (options) {
        return navigator.credentials.get({
          publicKey: {
            challenge: fromBase64url(options.challenge),
            timeout: options.timeout,
            rpId: options.rpId,
            allowCredentials: descriptors(options.allowCredentials),
            userVerification: options.userVerification,
          },
        });
      })
      .then(function (credential) {
        var response = credential.response;
        return post(form.dataset.url, form, {
          credential: {
            id: credential.id,
            rawId: toBase64url(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment || null,
            clientExtensionResults: credential.getClientExtensionResults(),
            response: {
              clientDataJSON: toBase64url(response.clientDataJSON),
              authenticatorData: toBase64url(response.authenticatorData),
              signature: toBase64url(response.signature),
              userHandle: response.userHandle ? toBase64url(response.userHandle) : null,
            },
          },
        });
      })
      .then(function (answer) {
        window.location.assign(answer.redirect);
      })
      .catch(function (error) {
        problem(form, error);
      });
  }

  function register(block) {
    var nameInput = block.querySelector("input[name=name]");
    say(block, text("waiting"));
    post(block.dataset.optionsUrl, block)
      .then(function (options) {
        return navigator.credentials.create({
          publicKey: {
            rp: options.rp,
            user: {
              id: fromBase64url(options.user.id),
              name: options.user.name,
              displayName: options.user.displayName,
            },
            challenge: fromBase64url(options.challenge),
            pubKeyCredParams: options.pubKeyCredParams,
            timeout: options.timeout,
            excludeCredentials: descriptors(options.excludeCredentials),
            authenticatorSelection: options.authenticatorSelection,
            attestation: options.attestation,
          },
        });
      })
      .then(function (credential) {
        var response = credential.response;
        var transports = response.getTransports ? response.getTransports() : [];
        return post(block.dataset.url, block, {
          name: nameInput ? nameInput.value : "",
          credential: {
            id: credential.id,
            rawId: toBase64url(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment || null,
            clientExtensionResults: credential.getClientExtensionResults(),
            response: {
              clientDataJSON: toBase64url(response.clientDataJSON),
              attestationObject: toBase64url(response.attestationObject),
              transports: transports,
            },
          },
        });
      })
      .then(function () {
        say(block, text("saved"));
        var done = block.dataset.doneForm && document.getElementById(block.dataset.doneForm);
        if (done) done.submit();
        else window.location.reload();
      })
      .catch(function (error) {
        problem(block, error);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var supported = !!(window.PublicKeyCredential && navigator.credentials);
    document.querySelectorAll("[data-passkey-unsupported]").forEach(function (element) {
      element.hidden = supported;
    });
    if (!supported) return;
    document.querySelectorAll("[data-passkey-signin]").forEach(function (form) {
      form.hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        signIn(form);
      });
    });
    document.querySelectorAll("[data-passkey-register]").forEach(function (block) {
      block.hidden = false;
      var button = block.querySelector("[data-passkey-register-button]");
      if (button) {
        button.addEventListener("click", function () {
          register(block);
        });
      }
    });
  });
})();
