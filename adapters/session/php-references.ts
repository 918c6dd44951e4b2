/**
 * Keeps PHP back-references right when a session changes. `r:N;` / `R:N;` point at value number N
 * in document order (root = 1; every value counts, array keys do not, `R:` entries take no number).
 * Adding a flash key before an object shifts every later number, so a ref written back as it was
 * read would point at the wrong value. At load we note the path each ref points to; at save we
 * number the current tree and rewrite each ref to where its target is now (a target that was
 * removed is inlined as a copy). Sessions without refs (nearly all) pay nothing.
 */
import {
  PhpArray,
  type PhpArrayKey,
  PhpObject,
  PhpObjectRef,
  PhpReference,
  type PhpValue,
} from "../../src/codecs/php/values.js";

type Ref = PhpObjectRef | PhpReference;
type Segment = PhpArrayKey | string;

/** What a ref pointed at when the session was read. */
export interface CapturedReferences {
  targets: Map<Ref, { path: string; value: PhpValue }>;
}

interface Numbered {
  /** value number → [path, value] */
  byIndex: Map<number, [string, PhpValue]>;
  /** path → value number */
  byPath: Map<string, number>;
  refs: Array<{ ref: Ref; holder: PhpArray | PhpObject; at: number }>;
}

function pathKey(path: readonly Segment[]): string {
  return JSON.stringify(
    path.map((s) =>
      typeof s === "bigint"
        ? `i${s}`
        : typeof s === "string"
          ? `s${s}`
          : `b${Buffer.from(s).toString("hex")}`,
    ),
  );
}

function number(root: PhpValue): Numbered {
  const out: Numbered = { byIndex: new Map(), byPath: new Map(), refs: [] };
  let next = 1;
  const walk = (value: PhpValue, path: Segment[]): void => {
    if (value instanceof PhpReference) return; // R: takes no number
    const key = pathKey(path);
    out.byIndex.set(next, [key, value]);
    out.byPath.set(key, next);
    next++;
    if (value instanceof PhpArray) {
      value.entries.forEach(([k, v], at) => {
        if (v instanceof PhpObjectRef || v instanceof PhpReference)
          out.refs.push({ ref: v, holder: value, at });
        walk(v, [...path, k]);
      });
    } else if (value instanceof PhpObject) {
      value.properties.forEach((p, at) => {
        if (p.value instanceof PhpObjectRef || p.value instanceof PhpReference)
          out.refs.push({ ref: p.value, holder: value, at });
        walk(p.value, [...path, `${p.visibility}:${p.declaringClass ?? ""}:${String(p.name)}`]);
      });
    }
  };
  walk(root, []);
  return out;
}

// Runs on every loaded session: plain loops, no closure or destructuring per value.
function hasRefs(value: PhpValue): boolean {
  if (value === null || typeof value !== "object" || value instanceof Uint8Array) return false;
  if (value instanceof PhpObjectRef || value instanceof PhpReference) return true;
  if (value instanceof PhpArray) {
    const entries = value.entries;
    for (let i = 0; i < entries.length; i++) {
      if (hasRefs((entries[i] as [PhpArrayKey, PhpValue])[1])) return true;
    }
  } else if (value instanceof PhpObject) {
    const properties = value.properties;
    for (let i = 0; i < properties.length; i++) {
      if (hasRefs((properties[i] as { value: PhpValue }).value)) return true;
    }
  }
  return false;
}

/** Notes where every ref of a freshly read session points; null when there are none. */
export function captureReferences(attributes: PhpArray): CapturedReferences | null {
  if (!hasRefs(attributes)) return null;
  const numbered = number(attributes);
  const targets = new Map<Ref, { path: string; value: PhpValue }>();
  for (const { ref } of numbered.refs) {
    const target = numbered.byIndex.get(ref.index);
    if (target) targets.set(ref, { path: target[0], value: target[1] });
  }
  return { targets };
}

/** Rewrites the refs of `attributes` (in place) to the current numbers of their targets. */
export function renumberReferences(attributes: PhpArray, captured: CapturedReferences): void {
  // Pass 1: a ref whose target is gone becomes a copy of it (this may shift numbers).
  let numbered = number(attributes);
  let inlined = false;
  for (const { ref, holder, at } of numbered.refs) {
    const target = captured.targets.get(ref);
    if (target && !numbered.byPath.has(target.path)) {
      put(holder, at, target.value);
      inlined = true;
    }
  }
  if (inlined) numbered = number(attributes);
  // Pass 2: point every ref at its target's number now (ref → ref keeps all counts).
  for (const { ref, holder, at } of numbered.refs) {
    const target = captured.targets.get(ref);
    const now = target && numbered.byPath.get(target.path);
    if (target === undefined || now === undefined || now === ref.index) continue;
    const moved = ref instanceof PhpObjectRef ? new PhpObjectRef(now) : new PhpReference(now);
    put(holder, at, moved);
    captured.targets.set(moved, target);
  }
}

function put(holder: PhpArray | PhpObject, at: number, value: PhpValue): void {
  if (holder instanceof PhpArray) (holder.entries[at] as [PhpArrayKey, PhpValue])[1] = value;
  else (holder.properties[at] as { value: PhpValue }).value = value;
}
