// Kiosk enhancements (everything works without them): read aloud with the browser's own speech synthesis,
// and a countdown that matches the server-side idle expiry (KioskMiddleware). No outside service.
(function () {
  "use strict";
  var body = document.body;

  // Read aloud: the question, then each answer, in the language of the page.
  var speak = document.querySelector("[data-speak]");
  if (speak && "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function") {
    speak.hidden = false;
    speak.addEventListener("click", function () {
      var parts = Array.prototype.map.call(document.querySelectorAll("[data-speak-text]"), function (node) {
        return node.textContent.trim();
      });
      var utterance = new window.SpeechSynthesisUtterance(parts.join(". "));
      utterance.lang = document.documentElement.lang || "fr";
      utterance.rate = 0.9;
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    });
  }

  // Countdown: the server closes the kiosk `idle` seconds after the last page; show the last minute,
  // offer « Je suis encore là » (reloads the page, which resets the server clock), go home when it is over.
  var idle = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var timer = document.querySelector("[data-kiosk-timer]");
  var stillHere = document.querySelector("[data-kiosk-still-here]");
  if (idle > 0 && timer) {
    var deadline = Date.now() + (idle + 2) * 1000;  // 2 s after the server-side expiry
    var original = timer.textContent;
    var tick = function () {
      var left = Math.round((deadline - Date.now()) / 1000);
      if (left <= 0) {
        window.location.assign(body.getAttribute("data-kiosk-home"));
        return;
      }
      if (left <= 60) {
        timer.textContent = original + " " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
        if (stillHere) { stillHere.hidden = false; }
      }
      window.setTimeout(tick, 1000);
    };
    window.setTimeout(tick, 1000);
  }
})();
