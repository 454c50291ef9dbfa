/* Draw the book's plotly charts.
 * Each chart is a fixed-height <div class="survey-chart"> naming its figure's JSON file
 * (data-src, relative to the site's root; in a notebook's own HTML the JSON sits inside it).
 * plotly.js (self-hosted in _static/) and the figure are fetched only once a chart nears the
 * viewport, so text paints first and pages without charts never load it. A chart marked data-facade
 * (a page's first content, such as the map) shows its static SVG preview until the reader points
 * at it, touches it or tabs to it. Charts follow the light/dark theme, and a click on a paper's
 * point opens its row in the paper explorer. */
(function () {
  "use strict";
  var script = document.currentScript;  // only defined while this file first runs
  var plotlyUrl = new URL("plotly.min.js", script ? script.src : window.location.href).href;
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var loading = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function palette() {
    var dark = document.documentElement.getAttribute("data-theme") === "dark";
    return dark
      ? { ink: "#d0d4d9", grid: "rgba(200,200,200,0.18)", hoverbg: "#1f2328" }
      : { ink: "#44474b", grid: "rgba(128,128,128,0.25)", hoverbg: "#ffffff" };
  }

  function themed(layout) {
    var p = palette();
    layout.font = Object.assign({}, layout.font, { color: p.ink });
    layout.hoverlabel = Object.assign({}, layout.hoverlabel, { bgcolor: p.hoverbg, font: Object.assign({}, (layout.hoverlabel || {}).font, { color: p.ink }) });
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        layout[key] = Object.assign({}, layout[key], { gridcolor: p.grid, zerolinecolor: p.grid });
      }
    });
    return layout;
  }

  function openPaper(event) {
    var point = event && event.points && event.points[0];
    if (!point || point.data.type === "sunburst" || point.customdata == null) return;
    var value = Array.isArray(point.customdata) ? point.customdata[0] : point.customdata;
    if (typeof value !== "string" || !value) return;
    if (/^https?:\/\//.test(value)) { window.open(value, "_blank", "noopener"); return; }
    window.location.href = root + "explorer.html?key=" + encodeURIComponent(value);
  }

  function loadFigure(div) {
    var inline = div.querySelector("script.survey-chart-data");
    if (inline) return Promise.resolve(JSON.parse(inline.textContent));
    return fetch(new URL(root + div.dataset.src, window.location.href)).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + " for " + div.dataset.src);
      return response.json();
    });
  }

  function draw(div) {
    if (div.dataset.drawn) return;
    div.dataset.drawn = "1";
    Promise.all([loadPlotly(), loadFigure(div)]).then(function (loaded) {
      var Plotly = loaded[0], figure = loaded[1];
      var preview = div.querySelector(".survey-chart-preview");
      if (preview) preview.remove();
      return Plotly.newPlot(div, figure.data, themed(figure.layout || {}), figure.config || {});
    }).then(function () {
      div.on("plotly_click", openPaper);
      div.classList.add("survey-chart--ready");
    }).catch(function (error) {
      div.classList.add("survey-chart--failed");
      div.setAttribute("data-error", String(error));
    });
  }

  function drawOnInteraction(div) {
    var events = ["pointerenter", "touchstart", "focus", "click"];
    function wake() {
      events.forEach(function (name) { div.removeEventListener(name, wake); });
      draw(div);
    }
    events.forEach(function (name) { div.addEventListener(name, wake, { passive: true }); });
  }

  function start() {
    var all = Array.prototype.slice.call(document.querySelectorAll(".survey-chart"));
    if (!all.length) return;
    all.filter(function (div) { return div.dataset.facade; }).forEach(drawOnInteraction);
    var lazy = all.filter(function (div) { return !div.dataset.facade; });
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
        });
      }, { rootMargin: "400px 0px" });
      lazy.forEach(function (div) { observer.observe(div); });
    } else {
      lazy.forEach(draw);
    }

    new MutationObserver(function () {
      if (!window.Plotly) return;
      document.querySelectorAll(".survey-chart--ready").forEach(function (div) {
        window.Plotly.relayout(div, themed(Object.assign({}, div.layout)));
      });
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
