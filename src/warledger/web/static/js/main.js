// Wires the dashboard together: one filter state, fetched from the API and drawn by every view.
import { allEvents, getJSON, stats } from "./api.js";
import { el, replace } from "./dom.js";
import { FILTER_NAMES, FilterBar } from "./filters.js";
import { ActorGraph } from "./graph.js";
import { renderList, selectRow } from "./list.js";
import { EventMap } from "./map.js";
import { showEvent } from "./panel.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);

const state = { filters: {}, events: [], selected: null, edge: null, generation: 0 };

const filterBar = new FilterBar($("filters"), { onChange: (filters) => apply(filters) });
const eventMap = new EventMap($("view-map"), { onSelect: select });
const timeline = new Timeline($("timeline"), $("timeline-note"), { onBrush: (range) => apply({ ...state.filters, ...range }) });
const graph = new ActorGraph($("graph"), $("graph-legend"), {
  onActor: (actor) => apply({ ...state.filters, actor }),
  onEdge: (edge) => showEdge(edge),
});

/** Make `filters` current: show them in the bar and the URL, then redraw every view. */
function apply(filters) {
  state.filters = Object.fromEntries(FILTER_NAMES.map((name) => [name, filters[name] ?? ""]));
  state.edge = null;
  filterBar.set(state.filters);
  writeHash();
  return refresh();
}

async function refresh() {
  const generation = ++state.generation;
  const { since, until, ...undated } = state.filters;
  setStatus("Loading events…", "busy");
  document.body.dataset.state = "loading";
  // The status is the one count shown before every event is fetched, so the one that uses the
  // API's count (which stops at a limit); every other count is of the events fetched.
  const progress = (loaded, matching) => {
    if (generation === state.generation) setStatus(`Loading events… ${loaded.toLocaleString("en")} of ${matching} matching`, "busy");
  };
  try {
    const [view, mapped, timed] = await Promise.all([
      allEvents(state.filters, progress),
      allEvents({ ...state.filters, has_coordinates: "true" }),
      allEvents(undated),
    ]);
    if (generation !== state.generation) return; // a newer filter superseded this one
    state.events = view;
    eventMap.render(mapped);
    timeline.render(timed, { since, until });
    graph.render(view);
    drawList();
    const { nodes, edges } = graph.size();
    $("view-note").textContent = `${view.length} events · ${mapped.length} on the map · ${nodes} actors, ${edges} links`;
    setStatus("");
    document.body.dataset.state = "ready";
  } catch (error) {
    if (generation !== state.generation) return;
    setStatus(error.message, "error");
    document.body.dataset.state = "error";
  }
}

function drawList() {
  const edgeEvents = state.edge && new Set(state.edge.events);
  const events = edgeEvents ? state.events.filter((event) => edgeEvents.has(event.id)) : state.events;
  renderList($("event-list"), events, { onSelect: select, selected: state.selected });
  $("list-count").textContent = state.edge
    ? `${events.length} · ${state.edge.kind.toLowerCase()} ${state.edge.source} → ${state.edge.target}`
    : String(events.length);
  $("list-clear").hidden = !state.edge;
}

function showEdge(edge) {
  state.edge = edge;
  closePanel();
  drawList();
}

/** Open event `id` in the panel and mark it on the map and in the list. */
async function select(id) {
  state.selected = id;
  writeHash();
  eventMap.highlight(id);
  selectRow($("event-list"), id);
  $("list-panel").hidden = true;
  try {
    await showEvent($("event-panel"), id, { onSelect: select, onClose: closePanel });
  } catch (error) {
    replace($("event-panel"), el("p", { className: "error" }, error.message),
      el("button", { type: "button", className: "button-quiet", on: { click: closePanel } }, "Back to the list"));
  }
}

function closePanel() {
  state.selected = null;
  writeHash();
  eventMap.highlight(null);
  $("event-panel").hidden = true;
  $("list-panel").hidden = false;
}

function setStatus(message, kind = "") {
  $("status").textContent = message;
  $("status").className = `status ${kind}`;
}

function writeHash() {
  const query = new URLSearchParams(Object.entries(state.filters).filter(([, value]) => value));
  if (state.selected) query.set("event", state.selected);
  history.replaceState(null, "", query.toString() ? `#${query}` : location.pathname);
}

function readHash() {
  const query = new URLSearchParams(location.hash.slice(1));
  return { filters: Object.fromEntries(FILTER_NAMES.map((name) => [name, query.get(name) ?? ""])), event: query.get("event") };
}

function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const active = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(active));
    $(tab.getAttribute("aria-controls")).hidden = !active;
  }
  if (name === "map") eventMap.resize();
  else graph.layout();
}

function drawStats(totals) {
  replace($("stats"), [["documents", totals.documents], ["events", totals.events], ["claims", totals.claims]]
    .map(([label, value]) => el("div", {}, el("dt", {}, label), el("dd", {}, Number(value).toLocaleString("en")))));
}

async function start() {
  $("tab-map").addEventListener("click", () => showTab("map"));
  $("tab-graph").addEventListener("click", () => showTab("graph"));
  $("list-clear").addEventListener("click", () => {
    state.edge = null;
    drawList();
  });
  const initial = readHash();
  const [topology, totals, everything] = await Promise.all([
    getJSON("vendor/countries-50m.json"), stats(), allEvents({}),
  ]).catch((error) => {
    setStatus(error.message, "error");
    return [];
  });
  if (topology) eventMap.setBasemap(topology);
  if (totals) drawStats(totals);
  if (everything) filterBar.suggest(everything);
  await apply(initial.filters);
  if (initial.event) await select(initial.event);
}

start();
