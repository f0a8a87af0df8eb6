// The timeline: events per day stacked by type, with a brush that selects a date range.
import { TYPES, typeColor, typeLabel } from "./palette.js";

const d3 = window.d3;
const MARGIN = { top: 8, right: 16, bottom: 22, left: 34 };
const HEIGHT = 150;
const DAY = 86400000;
const isoDay = d3.utcFormat("%Y-%m-%d");
const parseDay = d3.utcParse("%Y-%m-%d");

/** Whether an event is dated to one day (a week or a month would be misplaced on one bar). */
export const onOneDay = (event) => Boolean(event.date?.start) && event.date.start === event.date.end;

/** Counts per day and type, [{day: Date, attack: n, ...}], of the events dated to one day. */
export function dailyCounts(events) {
  const byDay = new Map();
  for (const event of events) {
    if (!onOneDay(event)) continue;
    const day = event.date.start;
    const row = byDay.get(day) ?? { day: parseDay(day) };
    row[event.type] = (row[event.type] ?? 0) + 1;
    byDay.set(day, row);
  }
  return [...byDay.values()].sort((a, b) => a.day - b.day);
}

export class Timeline {
  constructor(container, note, { onBrush }) {
    this.container = container;
    this.note = note;
    this.onBrush = onBrush;
    this.svg = d3.select(container).append("svg").attr("class", "timeline-svg").attr("role", "img");
    this.plot = this.svg.append("g").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
    this.bars = this.plot.append("g").attr("class", "bars");
    this.xAxis = this.plot.append("g").attr("class", "axis x-axis");
    this.yAxis = this.plot.append("g").attr("class", "axis y-axis");
    this.brushLayer = this.plot.append("g").attr("class", "brush");
    this.empty = this.plot.append("text").attr("class", "empty-note").attr("y", 60);
    this.range = { since: "", until: "" };
    this.rows = [];
    new ResizeObserver(() => this.#draw()).observe(container);
  }

  /** Draw the per-day counts of `events`; `range` ({since, until}) is shown as the brush. */
  render(events, range) {
    this.rows = dailyCounts(events);
    const daily = events.filter(onOneDay).length;
    this.note.textContent = `${daily} of ${events.length} events are dated to a day and drawn; `
      + `${events.length - daily} have a longer or no date.`;
    this.range = range;
    this.#draw();
  }

  #draw() {
    const width = Math.max(this.container.clientWidth, 320);
    const inner = { width: width - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
    this.svg.attr("viewBox", `0 0 ${width} ${HEIGHT}`).attr("width", width).attr("height", HEIGHT)
      .attr("aria-label", `Events per day, ${this.rows.length} days with events`);
    const days = this.rows.map((row) => row.day);
    const [first, last] = days.length ? d3.extent(days) : [new Date(), new Date()];
    const x = d3.scaleUtc().domain([d3.utcDay.offset(first, -1), d3.utcDay.offset(last, 2)]).range([0, inner.width]);
    const stack = d3.stack().keys(TYPES.map(([type]) => type)).value((row, key) => row[key] ?? 0)(this.rows);
    const top = d3.max(stack.at(-1) ?? [], (point) => point[1]) ?? 1;
    const y = d3.scaleLinear().domain([0, Math.max(top, 1)]).nice().range([inner.height, 0]);
    const barWidth = Math.max(2, x(new Date(DAY)) - x(new Date(0)) - 1);

    this.bars.selectAll("g.layer").data(stack, (layer) => layer.key).join("g")
      .attr("class", "layer").attr("fill", (layer) => typeColor(layer.key))
      .selectAll("rect").data((layer) => layer.map((point) => Object.assign(point, { key: layer.key })))
      .join("rect")
      .attr("x", (point) => x(point.data.day))
      .attr("width", barWidth)
      .attr("y", (point) => y(point[1]))
      .attr("height", (point) => Math.max(0, y(point[0]) - y(point[1])))
      .selectAll("title").data((point) => [point]).join("title")
      .text((point) => `${isoDay(point.data.day)} · ${typeLabel(point.key)}: ${point[1] - point[0]}`);

    this.xAxis.attr("transform", `translate(0,${inner.height})`)
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(inner.width / 90))).tickSizeOuter(0));
    this.yAxis.call(d3.axisLeft(y).ticks(4).tickFormat(d3.format("d")).tickSizeOuter(0));
    this.empty.attr("x", inner.width / 2).text(this.rows.length ? "" : "No dated events match the filters");

    this.brush = d3.brushX().extent([[0, 0], [inner.width, inner.height]])
      .on("end", (event) => this.#brushed(event, x));
    this.brushLayer.call(this.brush);
    const { since, until } = this.range;
    const selection = since && until ? [x(parseDay(since)), x(d3.utcDay.offset(parseDay(until), 1))] : null;
    this.brushLayer.call(this.brush.move, selection);
  }

  #brushed(event, x) {
    if (!event.sourceEvent) return; // moved by render(), not by the analyst
    if (!event.selection) {
      this.onBrush({ since: "", until: "" });
      return;
    }
    const [start, end] = event.selection.map((px) => x.invert(px));
    const since = d3.utcDay.round(start);
    const until = d3.utcDay.offset(d3.utcDay.round(end), -1);
    this.onBrush({ since: isoDay(since), until: isoDay(until < since ? since : until) });
  }
}
