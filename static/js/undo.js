/* Brobyggare: "Ångra" in a confirmation, for a moment (portal/undo.py).
   A form.undo-form[data-undo-seconds] in the status line is taken away when its moment
   is over, leaving the words of what happened. No countdown is shown: the button is
   simply there, and then it is not. Without JavaScript the button stays, and the server
   says calmly that it is too late. */
(function () {
  "use strict";

  function arm(root) {
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("form.undo-form[data-undo-seconds]:not([data-undo-armed])").forEach(function (form) {
      form.setAttribute("data-undo-armed", "1");
      var seconds = parseInt(form.getAttribute("data-undo-seconds"), 10) || 10;
      window.setTimeout(function () {
        // Not while the button is being pressed or has focus: take it away afterwards.
        if (document.activeElement && form.contains(document.activeElement)) {
          form.addEventListener("focusout", function () { form.remove(); }, { once: true });
          return;
        }
        form.remove();
      }, seconds * 1000);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { arm(document); });
  document.addEventListener("htmx:afterSettle", function () { arm(document); });
  document.addEventListener("htmx:oobAfterSwap", function () { arm(document); });
})();
