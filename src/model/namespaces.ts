/**
 * Namespace names: what `#pragma namespace(...)` and `instance of __Namespace`
 * mean for the current namespace. Pure string arithmetic.
 *
 * Rules (docs/model-json.md, "Namespaces"):
 * - Names are `/`-separated in the model (`root/virtualization/v2`); `\` is a
 *   separator too, so `root\cimv2` is `root/cimv2`.
 * - `\\.\root\x` and `//server/root/x` (Microsoft) name a machine first; the
 *   machine is dropped.
 * - A name whose first segment is `root` (case-insensitive), or that starts
 *   with a separator, is absolute; any other name (`ms_409`) is relative to
 *   the current namespace, as mofcomp reads it.
 * - `__create` segments (mofcomp's "create if missing") are dropped: mofc
 *   creates every namespace a pragma names.
 * - `.` and empty segments are dropped; `..` is not allowed.
 */

export const DEFAULT_NAMESPACE = 'root/cimv2';

/** Resolves a namespace pragma argument against the current namespace; `undefined` when the name is not valid. */
export function resolveNamespaceName(written: string, current: string): string | undefined {
  let text = written.trim().replace(/\\/g, '/');
  let absolute = false;
  if (text.startsWith('//')) {
    // `//machine/root/...`: drop the machine.
    const rest = text.slice(2);
    const slash = rest.indexOf('/');
    text = slash === -1 ? '' : rest.slice(slash + 1);
    absolute = true;
  } else if (text.startsWith('/')) {
    absolute = true;
  }
  const segments: string[] = [];
  for (const raw of text.split('/')) {
    const segment = raw.trim();
    if (segment === '' || segment === '.') continue;
    if (segment.toLowerCase() === '__create') continue;
    if (segment === '..' || !/^[A-Za-z0-9_\-$]+$/.test(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0) return absolute ? undefined : current;
  if (!absolute && segments[0]!.toLowerCase() === 'root') absolute = true;
  return absolute ? segments.join('/') : `${current}/${segments.join('/')}`;
}

/** Normalizes a namespace given by the user (`-n root\cimv2`); `undefined` when invalid. */
export function normalizeNamespace(name: string): string | undefined {
  const resolved = resolveNamespaceName(name, '');
  if (resolved === undefined) return undefined;
  return resolved.replace(/^\/+/, '');
}

/** Case-insensitive key of a namespace (WMI and CIM namespace names are case-insensitive). */
export function namespaceKey(name: string): string {
  return name.toLowerCase();
}

/** `ms_409` → `0x409`: the locale of a Microsoft localized namespace, else null. */
export function namespaceLocale(name: string): string | null {
  const last = name.slice(name.lastIndexOf('/') + 1);
  const match = /^ms_([0-9a-f]+)$/i.exec(last);
  return match ? `0x${match[1]!.toLowerCase()}` : null;
}

/** The parent namespace (`root/a/b` → `root/a`), or null for a top-level one. */
export function parentNamespace(name: string): string | null {
  const slash = name.lastIndexOf('/');
  return slash === -1 ? null : name.slice(0, slash);
}

/**
 * Normalizes a locale as a user writes it (`0x409`, `409`, `ms_409`, `1033`)
 * to the model's form `0x409`; `undefined` when it is none of those.
 */
export function normalizeLocale(locale: string): string | undefined {
  const text = locale.trim().toLowerCase();
  let match = /^(?:ms_|0x)([0-9a-f]+)$/.exec(text);
  if (match) return `0x${match[1]!.replace(/^0+(?=.)/, '')}`;
  match = /^[0-9]+$/.exec(text);
  if (match) {
    // 409 is how people write the LCID in hex without a prefix; 1033 is decimal.
    const n = text.length <= 3 ? parseInt(text, 16) : parseInt(text, 10);
    return `0x${n.toString(16)}`;
  }
  return undefined;
}
