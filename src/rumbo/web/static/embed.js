// Rumbo's chat widget for another site. Include it with
//   <script src="https://rumbo.example/widget.js" data-lang="es" async></script>
// It adds a floating button that opens Rumbo's /widget page in a frame; the host page needs
// no other code. Styles are set from here so the host's stylesheet need not know about it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || document.getElementById("rumbo-widget-button")) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "es";
  // The button's own words: the frame's page is translated by Rumbo, these two by this table.
  var words = {
    es: { open: "¿Necesitas ayuda?", close: "Cerrar la ayuda", title: "Asistente de ayuda" },
    en: { open: "Need help?", close: "Close help", title: "Help assistant" },
  }[lang];

  var frame = document.createElement("iframe");
  frame.id = "rumbo-widget-frame";
  frame.title = words.title;
  frame.hidden = true;
  Object.assign(frame.style, {
    position: "fixed", right: "1rem", bottom: "4.5rem", width: "360px", height: "520px",
    maxWidth: "calc(100vw - 2rem)", maxHeight: "calc(100vh - 6rem)", border: "1px solid #b7c0cc",
    borderRadius: "8px", boxShadow: "0 4px 18px rgba(20, 38, 59, 0.25)", background: "#fff",
    zIndex: "2147483000",
  });

  var button = document.createElement("button");
  button.id = "rumbo-widget-button";
  button.type = "button";
  button.textContent = words.open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", frame.id);
  Object.assign(button.style, {
    position: "fixed", right: "1rem", bottom: "1rem", padding: "0.7rem 1rem", border: "0",
    borderRadius: "999px", background: "#0b5cad", color: "#fff", font: "600 15px system-ui, sans-serif",
    cursor: "pointer", boxShadow: "0 2px 8px rgba(20, 38, 59, 0.3)", zIndex: "2147483000",
  });
  button.addEventListener("click", function () {
    var opening = frame.hidden;
    if (opening && !frame.src) frame.src = origin + "/widget?lang=" + lang;
    frame.hidden = !opening;
    button.setAttribute("aria-expanded", String(opening));
    button.textContent = opening ? words.close : words.open;
  });

  function mount() {
    document.body.appendChild(frame);
    document.body.appendChild(button);
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
