// The workbench's source view: the study's text with every finding and suggestion highlighted in the
// colour of its type (overlaps visible), the list of findings and suggestions, mouse selection and
// keyboard shortcuts. Offsets are Unicode code points, as in Python and in the study files.
// All decisions are taken in Python (studykit.coding.workbench.session); this file only shows and reports.

function codePoints(text) {
  return Array.from(text);
}

// Code-point offset of (node, offset) inside the segment element that holds it.
function pointOffset(root, node, offset) {
  let el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  while (el && el !== root && !(el.dataset && el.dataset.start !== undefined)) el = el.parentElement;
  if (!el || el === root || el.dataset.start === undefined) return null;
  const start = Number(el.dataset.start);
  if (node.nodeType !== Node.TEXT_NODE) return offset === 0 ? start : Number(el.dataset.end);
  return start + codePoints(node.data.slice(0, offset)).length;
}

// Scroll ``container`` (only it, never the notebook around it) so that ``item`` is in view.
function scrollWithin(container, item) {
  const box = container.getBoundingClientRect();
  const at = item.getBoundingClientRect();
  const head = container.querySelector("th");
  const top = box.top + (head && container.contains(item) && item.tagName === "TR" ? head.offsetHeight : 0);
  if (at.top < top) container.scrollTop -= top - at.top;
  else if (at.bottom > box.bottom) container.scrollTop += Math.min(at.bottom - box.bottom, at.top - top);
}

// Keys typed anywhere in the workbench (the list, the text, its buttons and forms) are the workbench's:
// none reaches JupyterLab's notebook shortcuts (in command mode `m` would turn the cell into Markdown,
// `x` cut it, `a`/`b` insert cells, `dd` delete it). Keys with Ctrl, Alt or Meta (Ctrl+S …) still do.
function keepKeys(root) {
  if (root.dataset.skKeys) return;
  root.dataset.skKeys = "true";
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    event.stopPropagation();
  });
}

function render({ model, el }) {
  el.classList.add("sk-workbench-view");
  el.dataset.lmSuppressShortcuts = "true"; // Lumino (JupyterLab) leaves our keys to us
  const legend = document.createElement("div");
  legend.className = "sk-legend";
  const body = document.createElement("div");
  body.className = "sk-body";
  const source = document.createElement("div");
  source.className = "sk-source";
  source.tabIndex = 0;
  const list = document.createElement("div");
  list.className = "sk-list";
  list.tabIndex = 0;
  for (const part of [source, list]) part.dataset.lmSuppressShortcuts = "true"; // the focused element itself
  const help = document.createElement("div");
  help.className = "sk-help";
  // the text and the list are named regions that say how the keys work (a screen reader reads both on Tab)
  help.id = "sk-help-" + Math.random().toString(36).slice(2);
  for (const part of [source, list]) {
    part.setAttribute("role", "region");
    part.setAttribute("aria-describedby", help.id);
  }
  body.append(source, list);
  el.append(legend, help, body);
  keepKeys(el);
  // the workbench around this view (its buttons and forms, ipywidgets) once it is in the page; after a
  // click on a button of the finding editor, the keys go to the list again
  let tries = 0;
  (function hookWorkbench() {
    const root = el.closest(".sk-workbench");
    if (!root) {
      if (tries++ < 100) setTimeout(hookWorkbench, 100);
      return;
    }
    keepKeys(root);
    const lang = (model.get("labels") || {}).lang;
    if (lang) root.lang = lang; // read in its language inside JupyterLab's English page
    // what a button did is announced where it is said, without moving the focus there
    const status = root.querySelector(".sk-status");
    if (status && !status.hasAttribute("aria-live")) {
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
    }
    if (root.dataset.skFocus) return;
    root.dataset.skFocus = "true";
    root.addEventListener("click", (event) => {
      if (event.target.closest(".sk-accept, .sk-reject, .sk-apply, .sk-delete, .sk-new_finding, .sk-requote")) {
        const target = root.querySelector(".sk-list");
        if (target) target.focus({ preventScroll: true });
      }
    });
  })();

  const colours = () => model.get("colours") || {};
  const labels = () => model.get("labels") || {};

  function drawLegend() {
    legend.replaceChildren();
    const names = labels().types || {};
    for (const [type, colour] of Object.entries(colours())) {
      const item = document.createElement("span");
      item.className = "sk-chip";
      item.style.background = colour;
      item.textContent = names[type] || type;
      legend.append(item);
    }
    const pending = document.createElement("span");
    pending.className = "sk-chip sk-unreviewed";
    pending.textContent = labels().pending || "pending";
    const rejected = document.createElement("span");
    rejected.className = "sk-chip sk-rejected";
    rejected.textContent = labels().rejected || "rejected";
    legend.append(pending, rejected);
    help.textContent = labels().help || "";
    if (labels().lang) el.closest(".sk-workbench")?.setAttribute("lang", labels().lang);
    source.setAttribute("aria-label", labels().source || "");
    list.setAttribute("aria-label", labels().list || "");
  }

  function drawSource() {
    const text = codePoints(model.get("text") || "");
    const spans = model.get("spans") || [];
    const cuts = new Set([0, text.length]);
    for (const s of spans) {
      cuts.add(s.start);
      cuts.add(s.end);
    }
    const edges = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    source.replaceChildren();
    for (let i = 0; i < edges.length - 1; i++) {
      const a = edges[i];
      const b = edges[i + 1];
      const seg = document.createElement("span");
      seg.dataset.start = String(a);
      seg.dataset.end = String(b);
      seg.textContent = text.slice(a, b).join("");
      const over = spans.filter((s) => s.start <= a && s.end >= b).sort((x, y) => x.end - x.start - (y.end - y.start));
      if (over.length) {
        const inner = over[0];
        seg.classList.add("sk-hl", "sk-" + inner.status);
        seg.style.setProperty("--sk-colour", colours()[inner.type] || "#ddd");
        seg.dataset.keys = over.map((s) => s.key).join(" ");
        seg.title = over.map((s) => s.label).join("\n");
        if (over.length > 1) seg.classList.add("sk-overlap");
      }
      source.append(seg);
    }
    markSelected();
  }

  function drawList() {
    const rows = model.get("rows") || [];
    const l = labels();
    const table = document.createElement("table");
    table.className = "sk-rows";
    const head = document.createElement("tr");
    for (const name of l.columns || []) {
      const th = document.createElement("th");
      th.textContent = name;
      head.append(th);
    }
    table.append(head);
    for (const r of rows) {
      const tr = document.createElement("tr");
      tr.dataset.key = r.key;
      tr.className = "sk-row sk-" + r.status + (r.to_write ? " sk-to-write" : "") + (r.memo ? " sk-has-memo" : "");
      // five columns that fit beside the text at any width: finding (✎: it has a memo) and status, type and
      // theme (and the second theme), score ("coded" for a decision), the strongest cues and the quote (both
      // shortened; the whole in their tooltip)
      const cells = [
        [r.id, r.status_label],
        [r.type_label, r.theme, r.secondary],
        [r.score],
        [r.cues_top],
        [r.quote],
      ];
      const titles = { 0: r.memo, 2: r.score_help, 3: r.cues, 4: r.quote_full };
      cells.forEach((lines, i) => {
        const td = document.createElement("td");
        lines.forEach((value, j) => {
          const line = document.createElement("div");
          line.className = j ? "sk-sub" : i >= 3 ? "sk-clamp" : "sk-main";
          line.textContent = value === null || value === undefined ? "" : String(value);
          td.append(line);
        });
        if (titles[i]) td.title = titles[i];
        if (i === 1) td.style.borderLeft = "6px solid " + (colours()[r.type] || "#ddd");
        tr.append(td);
      });
      tr.addEventListener("click", () => {
        model.set("selected", r.key);
        model.save_changes();
      });
      table.append(tr);
    }
    list.replaceChildren(table);
    markSelected();
  }

  function markSelected() {
    const key = model.get("selected");
    for (const seg of source.querySelectorAll(".sk-hl")) {
      seg.classList.toggle("sk-selected", (seg.dataset.keys || "").split(" ").includes(key));
    }
    for (const tr of list.querySelectorAll("tr.sk-row")) {
      const on = tr.dataset.key === key;
      tr.classList.toggle("sk-selected", on);
      if (on) scrollWithin(list, tr); // the list scrolls, the notebook stays where the coder is
    }
    const first = source.querySelector(".sk-selected");
    if (first) scrollWithin(source, first);
  }

  source.addEventListener("click", (event) => {
    const sel = window.getSelection();
    if (sel && !sel.isCollapsed) return; // a selection, not a click
    const seg = event.target.closest(".sk-hl");
    if (!seg) return;
    const keys = seg.dataset.keys.split(" ");
    const now = keys.indexOf(model.get("selected"));
    model.set("selected", keys[(now + 1) % keys.length]); // a second click on an overlap selects the next
    model.save_changes();
  });

  // ↓ ↑ Home End: row by row through the list as it is shown (n and p: the suggestions still to review)
  function step(key) {
    const keys = Array.from(list.querySelectorAll("tr.sk-row"), (tr) => tr.dataset.key);
    if (!keys.length) return;
    const at = keys.indexOf(model.get("selected"));
    const last = keys.length - 1;
    const to = {
      Home: 0,
      End: last,
      ArrowDown: at < 0 ? 0 : Math.min(at + 1, last),
      ArrowUp: at < 0 ? last : Math.max(at - 1, 0),
    }[key];
    model.set("selected", keys[to]);
    model.save_changes();
  }

  // a selection made with the mouse, or with Shift and the arrow keys (caret browsing, F7)
  function reportSelection() {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) return;
    const start = pointOffset(source, range.startContainer, range.startOffset);
    const end = pointOffset(source, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    model.set("selection", { start, end });
    model.save_changes();
  }
  source.addEventListener("mouseup", reportSelection);
  source.addEventListener("keyup", (event) => {
    if (event.shiftKey || event.key === "Shift") reportSelection();
  });

  el.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const moves = ["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key);
    if (moves && !event.shiftKey && event.target.closest(".sk-list")) {
      event.preventDefault(); // the list moves, not the page
      event.stopPropagation();
      return step(event.key);
    }
    const keys = { a: "accept", r: "reject", n: "next", j: "next", p: "previous", k: "previous" };
    const command = keys[event.key];
    if (!command) return;
    event.preventDefault();
    event.stopPropagation(); // JupyterLab's own shortcuts stay out of it
    model.send({ command });
  });

  // after a Save that wrote, or a reload, the keys go to the list again (the row selected), not to the
  // button pressed far below it; only when the focus is still in this workbench (a failed Save: not asked)
  model.on("msg:custom", (message) => {
    if (!message || message.focus !== "list") return;
    const root = el.closest(".sk-workbench");
    if (root && root.contains(document.activeElement)) list.focus({ preventScroll: true });
  });

  model.on("change:text", drawSource);
  model.on("change:spans", drawSource);
  model.on("change:rows", drawList);
  model.on("change:selected", markSelected);
  model.on("change:colours", () => {
    drawLegend();
    drawSource();
    drawList();
  });
  model.on("change:labels", () => {
    drawLegend();
    drawList();
  });
  drawLegend();
  drawSource();
  drawList();
}

export default { render };
