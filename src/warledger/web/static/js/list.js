// The event list in the sidebar: one compact row per event, newest filter result first.
import { el, replace } from "./dom.js";
import { summary, dateLabel, placeLabel } from "./describe.js";
import { typeColor, typeLabel } from "./palette.js";

const MAX_ROWS = 400;

/** Fill `list` with rows for `events`; a click on a row calls `onSelect(id)`. */
export function renderList(list, events, { onSelect, selected }) {
  const rows = events.slice(0, MAX_ROWS).map((event) =>
    el("li", { className: event.id === selected ? "event-row selected" : "event-row", dataset: { event: event.id } },
      el("button", { type: "button", on: { click: () => onSelect(event.id) } },
        el("span", { className: "row-head" },
          el("span", { className: "badge", style: `--type:${typeColor(event.type)}` }, typeLabel(event.type)),
          event.modality !== "asserted" && el("span", { className: "chip" }, event.modality),
          el("span", { className: "row-date" }, dateLabel(event.date))),
        el("span", { className: "row-summary" }, summary(event)),
        el("span", { className: "row-place" }, placeLabel(event.place)))));
  if (events.length > MAX_ROWS) {
    rows.push(el("li", { className: "muted more" }, `${events.length - MAX_ROWS} more: narrow the filters to see them`));
  }
  if (!events.length) rows.push(el("li", { className: "muted more" }, "No events match the filters."));
  replace(list, rows);
}

/** Mark the row of event `id` as selected and scroll it into view. */
export function selectRow(list, id) {
  for (const row of list.querySelectorAll(".event-row.selected")) row.classList.remove("selected");
  const row = [...list.children].find((child) => child.dataset.event === id);
  if (row) {
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
  }
}
