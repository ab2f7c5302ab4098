/* The meeting result form (decisions/meeting_result.html): a button that marks every household "agree", and only
   the part of the form for the chosen voting method shown (both stay usable without JavaScript). Served as a file:
   the Content-Security-Policy forbids inline script. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.getElementById("all-agree").addEventListener("click", function () {
    document.querySelectorAll('.positions input[type=radio][value="agree"]').forEach(function (r) { r.checked = true; });
  });
  (function () {  // show only the part of the form for the chosen voting method (both stay without JavaScript)
    var hands = document.querySelector('[aria-labelledby="h-hands"]');
    var secret = document.querySelector('[aria-labelledby="h-secret"]');
    function sync() {
      var chosen = document.querySelector('input[name="vote_method"]:checked');
      var method = chosen ? chosen.value : "hands";
      hands.hidden = method !== "hands";
      secret.hidden = method !== "secret";
    }
    document.querySelectorAll('input[name="vote_method"]').forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  })();
});
