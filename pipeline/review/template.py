"""The review page's style and script, inlined into every report so that it needs no network.

The script reads the quantities from the page's JSON block and writes them into the panel with
`textContent` only: no document text ever becomes markup.
"""

from __future__ import annotations

# Background colours by kind; kinds not listed get one of FALLBACK in order.
KIND_COLOURS = {
    "count": "#ffe08a", "money": "#b8e6b0", "percent": "#b9d7ff", "mass": "#f6c6a8", "length": "#d9c8f5",
    "duration": "#c4ecec", "age": "#f7c4dd", "fraction": "#e2e8a0",
    "multiplier": "#ffd0c2",
}
FALLBACK = ("#d5d5d5", "#cfe3c0", "#e8d3b8", "#c9d1f0", "#f0c9c9")

CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f;
       background: #f6f6f3; }
header { position: sticky; top: 0; z-index: 3; background: #20303f; color: #fff; padding: 8px 16px; }
header h1 { font-size: 17px; margin: 0 0 6px; }
header .summary { font-size: 12px; opacity: .85; margin-left: 8px; font-weight: normal; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; font-size: 13px; }
.filters select, .filters input { font: inherit; padding: 2px 4px; }
.filters input[type=search] { width: 16em; }
#shown { opacity: .85; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 6px; font-size: 12px; }
.legend span { padding: 0 5px; border-radius: 3px; color: #1d1d1f; }
.legend .qual, .legend .ent { background: #fff; }
main { display: grid; grid-template-columns: minmax(0, 1fr) 340px; gap: 16px; padding: 12px 16px; }
#panel { position: sticky; top: 110px; align-self: start; background: #fff; border: 1px solid #ccc;
         border-radius: 6px; padding: 10px 12px; max-height: calc(100vh - 130px); overflow: auto; }
#panel h2 { font-size: 15px; margin: 0 0 6px; }
#panel dl { display: grid; grid-template-columns: 7.5em 1fr; gap: 2px 8px; margin: 0; }
#panel dt { color: #666; }
#panel dd { margin: 0; overflow-wrap: anywhere; }
#panel .sentence { margin-top: 8px; padding: 6px; background: #f3f3ee; border-radius: 4px; font-size: 13px; }
#panel .status { font-weight: 600; margin-bottom: 6px; }
#panel .status.spurious, #panel .status.miss { color: #b00020; }
#panel .notes { color: #b00020; font-size: 12px; margin: 6px 0 0; padding-left: 16px; }
table { border-collapse: collapse; background: #fff; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
th { background: #eceae4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
#index tr.dim { opacity: .45; }
article { background: #fff; border: 1px solid #ccc; border-radius: 6px; margin: 16px 0; padding: 10px 14px; }
article h2 { font-size: 16px; margin: 0 0 4px; }
article .meta, article .score { font-size: 12px; color: #555; margin-bottom: 6px; }
article .score b { color: #1d1d1f; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.6 ui-monospace, "DejaVu Sans Mono", monospace;
        border-top: 1px solid #eee; padding-top: 8px; }
.q { border-radius: 2px; cursor: pointer; box-shadow: inset 0 -2px 0 rgba(0,0,0,.25); }
.q.off { background: none !important; box-shadow: none; cursor: auto; }
.qual { text-decoration: underline 2px #c0392b; text-underline-offset: 3px; cursor: pointer; }
.ent { text-decoration: underline 2px dotted #1f6fb2; text-underline-offset: 3px; cursor: pointer; }
.qual.off, .ent.off { text-decoration: none; cursor: auto; }
.q.spurious { outline: 2px dashed #b00020; outline-offset: 1px; }
.q.spurious::after { content: "\\2717"; color: #b00020; font-size: 10px; vertical-align: super; }
.miss { background: repeating-linear-gradient(45deg, #ffd7d7, #ffd7d7 4px, #fff 4px, #fff 8px);
        outline: 2px solid #b00020; cursor: pointer; }
.miss::before { content: "missed"; color: #fff; background: #b00020; font: 9px/1 system-ui, sans-serif;
                padding: 1px 2px; margin-right: 2px; vertical-align: super; border-radius: 2px; }
.miss.off { background: none; outline: none; }
.miss.off::before { display: none; }
.selected { outline: 3px solid #20303f !important; outline-offset: 1px; }
details.rows summary { cursor: pointer; font-size: 13px; color: #333; margin: 6px 0; }
details.rows tr { cursor: pointer; }
details.rows tr:hover td { background: #f4f8ff; }
details.rows tr.miss-row td { color: #b00020; }
details.rows tr.spurious-row td:first-child { color: #b00020; font-weight: 600; }
.hidden { display: none !important; }
#panel button.show-page { margin-top: 8px; font: inherit; padding: 3px 10px; cursor: pointer; border-radius: 4px;
                          border: 1px solid #20303f; background: #20303f; color: #fff; }
details.pages { border-top: 1px solid #eee; margin-top: 8px; }
details.pages > summary { cursor: pointer; font-size: 13px; color: #333; margin: 6px 0; }
figure.pdfpage { margin: 8px 0 16px; }
figure.pdfpage figcaption { font-size: 12px; color: #555; margin-bottom: 2px; }
.sheet { position: relative; display: inline-block; max-width: 100%; border: 1px solid #bbb;
         box-shadow: 0 1px 4px rgba(0,0,0,.15); line-height: 0; }
.sheet img { display: block; max-width: 100%; height: auto; }
.sheet .box { position: absolute; cursor: pointer; border-radius: 2px; }
.sheet .box.selected { outline: 3px solid #e0007a !important; outline-offset: 2px;
                       background: rgba(224, 0, 122, .18); animation: ping 1s ease-out 2; }
@keyframes ping { 0% { outline-offset: 12px; } 100% { outline-offset: 2px; } }
p.capped { color: #8a4b00; font-size: 12px; }
"""

JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var items = data.items;
  var panel = document.getElementById("panel");
  var current = null;

  function fmt(v) {
    if (v === null || v === undefined || v === "") return "\u2014";
    return String(v);
  }
  function row(dl, label, value, field) {
    var dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = label; dd.textContent = fmt(value); dd.dataset.field = field;
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function show(key) {
    var it = items[key];
    if (!it) return;
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
    document.querySelectorAll('[data-key="' + key + '"]').forEach(function (el) { el.classList.add("selected"); });
    current = key;
    panel.replaceChildren();
    var h = document.createElement("h2");
    h.textContent = it.text; h.dataset.field = "text"; panel.appendChild(h);
    var st = document.createElement("div");
    st.className = "status " + it.status; st.dataset.field = "status";
    st.textContent = {predicted: "extracted", matched: "extracted, matches gold",
                      spurious: "extracted, not in gold (spurious)", miss: "in gold, missed by the run"}[it.status];
    panel.appendChild(st);
    var dl = document.createElement("dl");
    row(dl, "value", it.value, "value");
    row(dl, "comparator", it.comparator, "comparator");
    row(dl, "interval", it.interval, "interval");
    if (it.change) row(dl, "change", it.change, "change");
    row(dl, "qualifier", it.qualifier, "qualifier");
    row(dl, "unit", it.unit, "unit");
    row(dl, "kind", it.kind, "kind");
    row(dl, "entity", it.entity, "entity");
    row(dl, "section", it.section, "section");
    row(dl, "time scope", it.time_scope, "time_scope");
    if (it.page !== null && it.page !== undefined) row(dl, "page", it.page, "page");
    if (it.box) row(dl, "box", it.box, "box");
    row(dl, "characters", it.span, "span");
    row(dl, "document", it.source, "source");
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
      b.addEventListener("click", function () { reveal(key); });
      panel.appendChild(b);
    }
  }
  function reveal(key) {
    var it = items[key], fig = it && document.getElementById(it.page_image);
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
  document.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr[data-row]");
    if (tr) {
      show(tr.dataset.row);
      var mark = document.querySelector('.text [data-key="' + tr.dataset.row + '"]');
      if (mark) mark.scrollIntoView({block: "center"});
      return;
    }
    var key = keyOf(ev.target);
    if (key) show(key);
  });

  var fKind = document.getElementById("f-kind"), fQual = document.getElementById("f-qualifier"),
      fSec = document.getElementById("f-section"), fSearch = document.getElementById("f-search");
  function matches(it) {
    if (fKind.value && it.kind !== fKind.value) return false;
    if (fQual.value && (it.qualifier || "(none)") !== fQual.value) return false;
    if (fSec.value && (it.section || "(none)") !== fSec.value) return false;
    var q = fSearch.value.trim().toLowerCase();
    return !q || it.haystack.indexOf(q) >= 0;
  }
  function apply() {
    var shown = 0, total = 0, perDoc = {};
    Object.keys(items).forEach(function (key) {
      var it = items[key], ok = matches(it);
      total += 1; if (ok) shown += 1;
      perDoc[it.doc] = (perDoc[it.doc] || 0) + (ok ? 1 : 0);
      document.querySelectorAll('[data-key="' + key + '"]').forEach(function (el) {
        if (el.tagName === "TR") el.classList.toggle("hidden", !ok); else el.classList.toggle("off", !ok);
      });
    });
    document.querySelectorAll("[data-for]:not([data-key])").forEach(function (el) {
      var on = el.dataset.for.split(" ").some(function (k) { return matches(items[k]); });
      el.classList.toggle("off", !on);
    });
    document.querySelectorAll("#index tr[data-doc]").forEach(function (tr) {
      var n = perDoc[tr.dataset.doc] || 0;
      tr.querySelector(".shown").textContent = n;
      tr.classList.toggle("dim", n === 0);
    });
    document.getElementById("shown").textContent = shown + " of " + total + " marks shown";
  }
  [fKind, fQual, fSec].forEach(function (el) { el.addEventListener("change", apply); });
  fSearch.addEventListener("input", apply);
  apply();
})();
"""
