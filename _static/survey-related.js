/* Related papers on the explorer's one-paper view (explorer.html?key=...).
 * Loaded only on pages holding a .survey-related element (_ext/survey_book.py). With a ?key= in
 * the address it fetches the small generated file of that key's first letter, lists the five
 * most similar papers with their similarity, each a link to its own view, and puts the list right
 * after the explorer's selected-paper panel. Kept apart from survey-explorer.js so the two change
 * independently. Every field is data: it is escaped before it reaches the page. */
(function () {
  "use strict";

  function escapeHtml(value) {
    return String(value == null ? "" : value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function place(box) {
    var panel = document.querySelector(".survey-explorer__selected");
    if (panel && panel.parentNode && panel.nextSibling !== box) {
      panel.parentNode.insertBefore(box, panel.nextSibling);
    }
  }

  function show(box, key, related) {
    var items = related.map(function (paper) {
      var href = window.location.pathname + "?key=" + encodeURIComponent(paper.key);
      return '<li><a class="survey-related__link" href="' + escapeHtml(href) + '">' +
        escapeHtml(paper.title) + "</a> (" + escapeHtml(paper.year) + ')' +
        ' <span class="survey-related__similarity" title="cosine similarity of title and taxonomy labels">' +
        "similarity " + Number(paper.similarity).toFixed(2) + "</span></li>";
    });
    box.innerHTML = '<p class="survey-related__heading"><strong>Related papers</strong> ' +
      "(most similar titles and taxonomy labels in the dataset)</p><ol>" + items.join("") + "</ol>";
    box.dataset.key = key;
    box.hidden = false;
    place(box);
    var root = document.querySelector(".survey-explorer");
    if (root && root.dataset.ready !== "1" && root.dataset.failed !== "1") {
      new MutationObserver(function (changes, observer) {  // the panel is filled when data arrives
        place(box);
        if (root.dataset.ready === "1" || root.dataset.failed === "1") observer.disconnect();
      }).observe(root, { attributes: true, attributeFilter: ["data-ready", "data-failed"] });
    }
  }

  function start(box) {
    var key = new URLSearchParams(window.location.search).get("key") || "";
    if (!/^[a-z][a-z0-9_]*$/.test(key)) return;
    var url = new URL(box.dataset.source + key[0] + ".json", document.baseURI).href;
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (shard) {
      if (Object.prototype.hasOwnProperty.call(shard, key)) show(box, key, shard[key]);
      box.dataset.ready = "1";
    }).catch(function (error) {
      box.dataset.failed = String(error.message || error);
    });
  }

  function init() {
    var box = document.querySelector(".survey-related");
    if (box) start(box);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
