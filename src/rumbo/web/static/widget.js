// The chat widget without reloading: a form is posted with fetch and the answer's conversation
// replaces the current one. Without this file the same forms post and the page is drawn again.
(function () {
  "use strict";

  function scrollToEnd() {
    var chat = document.querySelector(".widget-chat");
    if (chat) chat.scrollTop = chat.scrollHeight;
  }

  function send(form) {
    var main = document.getElementById("widget");
    document.body.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { Accept: "text/html" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("widget");
        if (!fresh) throw new Error("no widget in the answer");
        main.replaceWith(fresh);
        wire();
        scrollToEnd();
        var focus = fresh.querySelector("[aria-invalid=true]") ||
          fresh.querySelector("#contact-name") || fresh.querySelector("#pregunta");
        if (focus) focus.focus();
      })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "alert alert--error";
        note.setAttribute("role", "alert");
        note.textContent = main.getAttribute("data-offline");
        form.prepend(note);
      })
      .finally(function () { document.body.removeAttribute("aria-busy"); });
  }

  function wire() {
    document.querySelectorAll("form[data-widget-form]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        send(form);
      });
    });
    var box = document.getElementById("pregunta");
    if (box) {
      // Enter sends, Shift+Enter starts a new line: what people expect of a chat box.
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey && box.value.trim()) {
          event.preventDefault();
          box.form.requestSubmit();
        }
      });
    }
  }

  wire();
  scrollToEnd();
})();
