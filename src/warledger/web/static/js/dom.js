// DOM building from text nodes only: report text never passes through innerHTML.

/**
 * Create an element. `props` may hold `className`, `dataset`, `on` (event listeners), and
 * plain attributes; children are nodes or strings (added as text nodes), arrays are flattened
 * and null/false/undefined are skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "on") for (const [name, fn] of Object.entries(value)) node.addEventListener(name, fn);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Append children (nodes, strings, arrays of them) to `node`. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace every child of `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A link only for http(s) URLs, so a report cannot smuggle in a javascript: URL. */
export function safeLink(url, text) {
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    return document.createTextNode(text ?? String(url ?? ""));
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return document.createTextNode(text ?? url);
  return el("a", { href: parsed.href, target: "_blank", rel: "noopener noreferrer" }, text ?? parsed.href);
}
