// Copy the calendar address with one click; without script the address is still selectable.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var field = document.querySelector(button.dataset.copy);
        var status = document.querySelector(".copy-status");
        navigator.clipboard.writeText(field.value).then(function () {
          if (status) { status.textContent = button.dataset.copied; }
        }, function () {
          field.select();
        });
      });
    });
  });
})();
