// One colour and label per event type, shared by the map, the timeline, the graph and the list.

export const TYPES = [
  ["attack", "Attack", "#c8402f"],
  ["invasion", "Invasion", "#7a1f3d"],
  ["arms_transfer", "Arms transfer", "#2b6cb0"],
  ["cooperation", "Cooperation", "#2f855a"],
  ["accusation", "Accusation", "#b7791f"],
  ["denial", "Denial", "#6b46c1"],
  ["statement", "Statement", "#718096"],
];

const BY_TYPE = new Map(TYPES.map(([type, label, color]) => [type, { label, color }]));

/** The colour of an event type (grey for a type this dashboard does not know). */
export const typeColor = (type) => BY_TYPE.get(type)?.color ?? "#a0aec0";

/** The human label of an event type. */
export const typeLabel = (type) => BY_TYPE.get(type)?.label ?? String(type).replaceAll("_", " ");
