/* sopdocs chart viewer: fit, zoom, pan and full screen for the handbook's charts, and
 * "show in chart" links from an SOP section to its step. Plain JavaScript, no library,
 * no network: part of the sopdocs package, so offline (file://) builds work too.
 *
 * A figure opts in with data-sopdocs-viewer (its UI strings as JSON, in the page's
 * language). Its `.sopdocs-scroll` frame keeps native scrolling: zooming changes the
 * SVG's size, panning moves the frame's scroll position (drag with a mouse, native
 * scrolling with a finger or trackpad). Without script the chart is shown as before.
 */
(function () {
  "use strict";

  var READABLE = 0.6;      /* never open below 60 % of the chart's natural text size */
  var MIN_SCALE = 0.1;
  var MAX_SCALE = 4;
  var ZOOM_STEP = 1.25;
  var DRAG_START_PX = 5;   /* a press that moves less than this is a click */
  var KEY_PAN_PX = 48;
  var HIGHLIGHT_MS = 2500;
  var viewers = [];

  var ICONS = {
    "zoom-out": "M19 13H5v-2h14z",
    "zoom-in": "M19 13h-6v6h-2v-6H5v-2h6V5h2v6h6z",
    "fit": "M3 5h2v14H3zm16 0h2v14h-2zM9 11h6v2H9zm-3 1 4-4v8zm12 0-4 4V8z",
    "actual-size": "M5 7h3v10H6V9H5zm5 2h2v2h-2zm0 4h2v2h-2zm4-6h3v10h-2V9h-1z",
    "full-screen": "M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z",
    "exit-full-screen": "M8 5h2v5H5V8h3zm6 0h2v3h3v2h-5zM5 14h5v5H8v-3H5zm9 0h5v2h-3v3h-2z"
  };

  function naturalSize(svg) {
    function length(name, fallback) {
      var text = svg.getAttribute(name) || "";
      var number = parseFloat(text);
      if (!(number > 0)) return fallback;
      return /pt$/.test(text) ? number * 4 / 3 : number;
    }
    var box = svg.viewBox && svg.viewBox.baseVal;
    return {width: length("width", box ? box.width : 300),
            height: length("height", box ? box.height : 150)};
  }

  /* Browsers lay out in 1/64 px: round up, so a chart at 60 % is never drawn at 59.99 % */
  function layoutPixels(pixels) { return Math.ceil(pixels * 64) / 64 + "px"; }

  function clamp(value, low, high) { return Math.min(high, Math.max(low, value)); }

  function icon(name) {
    return '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="' +
      ICONS[name] + '"/></svg>';
  }

  function Viewer(figure) {
    this.figure = figure;
    this.frame = figure.querySelector(".sopdocs-scroll");
    this.svg = this.frame.querySelector("svg");
    this.text = JSON.parse(figure.getAttribute("data-sopdocs-viewer") || "{}");
    this.natural = naturalSize(this.svg);
    this.scale = 1;
    this.base = 1;          /* the scale whose height the frame keeps (page mode) */
    this.fitted = true;     /* follows the column width until the reader zooms */
    this.full = false;
    this.overlay = false;
    this.build();
    this.listen();
    this.open();
  }

  Viewer.prototype.build = function () {
    var text = this.text, frame = this.frame, figure = this.figure;
    var bar = document.createElement("div");
    bar.className = "sopdocs-toolbar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", text.controls || "Chart controls");
    this.buttons = {};
    this.level = document.createElement("span");
    this.level.className = "sopdocs-zoom-level";
    this.level.setAttribute("aria-live", "polite");
    var order = ["zoom-out", "level", "zoom-in", "fit", "actual-size", "full-screen"];
    for (var i = 0; i < order.length; i++) {
      if (order[i] === "level") { bar.appendChild(this.level); continue; }
      bar.appendChild(this.button(order[i]));
    }
    this.note = document.createElement("p");
    this.note.className = "sopdocs-viewer-note";
    this.note.hidden = true;
    this.note.id = this.uniqueId("note");
    var hint = document.createElement("span");
    hint.className = "sopdocs-visually-hidden";
    hint.id = this.uniqueId("keys");
    hint.textContent = text.keys || "";
    bar.appendChild(hint);
    if (text.lang) { bar.lang = text.lang; this.note.lang = text.lang; }
    figure.insertBefore(bar, frame);
    figure.insertBefore(this.note, frame);
    frame.setAttribute("aria-describedby", hint.id + " " + this.note.id);
    frame.setAttribute("aria-keyshortcuts", "+ - 0 ArrowLeft ArrowRight ArrowUp ArrowDown");
    figure.classList.add("sopdocs-viewer");
  };

  Viewer.prototype.uniqueId = function (what) {
    var number = 1;
    while (document.getElementById("sopdocs-viewer-" + what + "-" + number)) number++;
    return "sopdocs-viewer-" + what + "-" + number;
  };

  var LABELS = {"zoom-out": "zoomOut", "zoom-in": "zoomIn", "fit": "fit",
                "actual-size": "actualSize", "full-screen": "fullScreen"};

  Viewer.prototype.button = function (action) {
    var button = document.createElement("button");
    var self = this;
    button.type = "button";
    button.className = "sopdocs-tool sopdocs-tool-" + action;
    button.innerHTML = icon(action);
    this.label(button, this.text[LABELS[action]] || action);
    button.addEventListener("click", function () { self.act(action); });
    this.buttons[action] = button;
    return button;
  };

  Viewer.prototype.label = function (button, text) {
    button.setAttribute("aria-label", text);
    button.title = text;
  };

  Viewer.prototype.act = function (action) {
    if (action === "zoom-in") this.zoomBy(ZOOM_STEP);
    else if (action === "zoom-out") this.zoomBy(1 / ZOOM_STEP);
    else if (action === "fit") this.fit();
    else if (action === "actual-size") this.zoomTo(1);
    else if (action === "full-screen") this.toggleFull();
  };

  /* The room the chart has: the frame's width inside its borders (scrollbars are not
   * subtracted: a fitted chart has none), and in full screen its height. */
  Viewer.prototype.room = function () {
    var style = getComputedStyle(this.frame);
    var borders = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    var width = this.frame.getBoundingClientRect().width - borders;
    var height = this.full ? this.frame.clientHeight : Infinity;
    return {width: Math.max(1, width), height: Math.max(1, height)};
  };

  Viewer.prototype.fitScale = function () {
    var room = this.room();
    /* a pixel of slack: rounding must not make a fitted chart scroll sideways */
    var scale = Math.min((room.width - 1) / this.natural.width,
                         (room.height - 1) / this.natural.height);
    return clamp(scale, MIN_SCALE, 1);
  };

  /* Fitted to the room, never enlarged, and never below the readable size. */
  Viewer.prototype.open = function () {
    var scale = Math.max(this.fitScale(), READABLE);
    this.base = Math.min(scale, 1);
    this.fitted = true;
    this.apply(Math.min(scale, 1));
    this.frame.scrollLeft = 0;
    this.frame.scrollTop = 0;
  };

  Viewer.prototype.fit = function () {
    var scale = this.fitScale();
    this.base = scale;
    this.fitted = true;
    this.apply(scale);
  };

  Viewer.prototype.zoomBy = function (factor, clientX, clientY) {
    this.zoomTo(this.scale * factor, clientX, clientY);
  };

  /* Zoom keeping the chart point under (clientX, clientY) in place (default: the
   * middle of the visible part of the frame). */
  Viewer.prototype.zoomTo = function (scale, clientX, clientY) {
    var frameBox = this.frame.getBoundingClientRect();
    if (clientX === undefined) {
      clientX = frameBox.left + this.frame.clientWidth / 2;
      clientY = frameBox.top + this.frame.clientHeight / 2;
    }
    var before = this.svg.getBoundingClientRect();
    var x = (clientX - before.left) / this.scale, y = (clientY - before.top) / this.scale;
    this.fitted = false;
    this.apply(clamp(scale, Math.min(MIN_SCALE, this.fitScale()), MAX_SCALE));
    var after = this.svg.getBoundingClientRect();
    this.frame.scrollLeft += after.left + x * this.scale - clientX;
    this.frame.scrollTop += after.top + y * this.scale - clientY;
  };

  Viewer.prototype.apply = function (scale) {
    this.scale = scale;
    this.svg.style.width = layoutPixels(this.natural.width * scale);
    this.svg.style.height = layoutPixels(this.natural.height * scale);
    if (this.full) {
      this.frame.style.maxHeight = "";
    } else {
      /* the frame keeps the height of the chart as opened (or fitted); a bigger chart
       * pans inside it, a smaller one lets the frame shrink. chrome: borders and a
       * horizontal scrollbar */
      var chrome = this.frame.offsetHeight - this.frame.clientHeight;
      this.frame.style.maxHeight = (this.natural.height * this.base + chrome).toFixed(2) + "px";
    }
    this.update();
  };

  Viewer.prototype.update = function () {
    var language = document.documentElement.lang || undefined;
    var percent;
    try {
      percent = new Intl.NumberFormat(this.text.lang || language, {style: "percent"}).format(this.scale);
    } catch (error) {
      percent = Math.round(this.scale * 100) + "%";
    }
    this.level.textContent = percent;
    this.buttons["zoom-in"].disabled = this.scale >= MAX_SCALE - 1e-9;
    this.buttons["zoom-out"].disabled = this.scale <= Math.min(MIN_SCALE, this.fitScale()) + 1e-9;
    var wide = this.frame.scrollWidth > this.frame.clientWidth + 1;
    var tall = this.frame.scrollHeight > this.frame.clientHeight + 1;
    this.frame.classList.toggle("sopdocs-pannable", wide || tall);
    /* only a chart opened at the readable minimum is wider than its frame while fitted */
    var showNote = wide && this.fitted && !this.full;
    this.note.hidden = !showNote;
    this.note.textContent = showNote ? (this.text.tooWide || "").replace("{percent}", percent) : "";
  };

  Viewer.prototype.listen = function () {
    var self = this, frame = this.frame;
    frame.addEventListener("wheel", function (event) { self.wheel(event); }, {passive: false});
    frame.addEventListener("keydown", function (event) { self.key(event); });
    frame.addEventListener("pointerdown", function (event) { self.press(event); });
    frame.addEventListener("pointermove", function (event) { self.drag(event); });
    frame.addEventListener("pointerup", function (event) { self.release(event); });
    frame.addEventListener("pointercancel", function (event) { self.release(event); });
    frame.addEventListener("click", function (event) {
      if (self.suppressClick) {
        self.suppressClick = false;
        event.preventDefault();
        event.stopPropagation();
      }
    }, true);
    frame.addEventListener("dragstart", function (event) { event.preventDefault(); });
    frame.addEventListener("touchstart", function (event) { self.touch(event); }, {passive: true});
    frame.addEventListener("touchmove", function (event) { self.pinch(event); }, {passive: false});
    frame.addEventListener("touchend", function (event) { self.touch(event); });
    frame.addEventListener("touchcancel", function (event) { self.touch(event); });
    /* Safari's trackpad pinch */
    frame.addEventListener("gesturestart", function (event) {
      event.preventDefault();
      self.gesture = self.scale;
    });
    frame.addEventListener("gesturechange", function (event) {
      event.preventDefault();
      if (self.gesture) self.zoomTo(self.gesture * event.scale, event.clientX, event.clientY);
    });
    if (window.ResizeObserver) {
      this.resizer = new ResizeObserver(function () { self.resized(); });
      this.resizer.observe(this.figure);
    }
  };

  Viewer.prototype.resized = function () {
    var width = this.figure.clientWidth;
    if (this.pending && !this.full) {
      if (width !== this.pending.width) return;
      var saved = this.pending;
      this.pending = null;
      this.lastWidth = width;
      return this.restore(saved);
    }
    if (width === this.lastWidth && !this.full) return;
    this.lastWidth = width;
    if (this.fitted) this.open(); else this.update();
  };

  /* Ctrl/⌘ + wheel, and trackpad pinch (which browsers send as a wheel with ctrlKey). */
  Viewer.prototype.wheel = function (event) {
    if (!(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    var pixels = event.deltaY * (event.deltaMode === 1 ? 20 : event.deltaMode === 2 ? 400 : 1);
    this.zoomBy(Math.exp(-clamp(pixels, -200, 200) * 0.002), event.clientX, event.clientY);
  };

  Viewer.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var key = event.key, frame = this.frame;
    if (key === "+" || key === "=") this.zoomBy(ZOOM_STEP);
    else if (key === "-" || key === "_" || key === "\u2212") this.zoomBy(1 / ZOOM_STEP);
    else if (key === "0") this.fit();
    else if (/^Arrow/.test(key)) {
      var dx = key === "ArrowLeft" ? -KEY_PAN_PX : key === "ArrowRight" ? KEY_PAN_PX : 0;
      var dy = key === "ArrowUp" ? -KEY_PAN_PX : key === "ArrowDown" ? KEY_PAN_PX : 0;
      var left = frame.scrollLeft, top = frame.scrollTop;
      frame.scrollLeft += dx;
      frame.scrollTop += dy;
      /* at the edge the page scrolls as usual */
      if (frame.scrollLeft === left && frame.scrollTop === top) return;
    } else return;
    event.preventDefault();
  };

  /* Dragging with a mouse or pen pans; a finger scrolls natively. */
  Viewer.prototype.press = function (event) {
    if (event.pointerType === "touch" || event.button !== 0) return;
    this.pointer = {id: event.pointerId, x: event.clientX, y: event.clientY,
                    left: this.frame.scrollLeft, top: this.frame.scrollTop, moved: false};
  };

  Viewer.prototype.drag = function (event) {
    var pointer = this.pointer;
    if (!pointer || pointer.id !== event.pointerId) return;
    var dx = event.clientX - pointer.x, dy = event.clientY - pointer.y;
    if (!pointer.moved) {
      if (Math.abs(dx) < DRAG_START_PX && Math.abs(dy) < DRAG_START_PX) return;
      pointer.moved = true;
      this.frame.classList.add("sopdocs-dragging");
      try { this.frame.setPointerCapture(event.pointerId); } catch (error) { /* gone */ }
    }
    this.frame.scrollLeft = pointer.left - dx;
    this.frame.scrollTop = pointer.top - dy;
    event.preventDefault();
  };

  Viewer.prototype.release = function (event) {
    var pointer = this.pointer;
    if (!pointer || pointer.id !== event.pointerId) return;
    this.pointer = null;
    if (pointer.moved) {
      var self = this;
      this.suppressClick = true;  /* the click after a drag must not follow a link */
      setTimeout(function () { self.suppressClick = false; }, 0);
      this.frame.classList.remove("sopdocs-dragging");
    }
  };

  function spread(touches) {
    var a = touches[0], b = touches[1];
    return {distance: Math.max(1, Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY)),
            x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2};
  }

  Viewer.prototype.touch = function (event) {
    this.pinching = event.touches.length === 2 ? {start: spread(event.touches), scale: this.scale} : null;
  };

  Viewer.prototype.pinch = function (event) {
    if (!this.pinching || event.touches.length !== 2) return;
    event.preventDefault();
    var now = spread(event.touches);
    this.zoomTo(this.pinching.scale * now.distance / this.pinching.start.distance, now.x, now.y);
  };

  /* Full screen: the Fullscreen API where the browser has it, else a full-window overlay. */
  Viewer.prototype.toggleFull = function () {
    var self = this;
    if (this.overlay) return this.leaveOverlay();
    if (document.fullscreenElement === this.figure) return document.exitFullscreen();
    this.saved = this.snapshot();  /* before the figure changes size */
    if (this.figure.requestFullscreen && document.fullscreenEnabled) {
      this.figure.requestFullscreen().catch(function () { self.enterOverlay(); });
    } else {
      this.enterOverlay();
    }
  };

  Viewer.prototype.enterOverlay = function () {
    this.overlay = true;
    this.figure.classList.add("sopdocs-overlay");
    document.documentElement.classList.add("sopdocs-overlay-open");
    this.enterFull();
  };

  Viewer.prototype.leaveOverlay = function () {
    this.overlay = false;
    this.figure.classList.remove("sopdocs-overlay");
    document.documentElement.classList.remove("sopdocs-overlay-open");
    this.leaveFull();
  };

  Viewer.prototype.enterFull = function () {
    this.saved = this.saved || this.snapshot();
    this.pending = null;
    this.full = true;
    this.figure.classList.add("sopdocs-full");
    this.setFullButton(true);
    this.open();
    this.frame.focus({preventScroll: true});
  };

  Viewer.prototype.leaveFull = function () {
    if (!this.full) return;
    this.full = false;
    this.figure.classList.remove("sopdocs-full");
    this.setFullButton(false);
    /* the browser may give the figure its column back only after this event: the view
     * is restored once the figure has its former width again (see resized) */
    this.pending = this.saved;
    this.saved = null;
    this.resized();
    this.buttons["full-screen"].focus({preventScroll: true});
  };

  Viewer.prototype.snapshot = function () {
    return {scale: this.scale, base: this.base, fitted: this.fitted, width: this.figure.clientWidth,
            left: this.frame.scrollLeft, top: this.frame.scrollTop};
  };

  Viewer.prototype.restore = function (saved) {
    if (saved.fitted) return this.open();
    this.base = saved.base;
    this.fitted = false;
    this.apply(saved.scale);
    this.frame.scrollLeft = saved.left;
    this.frame.scrollTop = saved.top;
  };

  Viewer.prototype.setFullButton = function (on) {
    var button = this.buttons["full-screen"];
    button.innerHTML = icon(on ? "exit-full-screen" : "full-screen");
    this.label(button, on ? this.text.exitFullScreen : this.text.fullScreen);
  };

  /* Bring a chart element (a step) into view at a readable size and highlight it. */
  Viewer.prototype.show = function (element) {
    if (this.scale < 1) this.zoomTo(1);
    var frameBox = this.frame.getBoundingClientRect();
    var box = element.getBoundingClientRect();
    this.frame.scrollLeft += box.left + box.width / 2 - (frameBox.left + this.frame.clientLeft + this.frame.clientWidth / 2);
    this.frame.scrollTop += box.top + box.height / 2 - (frameBox.top + this.frame.clientTop + this.frame.clientHeight / 2);
    if (!this.full) {
      box = element.getBoundingClientRect();
      var header = document.querySelector(".md-header");
      var top = header ? header.getBoundingClientRect().bottom : 0;
      window.scrollBy(0, box.top + box.height / 2 - (top + (window.innerHeight - top) / 2));
    }
    element.classList.remove("sopdocs-highlight");
    void element.getBoundingClientRect();  /* restart the animation */
    element.classList.add("sopdocs-highlight");
    clearTimeout(element.sopdocsHighlight);
    element.sopdocsHighlight = setTimeout(function () {
      element.classList.remove("sopdocs-highlight");
    }, HIGHLIGHT_MS);
    var link = element.querySelector("a");
    if (link) link.focus({preventScroll: true});
  };

  function viewerOf(element) {
    for (var i = 0; i < viewers.length; i++) {
      if (viewers[i].svg.contains(element)) return viewers[i];
    }
    return null;
  }

  function chartTarget(hash) {
    if (!hash || hash.length < 2) return null;
    var element;
    try { element = document.getElementById(decodeURIComponent(hash.slice(1))); } catch (error) { return null; }
    return element && viewerOf(element) ? element : null;
  }

  /* A link to an element inside a chart ("show in chart") zooms the chart to it. */
  function followChartLink(event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    /* same page: Material's instant navigation makes the links it swaps in absolute */
    if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin ||
        link.pathname !== location.pathname || link.search !== location.search) return;
    var target = chartTarget(link.hash);
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();  /* Material's instant navigation would handle it too */
    if (location.hash !== link.hash) history.pushState(null, "", link.hash);
    viewerOf(target).show(target);
  }

  function fullscreenChanged() {
    for (var i = 0; i < viewers.length; i++) {
      var viewer = viewers[i];
      if (document.fullscreenElement === viewer.figure && !viewer.full) viewer.enterFull();
      else if (document.fullscreenElement !== viewer.figure && viewer.full && !viewer.overlay) viewer.leaveFull();
    }
  }

  function overlayEscape(event) {
    if (event.key !== "Escape") return;
    for (var i = 0; i < viewers.length; i++) {
      if (viewers[i].overlay) { viewers[i].leaveOverlay(); event.preventDefault(); }
    }
  }

  function start() {
    viewers = viewers.filter(function (viewer) {
      if (document.contains(viewer.figure)) return true;
      if (viewer.resizer) viewer.resizer.disconnect();
      return false;
    });
    document.documentElement.classList.remove("sopdocs-overlay-open");
    var figures = document.querySelectorAll("figure[data-sopdocs-viewer]:not(.sopdocs-viewer)");
    for (var i = 0; i < figures.length; i++) {
      if (figures[i].querySelector(".sopdocs-scroll > svg")) viewers.push(new Viewer(figures[i]));
    }
    var target = chartTarget(location.hash);
    if (target) viewerOf(target).show(target);
  }

  document.addEventListener("click", followChartLink, true);
  document.addEventListener("fullscreenchange", fullscreenChanged);
  document.addEventListener("keydown", overlayEscape);
  /* Material's instant navigation swaps pages without a reload and announces each
   * page on document$; without it, start once the document is ready. */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
