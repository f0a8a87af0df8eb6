// The event map: an offline Natural Earth basemap and one circle marker per geocoded event.
import { el } from "./dom.js";
import { summary, dateLabel, placeLabel } from "./describe.js";
import { TYPES, typeColor, typeLabel } from "./palette.js";

const L = window.L;
const DEFAULT_VIEW = { center: [48.5, 32], zoom: 5 };
// Events at the same coordinates are fanned out on a small ring (in screen pixels) so each
// one stays clickable; the ring's centre is the true location.
const RING_PIXELS = 9;
const ANTARCTICA = "010";
// The first view frames the middle 90% of events, so a few far-away ones do not zoom it out.
const FIT_QUANTILES = [0.05, 0.95];

export class EventMap {
  constructor(container, { onSelect }) {
    this.onSelect = onSelect;
    this.map = L.map(container, { zoomSnap: 0.25, worldCopyJump: true, attributionControl: true })
      .setView(DEFAULT_VIEW.center, DEFAULT_VIEW.zoom);
    this.map.attributionControl.setPrefix(false);
    this.map.attributionControl.addAttribution("Boundaries: Natural Earth via world-atlas");
    this.layer = L.layerGroup().addTo(this.map);
    this.markers = new Map();
    this.selected = null;
    this.legend = this.#legendControl().addTo(this.map);
    this.map.on("zoomend", () => this.#fanOut());
  }

  /** Draw country boundaries from a world-atlas TopoJSON topology. */
  setBasemap(topology) {
    const countries = window.topojson.feature(topology, topology.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA && f.geometry).map(unwrapped);
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#ffffff", weight: 0.8, fillColor: "#dfe3e8", fillOpacity: 1 },
    }).addTo(this.map).bringToBack();
  }

  /** Replace the markers with one per event that has coordinates; fit the view on first draw. */
  render(events) {
    this.layer.clearLayers();
    this.markers.clear();
    for (const event of events) {
      if (!event.place || !Number.isFinite(event.place.lat) || !Number.isFinite(event.place.lon)) continue;
      const marker = L.circleMarker([event.place.lat, event.place.lon], {
        radius: 6,
        color: "#ffffff",
        weight: 1.2,
        fillColor: typeColor(event.type),
        fillOpacity: 0.9,
        className: `event-marker type-${event.type}`,
      });
      marker.bindTooltip(tooltip(event), { direction: "top", offset: [0, -6] });
      marker.on("click", () => this.onSelect(event.id));
      marker.home = marker.getLatLng();
      marker.addTo(this.layer);
      marker.getElement().dataset.event = event.id;
      this.markers.set(event.id, marker);
    }
    this.#fanOut();
    this.#updateLegend(events);
    if (!this.fitted && this.markers.size) {
      this.map.fitBounds(coreBounds([...this.markers.values()].map((m) => m.home)), { padding: [30, 30], maxZoom: 7 });
      this.fitted = true;
    }
    this.highlight(this.selected);
  }

  /** Mark one event's marker as selected (null clears the selection). */
  highlight(id) {
    this.markers.get(this.selected)?.setStyle({ color: "#ffffff", weight: 1.2, radius: 6 });
    this.selected = id;
    const marker = this.markers.get(id);
    if (marker) {
      marker.setStyle({ color: "#111827", weight: 2.5, radius: 8 });
      marker.bringToFront();
      if (!this.map.getBounds().contains(marker.getLatLng())) this.map.panTo(marker.getLatLng());
    }
  }

  /** Recompute the map size after its container was shown or resized. */
  resize() {
    this.map.invalidateSize();
  }

  #fanOut() {
    const groups = new Map();
    for (const marker of this.markers.values()) {
      const key = `${marker.home.lat},${marker.home.lng}`;
      groups.set(key, [...(groups.get(key) ?? []), marker]);
    }
    const zoom = this.map.getZoom();
    for (const group of groups.values()) {
      if (group.length === 1) {
        group[0].setLatLng(group[0].home);
        continue;
      }
      const centre = this.map.project(group[0].home, zoom);
      const radius = RING_PIXELS + group.length * 0.9;
      group.forEach((marker, index) => {
        const angle = (2 * Math.PI * index) / group.length;
        const point = centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
        marker.setLatLng(this.map.unproject(point, zoom));
      });
    }
  }

  #legendControl() {
    const control = L.control({ position: "bottomleft" });
    control.onAdd = () => {
      this.legendBox = el("div", { className: "legend map-legend" });
      return this.legendBox;
    };
    return control;
  }

  #updateLegend(events) {
    const counts = new Map();
    for (const event of events) {
      if (event.place) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    }
    this.legendBox.replaceChildren(
      el("div", { className: "legend-title" }, `${this.markers.size} geocoded events`),
      ...TYPES.filter(([type]) => counts.has(type)).map(([type]) =>
        el("div", { className: "legend-row" },
          el("span", { className: "swatch", style: `background:${typeColor(type)}` }),
          `${typeLabel(type)} `, el("span", { className: "muted" }, String(counts.get(type))))),
    );
  }
}

/** Bounds of the central quantiles of `points`' latitudes and longitudes. */
function coreBounds(points) {
  const range = (values) => {
    const sorted = values.sort((a, b) => a - b);
    return FIT_QUANTILES.map((q) => sorted[Math.round(q * (sorted.length - 1))]);
  };
  const [south, north] = range(points.map((p) => p.lat));
  const [west, east] = range(points.map((p) => p.lng));
  return L.latLngBounds([south, west], [north, east]);
}

/**
 * A country whose rings cross the antimeridian, with longitudes continued past ±180 so that
 * Leaflet does not draw an edge across the whole world.
 */
function unwrapped(feature) {
  const ring = (points) => {
    let shift = 0;
    return points.map(([lon, lat], i) => {
      if (i > 0) {
        const jump = lon - points[i - 1][0];
        if (jump > 180) shift -= 360;
        else if (jump < -180) shift += 360;
      }
      return [lon + shift, lat];
    });
  };
  const { type, coordinates } = feature.geometry;
  const polygons = type === "Polygon" ? [coordinates] : coordinates;
  const fixed = polygons.map((polygon) => polygon.map(ring));
  return { ...feature, geometry: { type, coordinates: type === "Polygon" ? fixed[0] : fixed } };
}

function tooltip(event) {
  return el("div", { className: "map-tip" },
    el("strong", {}, typeLabel(event.type)), " · ", dateLabel(event.date),
    el("div", {}, placeLabel(event.place)),
    el("div", { className: "muted" }, summary(event)));
}
