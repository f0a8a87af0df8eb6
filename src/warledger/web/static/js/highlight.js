// Report text with spans marked: text nodes and <mark> elements only, so markup in a report
// is always shown as the characters it is.
//
// The API's offsets count Unicode code points (as Python does), while JS strings index UTF-16
// code units; every slice here goes through code points so text after an emoji stays aligned.
import { el } from "./dom.js";

/** The characters of `text` from code point `start` up to code point `end`. */
export function slice(text, start, end) {
  return Array.from(text).slice(start, end).join("");
}

/**
 * Nodes for `text` (which starts at document offset `offset`) with every span in `spans`
 * ({start, end, className, key}, document offsets) wrapped in <mark>. Overlapping spans split
 * the text into segments; each segment carries the classes and keys of all spans covering it.
 */
export function highlighted(text, offset, spans) {
  const chars = Array.from(text);
  const end = offset + chars.length;
  const inside = spans.filter((span) => span.end > offset && span.start < end);
  const cuts = new Set([offset, end]);
  for (const span of inside) {
    cuts.add(Math.max(span.start, offset));
    cuts.add(Math.min(span.end, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const nodes = [];
  for (let i = 0; i < points.length - 1; i += 1) {
    const [from, to] = [points[i], points[i + 1]];
    const piece = chars.slice(from - offset, to - offset).join("");
    const covering = inside.filter((span) => span.start <= from && span.end >= to);
    if (!covering.length) {
      nodes.push(piece);
      continue;
    }
    nodes.push(el("mark", {
      className: [...new Set(covering.map((span) => span.className))].join(" "),
      dataset: { keys: covering.map((span) => span.key).join(" ") },
      title: covering.map((span) => span.label).filter(Boolean).join(", ") || null,
    }, piece));
  }
  return nodes;
}

/**
 * Where sentence `sentence` (its text, or {start, end, text}) lies in `docText`: the occurrence
 * that contains `span`, as a code point offset and the sentence's text. Null when not found.
 */
export function locateSentence(docText, sentence, span) {
  if (sentence && typeof sentence === "object" && Number.isInteger(sentence.start)) {
    return { start: sentence.start, text: slice(docText, sentence.start, sentence.end).trimEnd() };
  }
  if (typeof sentence !== "string" || !docText) return null;
  const spanStart = slice(docText, 0, span.start).length;
  let at = docText.lastIndexOf(sentence, spanStart);
  if (at < 0 || at + sentence.length < spanStart) at = docText.indexOf(sentence);
  // Trailing line breaks would only add empty lines under the quote.
  return at < 0 ? null : { start: Array.from(docText.slice(0, at)).length, text: sentence.trimEnd() };
}
