// Short human descriptions of events and field values, for the list, tooltips and the panel.

const values = (event, role) => event.fields.filter((f) => f.role === role).map((f) => f.value);
const first = (event, ...roles) => roles.map((role) => values(event, role)[0]).find(Boolean);
const joined = (event, role) => [...new Set(values(event, role))].join(", ");

/** A one-line summary of who did what to whom, built from the event's fields. */
export function summary(event) {
  switch (event.type) {
    case "attack":
    case "invasion": {
      const parts = [`${joined(event, "attacker") || "Unattributed"} → ${first(event, "target", "place") || "?"}`];
      const weapon = joined(event, "weapon");
      return weapon ? `${parts[0]} · ${weapon}` : parts[0];
    }
    case "arms_transfer": {
      const quantity = first(event, "quantity");
      const item = joined(event, "item") || "arms";
      return `${joined(event, "supplier") || "?"} → ${joined(event, "recipient") || "?"} · ${quantity ? `${quantity} ` : ""}${item}`;
    }
    case "cooperation":
      return joined(event, "participant") || event.trigger.text;
    default: {
      const speaker = joined(event, "speaker") || event.source?.name || "Unnamed source";
      const content = event.fields.find((f) => f.role === "content");
      return `${speaker}: “${truncate(content ? content.text : event.trigger.text, 90)}”`;
    }
  }
}

/** `text` cut to `length` characters with an ellipsis. */
export function truncate(text, length) {
  return text.length > length ? `${text.slice(0, length - 1).trimEnd()}…` : text;
}

/** An event's date as shown: a day, or a range when start and end differ. */
export function dateLabel(date) {
  if (!date || !date.start) return "undated";
  return date.end && date.end !== date.start ? `${date.start} – ${date.end}` : date.start;
}

/** An event's place as shown: name, region, country. */
export function placeLabel(place) {
  if (!place) return "no place";
  return [...new Set([place.name, place.admin1, place.country].filter(Boolean))].join(", ");
}

/** Details of a typed field value worth showing beside its display value. */
export function typedDetail(typed) {
  if (!typed) return "";
  switch (typed.type) {
    case "weapon":
      return [typed.category, typed.origin && `origin ${typed.origin}`].filter(Boolean).join(" · ");
    case "quantity":
      return [typed.qualifier !== "exact" && typed.qualifier?.replaceAll("_", " "),
        typed.low !== null && typed.high !== null && typed.low !== typed.high && `${typed.low}–${typed.high}`,
        typed.unit].filter(Boolean).join(" · ");
    case "place":
      return [typed.admin1, typed.country,
        Number.isFinite(typed.lat) && `${typed.lat.toFixed(3)}, ${typed.lon.toFixed(3)}`].filter(Boolean).join(" · ");
    case "timevalue":
      return [typed.precision, typed.start && dateLabel(typed)].filter(Boolean).join(" · ");
    case "actor":
      return [typed.kind?.replaceAll("_", " "), typed.country].filter(Boolean).join(" · ");
    case "source":
      return [typed.role, typed.organisation].filter(Boolean).join(" · ");
    default:
      return "";
  }
}
