// "Insertar" adds the chosen macro to the reply box in place, with its fields already filled in
// by the server (each option carries its text). Without this file the button posts the form and
// the page comes back with the same text added.
(function () {
  "use strict";
  var button = document.querySelector("[data-macro-insert]");
  var select = document.getElementById("macro");
  var body = document.getElementById("body");
  if (!button || !select || !body) {
    return;
  }
  button.addEventListener("click", function (event) {
    var option = select.options[select.selectedIndex];
    // A macro that lost its incident sentence goes through the server, which says so.
    if (!option || option.dataset.droppedIncident) {
      return;
    }
    event.preventDefault();
    var text = option.dataset.text || "";
    var before = body.value.replace(/\s+$/, "");
    body.value = before ? before + "\n\n" + text : text;
    body.focus();
    body.setSelectionRange(body.value.length, body.value.length);
  });
})();
