/* The review page's script: an index of documents (virtual list), one open document at a time (its data
   loaded on demand), filters, a debounced search, counts and next/previous match.

   Data comes in two ways: inline JSON blocks (script elements of type application/json: "report-index", and
   one "data-KEY" per document) for a report in one file, or script files beside the page
   (FILES/index.js, FILES/<key>.js, each calling REPORT.index(...) or REPORT.doc(...)) for an archive.
   Document text reaches the page only as HTML the report escaped; fields are written with textContent. */
(function () {
  "use strict";
  var R = window.REPORT = window.REPORT || {};
  var ROW = 40, DEBOUNCE = 90, CACHE = 64;
  var idx = null, cache = {}, cacheOrder = [], pending = {};
  var openDocNo = -1, current = null, matches = [], active = null, counts = null, cursor = -1;
  var listDocs = [], filtered = false, keyIndex = {};
  var $ = function (id) { return document.getElementById(id); };
  var panel = $("panel"), view = $("view"), list = $("list"), inner = $("list-inner");
  var fKind = $("f-kind"), fQual = $("f-qualifier"), fUnit = $("f-unit"), fStatus = $("f-status"),
      fSearch = $("f-search");
  var timing = window.__report = {ready: null, searchReady: null, search: null, open: null};

  function fmt(v) { return (v === null || v === undefined || v === "") ? "\u2014" : String(v); }
  function num(n) { return n.toLocaleString("en-US"); }
  function plural(n, word, words) { return num(n) + " " + (n === 1 ? word : words || word + "s"); }

  /* ---- data ---- */
  R.index = function (data) { idx = data; boot(); };
  R.search = function (data) {  /* loaded once the first document is shown */
    idx.items = data.items; idx.sentences = data.sentences; run(performance.now());
    timing.searchReady = performance.now();
  };
  function loadSearch() {
    var block = $("report-search");
    if (block) return R.search(JSON.parse(block.textContent));
    var s = document.createElement("script");
    s.src = idx.files + "/search.js"; document.head.appendChild(s);
  }
  R.doc = function (data) {
    cache[data.key] = data; cacheOrder.push(data.key);
    if (cacheOrder.length > CACHE) { var old = cacheOrder.shift(); if (old !== data.key) delete cache[old]; }
    var waiting = pending[data.key] || []; delete pending[data.key];
    waiting.forEach(function (cb) { cb(data); });
  };
  function loadDoc(key, cb) {
    if (cache[key]) return cb(cache[key]);
    var block = $("data-" + key);
    if (block) { R.doc(JSON.parse(block.textContent)); return cb(cache[key]); }
    if (pending[key]) { pending[key].push(cb); return; }
    pending[key] = [cb];
    var s = document.createElement("script");
    s.src = idx.files + "/" + key + ".js";
    s.onerror = function () { delete pending[key]; view.textContent = "Could not load " + s.src + "."; };
    document.head.appendChild(s);
  }

  /* ---- the index: only the rows in view are in the page ---- */
  function renderList() {
    inner.style.height = (listDocs.length * ROW) + "px";
    var first = Math.max(0, Math.floor(list.scrollTop / ROW) - 4);
    var last = Math.min(listDocs.length, first + Math.ceil(list.clientHeight / ROW) + 9);
    var frag = document.createDocumentFragment();
    for (var r = first; r < last; r++) {
      var d = listDocs[r], doc = idx.docs[d], row = document.createElement("div");
      row.className = "row" + (d === openDocNo ? " open" : "");
      row.dataset.doc = doc.key; row.dataset.no = d; row.style.top = (r * ROW) + "px"; row.title = doc.path;
      var path = document.createElement("span"); path.className = "path"; path.textContent = doc.path;
      var n = document.createElement("span"); n.className = "n";
      n.textContent = filtered ? counts[d] + " / " + doc.n : String(doc.n);
      var title = document.createElement("span"); title.className = "title";
      title.textContent = [doc.date, doc.title].filter(Boolean).join(" \u00b7 ") || "\u2014";
      var extra = document.createElement("span"); extra.className = "n score"; extra.textContent = doc.score || "";
      row.append(path, n, title, extra); frag.appendChild(row);
    }
    inner.replaceChildren(frag);
  }
  list.addEventListener("scroll", function () { window.requestAnimationFrame(renderList); });
  window.addEventListener("resize", function () { renderList(); });
  list.addEventListener("click", function (ev) {
    var row = ev.target.closest(".row");
    if (row) openDoc(+row.dataset.no);
  });

  /* ---- one document ---- */
  function openDoc(d, then) {
    var doc = idx.docs[d], t0 = performance.now();
    loadDoc(doc.key, function (data) {
      if (openDocNo !== d) {
        view.innerHTML = data.html; view.scrollTop = 0; openDocNo = d; current = null;
        keyIndex = {}; data.order.forEach(function (k, j) { keyIndex[k] = doc.first + j; });
        if (history.replaceState) history.replaceState(null, "", "#" + doc.key);
        markActive(); renderList();
      }
      timing.open = {doc: doc.key, ms: performance.now() - t0};
      if (then) then(data);
    });
  }
  function markActive() {
    if (openDocNo < 0 || !active) return;
    view.querySelectorAll("[data-key]").forEach(function (el) {
      var gi = keyIndex[el.dataset.key], on = gi === undefined || active[gi] === 1;
      if (el.tagName === "TR") el.classList.toggle("hidden", !on); else el.classList.toggle("off", !on);
    });
    view.querySelectorAll("[data-for]:not([data-key])").forEach(function (el) {
      var on = el.dataset.for.split(" ").some(function (k) { return active[keyIndex[k]] === 1; });
      el.classList.toggle("off", !on);
    });
  }
  function row(dl, label, value, field) {
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = label; dd.textContent = fmt(value); dd.dataset.field = field;
    dl.append(dt, dd);
  }
  function show(key) {
    var data = cache[idx.docs[openDocNo].key], it = data && data.items[key];
    if (!it) return;
    view.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    view.querySelectorAll('[data-key="' + key + '"]').forEach(function (el) { el.classList.add("selected"); });
    current = key;
    var pos = matches.indexOf(keyIndex[key]);
    if (pos >= 0) { cursor = pos; counter(); }
    panel.replaceChildren();
    var h = document.createElement("h2"); h.textContent = it.text; h.dataset.field = "text"; panel.appendChild(h);
    var st = document.createElement("div");
    st.className = "status " + it.status; st.dataset.field = "status";
    st.textContent = {predicted: "extracted", matched: "extracted, matches gold",
                      spurious: "extracted, not in gold (spurious)", miss: "in gold, missed by the run"}[it.status];
    panel.appendChild(st);
    var dl = document.createElement("dl");
    row(dl, "value", it.value, "value"); row(dl, "comparator", it.comparator, "comparator");
    row(dl, "interval", it.interval, "interval");
    if (it.change) row(dl, "change", it.change, "change");
    row(dl, "qualifier", it.qualifier, "qualifier"); row(dl, "unit", it.unit, "unit");
    row(dl, "kind", it.kind, "kind"); row(dl, "entity", it.entity, "entity");
    row(dl, "section", it.section, "section"); row(dl, "time scope", it.time_scope, "time_scope");
    if (it.page !== null && it.page !== undefined) row(dl, "page", it.page, "page");
    if (it.box) row(dl, "box", it.box, "box");
    row(dl, "characters", it.span, "span"); row(dl, "document", it.source, "source");
    panel.appendChild(dl);
    if (it.notes && it.notes.length) {
      var ul = document.createElement("ul"); ul.className = "notes"; ul.dataset.field = "notes";
      it.notes.forEach(function (n) { var li = document.createElement("li"); li.textContent = n; ul.appendChild(li); });
      panel.appendChild(ul);
    }
    if (it.sentence) {
      var s = document.createElement("div"); s.className = "sentence"; s.dataset.field = "sentence";
      s.textContent = it.sentence; panel.appendChild(s);
    }
    if (it.page_image) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "show-page"; b.dataset.field = "show_page";
      b.textContent = "show on page " + it.page;
      b.addEventListener("click", function () { reveal(key, it); });
      panel.appendChild(b);
    }
  }
  function reveal(key, it) {
    var fig = $(it.page_image);
    if (!fig) return;
    var details = fig.closest("details");
    if (details) details.open = true;
    var box = fig.querySelector('.box[data-key="' + key + '"]');
    (box || fig).scrollIntoView({block: "center"});
  }
  function keyOf(el) {
    var hit = el.closest("[data-key],[data-for]");
    if (!hit || hit.classList.contains("off")) return null;
    return hit.dataset.key || hit.dataset.for.split(" ")[0];
  }
  function scrollToMark(key) {
    var mark = view.querySelector('.text [data-key="' + key + '"]');
    if (mark) mark.scrollIntoView({block: "center"});
  }
  view.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr[data-row]");
    if (tr) { show(tr.dataset.row); scrollToMark(tr.dataset.row); return; }
    var key = keyOf(ev.target);
    if (key) show(key);
  });

  /* ---- filters, search, counts, next and previous ---- */
  function chosen(select, values) {
    return select && select.value ? values.indexOf(select.value) : -1;
  }
  function compute() {
    if (!idx.items) { listDocs = idx.docs.map(function (_, d) { return d; }); renderList(); counter(); return null; }
    var t0 = performance.now(), I = idx.items, n = I.key.length;
    var k = chosen(fKind, idx.kinds), q = chosen(fQual, idx.qualifiers), u = chosen(fUnit, idx.units),
        st = chosen(fStatus, idx.statuses), s = fSearch.value.trim().toLowerCase();
    var hay = I.hay, kind = I.kind, qual = I.qualifier, unit = I.unit, status = I.status, doc = I.doc,
        sent = I.sentence, sentences = idx.sentences, said = new Uint8Array(sentences.length);
    if (s) for (var j = 1; j < sentences.length; j++) if (sentences[j].indexOf(s) >= 0) said[j] = 1;
    matches = []; active = new Uint8Array(n); counts = new Int32Array(idx.docs.length);
    for (var i = 0; i < n; i++) {
      if ((k >= 0 && kind[i] !== k) || (q >= 0 && qual[i] !== q) || (u >= 0 && unit[i] !== u) ||
          (st >= 0 && status[i] !== st) || (s && said[sent[i]] === 0 && hay[i].indexOf(s) < 0)) continue;
      matches.push(i); active[i] = 1; counts[doc[i]] += 1;
    }
    filtered = k >= 0 || q >= 0 || u >= 0 || st >= 0 || s !== "";
    listDocs = [];
    for (var d = 0; d < idx.docs.length; d++) if (!filtered || counts[d] > 0) listDocs.push(d);
    cursor = -1;
    if (list.scrollTop > listDocs.length * ROW) list.scrollTop = 0;
    renderList(); markActive(); counter();
    return {query: s, ms: performance.now() - t0, matches: matches.length, documents: filtered ? listDocs.length : 0};
  }
  function counter() {
    if (!idx.items) { $("shown").textContent = plural(idx.docs.length, "document") + " \u00b7 loading the search"; return; }
    var docsWith = filtered ? listDocs.length : idx.docs.length;
    $("shown").textContent = (filtered ? plural(matches.length, "match", "matches") + " in " + plural(docsWith, "document")
                              : plural(matches.length, "mark") + " in " + plural(docsWith, "document"));
    $("position").textContent = cursor >= 0 ? num(cursor + 1) + " / " + num(matches.length) : "";
    $("prev").disabled = $("next").disabled = matches.length === 0;
  }
  function go(step) {
    if (!matches.length) return;
    if (cursor < 0 && current && keyIndex[current] !== undefined) {
      var at = keyIndex[current], j = 0;  // start from the selected mark: the first match after it
      while (j < matches.length && matches[j] <= at) j++;
      cursor = step > 0 ? j - 1 : j;
    }
    cursor = ((cursor < 0 && step < 0 ? 0 : cursor) + step + matches.length) % matches.length;
    var gi = matches[cursor], d = idx.items.doc[gi], key = idx.items.key[gi], keep = cursor;
    openDoc(d, function () { cursor = keep; show(key); scrollToMark(key); counter(); });
  }
  var timer = null, typedAt = 0;
  function run(started) {
    var result = compute();
    if (!result) return;  /* the search index is still loading: it runs the search when it comes */
    window.requestAnimationFrame(function () {
      result.answered = performance.now() - started;  // from the keystroke to the painted answer
      timing.search = result;
    });
  }
  fSearch.addEventListener("input", function () {
    typedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; run(typedAt); }, DEBOUNCE);
  });
  fSearch.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    if (timer) { clearTimeout(timer); timer = null; run(typedAt); }
    go(ev.shiftKey ? -1 : 1);
  });
  [fKind, fQual, fUnit, fStatus].forEach(function (el) {
    if (el) el.addEventListener("change", function () { run(performance.now()); });
  });
  $("next").addEventListener("click", function () { go(1); });
  $("prev").addEventListener("click", function () { go(-1); });
  $("overview-button").addEventListener("click", function () {
    openDocNo = -1; view.innerHTML = idx.overview; renderList();
  });

  function options(select, values) {
    if (!select) return;
    values.forEach(function (v) { var o = document.createElement("option"); o.value = o.textContent = v; select.appendChild(o); });
  }
  function boot() {
    options(fKind, idx.kinds); options(fQual, idx.qualifiers); options(fUnit, idx.units); options(fStatus, idx.statuses);
    if ($("report-search")) loadSearch(); else compute();  /* inline: at once; from a file: after the first document */
    var wanted = location.hash.slice(1), d = 0;
    for (var i = 0; i < idx.docs.length; i++) if (idx.docs[i].key === wanted) d = i;
    if (!idx.docs.length) { view.innerHTML = idx.overview; timing.ready = performance.now(); return; }
    openDoc(d, function () {
      if (timing.ready !== null) return;
      timing.ready = performance.now();
      if (!idx.items) setTimeout(loadSearch, 0);
    });
  }
  var block = $("report-index");
  if (block) R.index(JSON.parse(block.textContent));
})();
