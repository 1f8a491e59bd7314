// Progressive enhancements; every screen works without them.
(function () {
  "use strict";

  // A table that scrolls sideways must be reachable by keyboard (WCAG 2.1.1): make its
  // wrapper a focusable, named region, but only while it actually scrolls.
  function labelScrollers(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        var table = wrap.querySelector("table");
        var caption = table && table.caption ? table.caption.textContent.trim() : "";
        var heading = wrap.closest("section, main");
        heading = heading ? heading.querySelector("h1, h2") : null;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption || (heading ? heading.textContent.trim() : "Table"));
        wrap.dataset.scrollRegion = "1";
      } else if (!scrolls && wrap.dataset.scrollRegion) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
        delete wrap.dataset.scrollRegion;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { labelScrollers(document); });
  window.addEventListener("resize", function () { labelScrollers(document); });
  document.addEventListener("htmx:afterSettle", function () { labelScrollers(document); });

  // After an in-place edit in the contributions matrix, keep the cell being edited in view
  // (the matrix scrolls sideways under a sticky first column).
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!(event.target instanceof Element) || !event.target.closest(".matrix-wrap")) { return; }
    var cell = document.activeElement && document.activeElement.closest(".matrix__cell");
    if (cell) { cell.scrollIntoView({block: "nearest", inline: "nearest"}); }
  });
})();
