// The filter bar shared by the map, the timeline, the graph and the list.
import { el, replace } from "./dom.js";
import { TYPES } from "./palette.js";

export const FILTER_NAMES = ["type", "modality", "actor", "weapon", "weapon_origin", "place", "since", "until"];

export class FilterBar {
  constructor(form, { onChange }) {
    this.form = form;
    const typeSelect = form.elements.type;
    for (const [type, label] of TYPES) typeSelect.append(el("option", { value: type }, label));
    form.addEventListener("change", () => onChange(this.values()));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onChange(this.values());
    });
    form.addEventListener("reset", () => setTimeout(() => onChange(this.values())));
  }

  /** The current filters, every name present ("" when unset). */
  values() {
    return Object.fromEntries(FILTER_NAMES.map((name) => [name, this.form.elements[name].value.trim()]));
  }

  /** Set some filters without firing a change (the caller refreshes). */
  set(values) {
    for (const [name, value] of Object.entries(values)) {
      if (FILTER_NAMES.includes(name)) this.form.elements[name].value = value ?? "";
    }
  }

  /** Offer the names found in `events` as suggestions in the text filters. */
  suggest(events) {
    const names = { actor: new Set(), weapon: new Set(), weapon_origin: new Set(), place: new Set() };
    for (const event of events) {
      for (const f of event.fields) {
        if (f.typed?.type === "actor") names.actor.add(f.value);
        if (f.role === "weapon" || f.role === "item") names.weapon.add(f.value);
        if (f.role === "weapon_origin") names.weapon_origin.add(f.value);
        if (f.typed?.origin) names.weapon_origin.add(f.typed.origin);
      }
      if (event.place?.name) names.place.add(event.place.name);
      if (event.place?.admin1) names.place.add(event.place.admin1);
    }
    const lists = { actor: "actor-names", weapon: "weapon-names", weapon_origin: "origin-names", place: "place-names" };
    for (const [name, id] of Object.entries(lists)) {
      replace(document.getElementById(id), [...names[name]].sort().map((value) => el("option", { value })));
    }
  }
}
