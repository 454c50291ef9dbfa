/* The PDF edition in the browser: the built site's pages joined into one printable document.
 *
 * alignment_survey.book.pdf opens a page of the built site with the site's own scripts blocked, adds
 * book.css and this file, then calls, in order:
 *   surveyPrint.assemble(spec)  title page, contents, every printed page's article (ids prefixed by
 *                               the page, links between printed pages made internal), every chart drawn
 *   surveyPrint.number(pages)   the contents' page numbers, {target id: page}, after a first print
 * assemble() returns the contents' entries, which are also the PDF's outline.
 * Text is only ever set through textContent: nothing of the pages or the spec is parsed as markup
 * except the site's own articles. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function slug(path) { return path.replace(/[^A-Za-z0-9]+/g, "-"); }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var anchor = element("a", null, text);
    anchor.href = href;
    return anchor;
  }

  async function article(url) {
    var response = await fetch(url);
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    var page = new DOMParser().parseFromString(await response.text(), "text/html");
    var found = page.querySelector("article.bd-article");
    if (!found) throw new Error(url + ": no article.bd-article in the page");
    return document.importNode(found, true);
  }

  /* Where a link of a printed page goes in the PDF: inside the document when it points to a
   * printed page, to the published site when it points elsewhere in the site, unchanged outside. */
  function target(href, pageUrl, spec, printed) {
    var url;
    try { url = new URL(href, pageUrl); } catch (error) { return href; }
    if (url.origin !== new URL(spec.base).origin) return href;
    var path = decodeURIComponent(url.pathname.replace(/^\//, ""));
    var page = printed[path.replace(/\.html$/, "")];
    if (page && /\.html$/.test(path)) {
      return url.hash ? "#" + page + "--" + decodeURIComponent(url.hash.slice(1)) : "#pdf-" + page;
    }
    return spec.info.site_url.replace(/\/?$/, "/") + path + url.search + url.hash;
  }

  /* What a reader of paper has no use for: headerlinks, code toggles and code, and a glued chart's
   * own cell output when its figure shows the same chart. Dropdowns are opened. */
  function forPaper(root) {
    root.querySelectorAll(".headerlink, .cell_input, details.hide, button, script:not(.survey-chart-data)")
      .forEach(function (node) { node.remove(); });
    var inFigures = new Set();
    root.querySelectorAll("figure .survey-chart").forEach(function (div) { inFigures.add(div.id); });
    root.querySelectorAll("div.cell").forEach(function (cell) {
      var charts = cell.querySelectorAll(".survey-chart");
      if (charts.length && [].every.call(charts, function (div) { return inFigures.has(div.id); })) cell.remove();
    });
    root.querySelectorAll("details").forEach(function (details) { details.open = true; });
  }

  function adopt(root, page, pageUrl, spec, printed) {
    forPaper(root);
    root.querySelectorAll("[id]").forEach(function (node) { node.id = page + "--" + node.id; });
    root.querySelectorAll("a[href]").forEach(function (anchor) {
      anchor.setAttribute("href", target(anchor.getAttribute("href"), pageUrl, spec, printed));
    });
    root.querySelectorAll("img[src]").forEach(function (image) {
      image.src = new URL(image.getAttribute("src"), pageUrl).href;
    });
  }

  function titlePage(info) {
    var section = element("section", "pdf-title-page");
    section.append(element("p", "pdf-title-page__title", info.title));
    section.append(element("p", "pdf-title-page__author", info.author));
    var facts = element("dl", "pdf-title-page__facts");
    [["Dataset version", info.version], ["Built", info.date], ["Online", info.site_url],
     ["Source", info.repository]].forEach(function (pair) {
      var value = element("dd");
      value.append(/^https?:/.test(pair[1]) ? link(pair[1], pair[1]) : pair[1]);
      facts.append(element("dt", null, pair[0]), value);
    });
    section.append(facts);
    section.append(element("p", "pdf-title-page__note", info.note));
    section.append(element("p", "pdf-title-page__licence", info.licence));
    return section;
  }

  function headingText(heading) {
    var copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(function (node) { node.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  /* One entry per page title (h1) and per section under it (h2), each linking its section. */
  function contents(documents) {
    var section = element("section", "pdf-contents");
    section.append(element("h1", null, "Contents"));
    var list = element("ol", "pdf-contents__list");
    documents.querySelectorAll("section > h1, section > h2").forEach(function (heading) {
      var id = heading.parentElement.id;
      if (!id) return;
      var entry = element("li", "pdf-contents__entry pdf-contents__entry--" + heading.tagName.toLowerCase());
      var anchor = link("#" + id);
      anchor.append(element("span", "pdf-contents__title", headingText(heading)));
      var number = element("span", "pdf-contents__page", "");
      number.dataset.target = id;
      anchor.append(number);
      entry.append(anchor);
      list.append(entry);
    });
    section.append(list);
    return section;
  }

  function loadPlotly(url) {
    if (window.Plotly) return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error(url + ": plotly.js did not load")); };
      document.head.append(tag);
    });
  }

  /* plotly draws a heatmap's cells as one raster <image>; redraw its blocks of one colour as
   * rectangles so that the printed chart stays vector. */
  async function vectorise(div) {
    var images = div.querySelectorAll("svg image");
    for (var n = 0; n < images.length; n++) {
      var image = images[n];
      var href = image.getAttribute("href") || image.getAttributeNS("http://www.w3.org/1999/xlink", "href");
      if (!href || href.indexOf("data:") !== 0) continue;
      var bitmap = new Image();
      bitmap.src = href;
      await bitmap.decode();
      var w = bitmap.naturalWidth, h = bitmap.naturalHeight;
      var canvas = element("canvas");
      canvas.width = w; canvas.height = h;
      var context = canvas.getContext("2d");
      context.drawImage(bitmap, 0, 0);
      var px = context.getImageData(0, 0, w, h).data;
      var sx = Number(image.getAttribute("width")) / w, sy = Number(image.getAttribute("height")) / h;
      var x0 = Number(image.getAttribute("x") || 0), y0 = Number(image.getAttribute("y") || 0);
      var rects = [], open = new Map();
      for (var y = 0; y < h; y++) {
        var next = new Map();
        for (var x = 0; x < w;) {
          var i = (y * w + x) * 4, end = x + 1;
          while (end < w && px[i] === px[(y * w + end) * 4] && px[i + 1] === px[(y * w + end) * 4 + 1] &&
                 px[i + 2] === px[(y * w + end) * 4 + 2] && px[i + 3] === px[(y * w + end) * 4 + 3]) end++;
          if (px[i + 3] > 0) {
            var colour = "rgba(" + px[i] + "," + px[i + 1] + "," + px[i + 2] + "," + (px[i + 3] / 255).toFixed(3) + ")";
            var key = x + "," + end + "," + colour;
            var rect = open.get(key);
            if (rect) rect.h += 1; else rects.push(rect = { x: x, y: y, w: end - x, h: 1, colour: colour });
            next.set(key, rect);
          }
          x = end;
        }
        open = next;
      }
      var group = document.createElementNS(SVG, "g");
      if (image.getAttribute("transform")) group.setAttribute("transform", image.getAttribute("transform"));
      rects.forEach(function (r) {
        var shape = document.createElementNS(SVG, "rect");
        shape.setAttribute("x", x0 + r.x * sx); shape.setAttribute("y", y0 + r.y * sy);
        shape.setAttribute("width", r.w * sx); shape.setAttribute("height", r.h * sy);
        shape.setAttribute("fill", r.colour); shape.setAttribute("shape-rendering", "crispEdges");
        group.append(shape);
      });
      image.replaceWith(group);
    }
  }

  /* A sunburst labels only the sectors its text fits in: list every node with its sector's size
   * (branchvalues "remainder": the node's own value plus its children's). */
  function sectorList(trace, name) {
    var ids = Array.from(trace.ids || []), labels = Array.from(trace.labels || []);
    var parents = Array.from(trace.parents || []), values = Array.from(trace.values || []);
    var children = new Map(), size = new Map();
    ids.forEach(function (id, i) {
      var parent = ids.indexOf(parents[i]) >= 0 ? parents[i] : "";
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(i);
    });
    function total(i) {
      if (!size.has(i)) {
        var own = Number(values[i]) || 0;
        size.set(i, trace.branchvalues === "total" ? own :
          own + (children.get(ids[i]) || []).reduce(function (sum, j) { return sum + total(j); }, 0));
      }
      return size.get(i);
    }
    var box = element("div", "pdf-sectors");
    box.append(element("p", "pdf-sectors__title",
      name + ", sector by sector: the papers placed on each node and below it."));
    var list = element("ul", "pdf-sectors__list");
    (function walk(parent, depth) {
      (children.get(parent) || []).forEach(function (i) {
        var item = element("li", "pdf-sectors__node");
        item.style.setProperty("--depth", depth);
        item.append(element("span", "pdf-sectors__label", labels[i]), element("span", "pdf-sectors__count", String(total(i))));
        list.append(item);
        walk(ids[i], depth + 1);
      });
    })("", 0);
    box.append(list);
    return box;
  }

  /* A chart's figure: inline JSON, or the file its data-src names (relative to the site's root). */
  async function figureOf(div, spec) {
    var inline = div.querySelector("script.survey-chart-data");
    if (inline) return JSON.parse(inline.textContent);
    var url = new URL(div.dataset.src, spec.base);
    var response = await fetch(url);
    if (!response.ok) throw new Error(url + ": HTTP " + response.status);
    return response.json();
  }

  async function drawCharts(spec) {
    var charts = document.querySelectorAll(".survey-chart");
    var failed = [];
    if (!charts.length) return failed;
    await loadPlotly(spec.base + "_static/plotly.min.js");
    for (var n = 0; n < charts.length; n++) {
      var div = charts[n];
      try {
        var figure = await figureOf(div, spec);
        var preview = div.querySelector(".survey-chart-preview");
        if (preview) preview.remove();
        var layout = Object.assign({}, figure.layout, { width: spec.width, transition: { duration: 0 } });
        ["updatemenus", "sliders"].forEach(function (key) {  // buttons do nothing on paper
          if (layout[key]) layout[key] = layout[key].map(function (item) { return Object.assign({}, item, { visible: false }); });
        });
        await window.Plotly.newPlot(div, figure.data, layout, { staticPlot: true, displayModeBar: false, responsive: false });
        await vectorise(div);
        div.classList.add("survey-chart--ready");
        var holder = div.closest("figure") || div.closest("div.cell") || div;
        var number = holder.querySelector(".caption-number");
        var name = number ? number.textContent.trim() : "The chart above";
        div._fullData.filter(function (trace) { return trace.type === "sunburst"; }).reverse()
          .forEach(function (trace) { holder.after(sectorList(trace, name)); });
      } catch (error) {
        failed.push((div.closest("figure") || div).id + ": " + error);
      }
    }
    return failed;
  }

  async function assemble(spec) {
    document.documentElement.dataset.theme = "light";
    document.documentElement.dataset.mode = "light";
    document.title = spec.info.title;
    var printed = {};
    spec.pages.forEach(function (path) { printed[path] = slug(path); });
    var documents = element("div", "pdf-documents");
    for (var n = 0; n < spec.pages.length; n++) {
      var path = spec.pages[n], pageUrl = spec.base + path + ".html";
      var body = await article(pageUrl);
      adopt(body, printed[path], pageUrl, spec, printed);
      var wrapper = element("section", "pdf-document");
      wrapper.id = "pdf-" + printed[path];
      wrapper.append.apply(wrapper, Array.from(body.childNodes));
      documents.append(wrapper);
    }
    var main = element("main", "pdf-book bd-article");
    main.append(titlePage(spec.info), contents(documents), documents);
    document.body.replaceChildren(main);
    document.body.className = "pdf-body";
    var failed = await drawCharts(spec);
    await document.fonts.ready;
    return {
      charts: document.querySelectorAll(".survey-chart--ready").length,
      failed: failed,
      entries: Array.from(document.querySelectorAll(".pdf-contents__entry")).map(function (entry) {
        return {
          target: entry.querySelector(".pdf-contents__page").dataset.target,
          level: entry.classList.contains("pdf-contents__entry--h1") ? 1 : 2,
          title: entry.querySelector(".pdf-contents__title").textContent
        };
      })
    };
  }

  function number(pages) {
    var missing = [];
    document.querySelectorAll(".pdf-contents__page").forEach(function (node) {
      var page = pages[node.dataset.target];
      if (page == null) missing.push(node.dataset.target);
      node.textContent = page == null ? "" : String(page);
    });
    return missing;
  }

  window.surveyPrint = { assemble: assemble, number: number };
})();
