/* danchu — the little JavaScript every page shares (no inline script: the Content-Security-Policy forbids it).
   Everything works without it; it only saves a click. */
(function () {
  "use strict";
  // Elements marked data-autosubmit submit their form when changed (the unit switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
})();
(function () {
  "use strict";
  // Links marked data-back go back in the history when there is one (their href is the fallback).
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
