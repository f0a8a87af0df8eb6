// The actor graph: actors as nodes; attacks and arms transfers as edges weighted by event count.
import { el } from "./dom.js";

const cytoscape = window.cytoscape;
const MAX_FIT_ZOOM = 1.2;
const EDGE_KINDS = {
  attack: { from: ["attacker"], to: ["target"], label: "Attacks", color: "#c8402f" },
  invasion: { from: ["attacker"], to: ["target"], label: "Attacks", color: "#c8402f" },
  arms_transfer: { from: ["supplier"], to: ["recipient"], label: "Arms transfers", color: "#2b6cb0" },
};

/** The actors an event names in `roles`; an attack on a place counts against the place's country. */
function actors(event, roles) {
  const names = event.fields
    .filter((f) => roles.includes(f.role))
    .map((f) => (f.typed?.type === "place" ? f.typed.country : f.typed?.type === "actor" ? f.typed.name || f.value : null))
    .filter(Boolean);
  return [...new Set(names)];
}

/** Nodes and weighted edges of the graph drawn from `events`. */
export function graphElements(events) {
  const nodes = new Map();
  const edges = new Map();
  for (const event of events) {
    const kind = EDGE_KINDS[event.type];
    if (!kind) continue;
    const targets = event.type === "arms_transfer" ? actors(event, kind.to) : actors(event, ["target"]).length
      ? actors(event, ["target"]) : actors(event, ["place"]);
    for (const source of actors(event, kind.from)) {
      for (const target of targets) {
        if (source === target) continue;
        const key = `${kind.label}|${source}|${target}`;
        const edge = edges.get(key) ?? { id: key, source, target, kind: kind.label, color: kind.color, events: [] };
        edge.events.push(event.id);
        edges.set(key, edge);
        for (const name of [source, target]) nodes.set(name, (nodes.get(name) ?? 0) + 1);
      }
    }
  }
  return {
    nodes: [...nodes].map(([name, weight]) => ({ data: { id: name, label: name, weight } })),
    edges: [...edges.values()].map((edge) => ({ data: { ...edge, weight: edge.events.length } })),
  };
}

export class ActorGraph {
  constructor(container, legend, { onActor, onEdge }) {
    this.container = container;
    this.cy = cytoscape({
      container,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          label: "data(label)", "font-size": 15, "font-family": "Inter, system-ui, sans-serif", color: "#1f2933",
          "text-valign": "bottom", "text-margin-y": 4, "background-color": "#334e68",
          width: "mapData(weight, 1, 40, 18, 50)", height: "mapData(weight, 1, 40, 18, 50)",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 2 } },
        { selector: "edge", style: {
          width: "mapData(weight, 1, 20, 1.5, 9)", "line-color": "data(color)", "target-arrow-color": "data(color)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.75, label: "data(weight)",
          "font-size": 12, color: "#3e4c59", "text-background-color": "#ffffff", "text-background-opacity": 1 } },
        { selector: ":selected", style: { "overlay-opacity": 0.15, "overlay-color": "#111827", opacity: 1 } },
      ],
    });
    this.cy.on("tap", "node", (event) => onActor(event.target.id()));
    this.cy.on("tap", "edge", (event) => onEdge(event.target.data()));
    legend.replaceChildren(
      ...Object.values(EDGE_KINDS).filter((kind, i, all) => all.findIndex((k) => k.label === kind.label) === i)
        .map((kind) => el("div", { className: "legend-row" },
          el("span", { className: "swatch line", style: `background:${kind.color}` }), kind.label)),
      el("div", { className: "muted" }, "Edge width and label: number of events. Click an actor to filter by it."),
    );
  }

  /** Redraw the graph for `events` and lay it out. */
  render(events) {
    const { nodes, edges } = graphElements(events);
    this.cy.elements().remove();
    this.cy.add([...nodes, ...edges]);
    this.layout();
  }

  /** Lay the graph out again in its (possibly resized) container. */
  layout() {
    if (!this.container.offsetWidth) return; // hidden tab: laid out when shown
    this.cy.resize();
    this.cy.layout({ name: "cose", animate: false, padding: 30, nodeRepulsion: () => 400000, idealEdgeLength: () => 100,
      randomize: false, componentSpacing: 60 }).run();
    // A small graph would otherwise be blown up to fill the view.
    if (this.cy.zoom() > MAX_FIT_ZOOM) {
      this.cy.zoom(MAX_FIT_ZOOM);
      this.cy.center();
    }
  }

  /** The number of actors and edges drawn. */
  size() {
    return { nodes: this.cy.nodes().length, edges: this.cy.edges().length };
  }
}
