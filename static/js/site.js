// On a phone, a long filter form pushes the list below the fold: fold it behind a button unless a filter is in use
// or has an error. Desktop layouts are unchanged (the button is hidden by CSS above 640px).
document.addEventListener("DOMContentLoaded", () => {
  const label = document.body.dataset.filtersLabel || "Filters";
  document.querySelectorAll("form.filters").forEach((form, index) => {
    // Filters the user chose are in the address; a default selection (e.g. "awaiting review") is not a choice.
    const names = new Set(Array.from(form.elements).map((field) => field.name).filter(Boolean));
    const inUse = Array.from(new URLSearchParams(window.location.search)).some(
      ([name, value]) => names.has(name) && value !== ""
    );
    const hasErrors = form.querySelector(".errorlist") !== null;
    if (!form.id) form.id = `filters-${index + 1}`;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary filters-toggle";
    button.textContent = label;
    button.setAttribute("aria-controls", form.id);
    const open = inUse || hasErrors;
    button.setAttribute("aria-expanded", String(open));
    if (!open) form.classList.add("folded-on-phone");
    button.addEventListener("click", () => {
      const nowOpen = form.classList.toggle("folded-on-phone") === false;
      button.setAttribute("aria-expanded", String(nowOpen));
    });
    form.before(button);
  });
});

// On a phone the navigation folds behind a 菜单 button (the button is hidden by CSS on wider screens).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const list = document.getElementById("site-nav-list");
  if (!toggle || !list) return;
  toggle.addEventListener("click", () => {
    const open = list.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
});

// On a phone a wide list squeezes each column to a character or two: every list table becomes a stack of cards,
// each cell labelled with its column header. Tables of form inputs (formsets) keep their grid and scroll instead.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table").forEach((table) => {
    if (table.classList.contains("keep-table") || table.querySelector("input, select, textarea")) return;
    const headers = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (headers.length === 0) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, index) => {
        if (headers[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[index]);
      });
    });
    table.classList.add("cards-on-phone");
  });
});

// Region pickers (core.widgets.RegionPicker): a filter box narrows the check boxes by name and opens the groups that
// still have a match; clearing it restores the folding as it was.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-region-picker]").forEach((picker) => {
    const filter = picker.querySelector(".region-picker-filter");
    const groups = Array.from(picker.querySelectorAll(".region-group"));
    if (!filter) return;
    filter.hidden = false;
    const initiallyOpen = new Map(groups.map((group) => [group, group.open]));
    filter.addEventListener("input", () => {
      const text = filter.value.trim();
      groups.forEach((group) => {
        const groupName = group.querySelector("summary").textContent;
        let matches = 0;
        group.querySelectorAll(".region-options li").forEach((item) => {
          const show = !text || groupName.includes(text) || item.textContent.includes(text);
          item.hidden = !show;
          if (show) matches += 1;
        });
        group.hidden = Boolean(text) && matches === 0;
        group.open = text ? matches > 0 : initiallyOpen.get(group);
      });
    });
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault();
    });
  });
});
