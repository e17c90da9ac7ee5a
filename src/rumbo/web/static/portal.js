// Article suggestions while a customer writes a ticket. Without this script the form still
// works: the server offers the same articles after the first submit.
(function () {
  "use strict";
  var form = document.getElementById("new-ticket");
  var target = document.getElementById("live-suggestions");
  if (!form || !target || !window.fetch) { return; }
  var subject = form.querySelector("[name=subject]");
  var body = form.querySelector("[name=body]");
  var confirmed = document.getElementById("confirmed");
  var endpoint = form.getAttribute("data-suggest");
  var timer = null;
  var last = "";

  function refresh() {
    var query = (subject.value + " " + body.value).trim();
    if (query.length < 4 || query === last) { return; }
    last = query;
    fetch(endpoint + "?q=" + encodeURIComponent(query.slice(0, 400)), {
      credentials: "same-origin",
      headers: { "Accept": "text/html" }
    })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        // The fragment comes from this site's own template, escaped on the server.
        var doc = new DOMParser().parseFromString(html, "text/html");
        var found = doc.querySelector(".suggestions");
        target.replaceChildren();
        if (found) {
          target.appendChild(document.importNode(found, true));
          // The customer has seen the articles already: no need to show them again on submit.
          if (confirmed) { confirmed.value = "1"; }
        }
      })
      .catch(function () { /* suggestions are optional */ });
  }

  function later() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(refresh, 450);
  }
  subject.addEventListener("input", later);
  body.addEventListener("input", later);
}());
