// Progressive enhancement only: every page works as plain links and GET forms without it.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("facet-form");
  const panel = document.getElementById("filters");
  const wide = window.matchMedia("(min-width: 801px)");

  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", (e) => {
    const box = document.querySelector(".searchbox input");
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (e.key === "/" && box && !typing) { e.preventDefault(); box.focus(); }
  });

  // Phone: the filters open and close from one button instead of jumping to #filters.
  const toggle = document.querySelector(".filters-toggle");
  if (toggle && panel) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    const show = (open) => {
      panel.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
      if (open) { const first = panel.querySelector("input, a"); if (first) first.focus(); } else toggle.focus();
    };
    toggle.addEventListener("click", (e) => { e.preventDefault(); show(!panel.classList.contains("open")); });
    toggle.addEventListener("keydown", (e) => { if (e.key === " ") { e.preventDefault(); show(!panel.classList.contains("open")); } });
    const close = panel.querySelector(".apply .close");
    if (close) close.addEventListener("click", (e) => { e.preventDefault(); show(false); });
  }

  if (form) {
    // Empty date fields stay out of the URL.
    form.addEventListener("submit", () => {
      form.querySelectorAll('input[type="date"]').forEach((i) => { if (!i.value) i.disabled = true; });
    });
    // On a wide screen a ticked value applies at once; on a phone the user ticks several, then "Применить".
    form.addEventListener("change", (e) => {
      const box = e.target;
      if (box.type !== "checkbox" || !wide.matches) return;
      sessionStorage.setItem("refocus", box.name + "=" + box.value);
      form.requestSubmit();
    });
    const refocus = sessionStorage.getItem("refocus");
    if (refocus) {
      sessionStorage.removeItem("refocus");
      const [name, ...rest] = refocus.split("=");
      const value = rest.join("=");
      const again = [...form.querySelectorAll('input[type="checkbox"]')].find((i) => i.name === name && i.value === value);
      if (again) again.focus();
    }
  }

  // A scrolling list says how many values are below what is in sight.
  document.querySelectorAll(".facet .below").forEach((line) => {
    const box = line.previousElementSibling;
    const update = () => {
      const lists = [...box.querySelectorAll(".values")];
      let below = 0;
      lists.forEach((ul) => {
        const bottom = ul.getBoundingClientRect().bottom;
        ul.querySelectorAll("li:not([hidden])").forEach((li) => { if (li.getBoundingClientRect().top >= bottom - 4) below += 1; });
      });
      line.textContent = below ? "ещё " + below + " ниже ↓" : "";
    };
    box.addEventListener("scroll", update, true);
    update();
  });

  // A few letters filter a facet's list; values beyond the ones shown come from /api/facet/<name>.
  const norm = (s) => s.toLowerCase().replace(/ё/g, "е");
  document.querySelectorAll(".facet-find").forEach((input) => {
    input.hidden = false;
    const fieldset = input.closest(".facet");
    const box = fieldset.querySelector(".values-box");
    const original = box.innerHTML;
    const more = fieldset.querySelector(".more");
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const needle = norm(input.value.trim());
      if (!needle) { box.innerHTML = original; return; }
      if (!more) {
        box.querySelectorAll("li").forEach((li) => { li.hidden = !norm(li.textContent).includes(needle); });
        return;
      }
      timer = setTimeout(async () => {
        const url = new URL(input.dataset.more, location.href);
        url.searchParams.set("contains", input.value.trim());
        try {
          const data = await (await fetch(url)).json();
          if (norm(input.value.trim()) !== needle) return;
          box.replaceChildren(valueList(fieldset.dataset.facet, data.values || []));
        } catch (err) { /* keep the list as it is */ }
      }, 200);
    });
  });

  function valueList(name, values) {
    const ul = document.createElement("ul");
    ul.className = "values";
    values.forEach((v) => {
      const li = document.createElement("li");
      if (v.selected) li.className = "selected";
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox"; box.name = name; box.value = v.value; box.checked = !!v.selected;
      const text = document.createElement("span");
      text.className = "label"; text.textContent = v.label;
      if (v.full_name && v.full_name !== v.label) text.title = v.full_name;
      const count = document.createElement("span");
      count.className = "count"; count.textContent = String(v.count);
      label.append(box, " ", text, " ", count);
      li.append(label);
      ul.append(li);
    });
    if (!values.length) {
      const li = document.createElement("li");
      li.className = "muted"; li.textContent = "ничего не подходит";
      ul.append(li);
    }
    return ul;
  }

  // Timeline: a period by two clicks (start, then end; the same bar twice = that month) or by a drag.
  const bars = [...document.querySelectorAll(".bars a")];
  const hint = document.getElementById("timeline-hint");
  if (bars.length && hint) {
    hint.textContent = "Период: щёлкните начало и конец (или протяните по столбцам).";
    let pending = null, down = null;
    const go = (a, b) => {
      const [from, to] = [a.dataset.from, b.dataset.from].sort();
      const end = [a.dataset.to, b.dataset.to].sort()[1];
      const url = new URL(a.href, location.href);
      url.searchParams.set("date_from", from < to ? from : to);
      url.searchParams.set("date_to", end);
      location.assign(url.toString());
    };
    const reset = () => { if (pending) pending.classList.remove("pending"); pending = null; };
    bars.forEach((a) => {
      a.addEventListener("dragstart", (e) => e.preventDefault());  // a link would start a native drag instead
      a.addEventListener("pointerdown", () => { down = a; });
      a.addEventListener("pointerup", () => {
        if (down && down !== a) { const start = down; down = null; reset(); go(start, a); }
      });
      a.addEventListener("click", (e) => {
        e.preventDefault();
        if (pending) { const start = pending; reset(); go(start, a); return; }
        pending = a;
        a.classList.add("pending");
        hint.textContent = "Начало: " + a.title.split(":")[0] + ". Щёлкните конец периода (тот же столбец — только он; Esc — отмена).";
      });
    });
    document.addEventListener("pointerup", () => { down = null; });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && pending) { reset(); hint.textContent = "Выбор периода отменён."; }
    });
  }
});

// Evidence (event page): a tag's words light up in the text while the tag is hovered or focused;
// its «?» pins them (a tap on a phone). Without JS «?» leads to the list «Откуда теги».
document.addEventListener("DOMContentLoaded", () => {
  const text = document.querySelector(".event.current");
  const tags = [...document.querySelectorAll(".ev-tag")];
  if (!text || !tags.length) return;
  const active = new Set(), hovered = new Set();  // hover by a mouse only: a finger's :hover sticks
  let pinned = null;
  const render = () => {
    text.querySelectorAll(".lit, .lit-why").forEach((s) => s.classList.remove("lit", "lit-why"));
    const keys = new Set(active);
    if (pinned) keys.add(pinned.dataset.key);
    keys.forEach((key) => {
      text.querySelectorAll(`[data-ev~="${key}"]`).forEach((s) => s.classList.add("lit"));
      text.querySelectorAll(`[data-why~="${key}"]`).forEach((s) => s.classList.add("lit-why"));
    });
  };
  const pin = (li) => {
    if (pinned) { pinned.classList.remove("pinned"); pinned.querySelector(".why").setAttribute("aria-pressed", "false"); }
    pinned = li;
    if (li) {
      li.classList.add("pinned");
      li.querySelector(".why").setAttribute("aria-pressed", "true");
      const first = text.querySelector(`[data-ev~="${li.dataset.key}"], [data-why~="${li.dataset.key}"]`);
      if (first) {
        const box = first.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
      }
    }
    render();
  };
  tags.forEach((li) => {
    const key = li.dataset.key;
    const on = () => { li.classList.remove("quiet"); active.add(key); render(); };
    const off = (blurred) => {
      if (hovered.has(key) || (!blurred && li.contains(document.activeElement))) return;
      active.delete(key);
      render();
    };
    li.addEventListener("pointerenter", (e) => { if (e.pointerType === "mouse") { hovered.add(key); on(); } });
    li.addEventListener("pointerleave", (e) => { if (e.pointerType === "mouse") { hovered.delete(key); off(); } });
    li.addEventListener("focusin", on);
    li.addEventListener("focusout", (e) => { if (!li.contains(e.relatedTarget)) off(true); });
    const why = li.querySelector(".why");
    if (!why) return;
    why.setAttribute("role", "button");
    why.setAttribute("aria-pressed", "false");
    const toggle = (e) => { e.preventDefault(); li.classList.remove("quiet"); pin(pinned === li ? null : li); };
    why.addEventListener("click", toggle);
    why.addEventListener("keydown", (e) => { if (e.key === " ") toggle(e); });
  });
  // Esc hides the tooltips and unpins; a tap elsewhere unpins.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "Escape") return;
    tags.forEach((li) => li.classList.add("quiet"));
    active.clear();
    hovered.clear();
    pin(null);
  });
  document.addEventListener("click", (e) => { if (pinned && !e.target.closest(".ev-tag")) pin(null); });
});
