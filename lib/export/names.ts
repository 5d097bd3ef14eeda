/**
 * The names in the generated main.ts. A tenant object gets a construct id (also its root's file
 * name, `roots/<Id>.cer`) and a variable (the id with a lower-case first letter), both from its
 * display name, which is data: whatever it is, the names are identifiers that bind nothing else.
 *
 * What main.ts binds besides the objects' variables, and where:
 *
 * | scope       | names                                                                        |
 * |-------------|------------------------------------------------------------------------------|
 * | module      | `App`, `TerraformStack` (cdktf/cdktn), `Construct` (a type), `IntuneStack`,   |
 * |             | `app`, and what it imports from the constructs library (LIBRARY_NAMES)        |
 * | constructor | the parameters `scope` and `id`; `this`, `super`                              |
 * | everywhere  | JavaScript's reserved words (strict mode: class bodies are strict), `arguments`,|
 * |             | `eval`, and the globals a reader expects (`undefined`, `Object`, `require`...) |
 *
 * Ids are unique ignoring case (the files sit on case-insensitive disks too) and are never a name
 * Windows reserves for a device (`CON`, `NUL`, `COM1`...), nor the provider's id `intune`.
 */
import type { Platform } from '../schema';

/** The L2 class of each platform and kind. */
export const CONSTRUCT_CLASSES: Record<Platform, { root: string; scep: string }> = {
  windows: { root: 'WindowsTrustedRootCertificate', scep: 'WindowsScepProfile' },
  ios: { root: 'IosTrustedRootCertificate', scep: 'IosScepProfile' },
  macos: { root: 'MacOsTrustedRootCertificate', scep: 'MacOsScepProfile' },
  android_work_profile: { root: 'AndroidWorkProfileTrustedRootCertificate', scep: 'AndroidWorkProfileScepProfile' },
  android_device_owner: { root: 'AndroidDeviceOwnerTrustedRootCertificate', scep: 'AndroidDeviceOwnerScepProfile' },
  aosp: { root: 'AospTrustedRootCertificate', scep: 'AospScepProfile' },
  android_device_admin: { root: 'AndroidDeviceAdminTrustedRootCertificate', scep: 'AndroidDeviceAdminScepProfile' },
};

/** Everything main.ts may import from the constructs library (a test holds render.ts to it). */
export const LIBRARY_NAMES: ReadonlySet<string> = new Set([
  ...Object.values(CONSTRUCT_CLASSES).flatMap((c) => [c.root, c.scep]),
  'CloudPkiRootCa',
  'CloudPkiIssuingCa',
  'IntuneProvider',
  'Certificate',
  'Group',
  'AssignmentFilter',
  'AllUsers',
  'AllDevices',
  'SubjectAlternativeName',
  'SubjectName',
  'Validity',
]);

/** What render.ts binds at module level and in the constructor, apart from the library's names. */
export const MODULE_BINDINGS = ['App', 'TerraformStack', 'Construct', 'IntuneStack', 'app'] as const;
export const CONSTRUCTOR_BINDINGS = ['scope', 'id'] as const;

/**
 * Words a variable in main.ts cannot be: ECMAScript's reserved words, and strict mode's (a class
 * body is strict), `arguments` and `eval` among them. `await` too: reserved in an ES module.
 */
const RESERVED_WORDS = [
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'arguments',
  'eval',
];
/** Globals, and what Node's CommonJS wrapper binds: legal to shadow, but never what a reader expects. */
const GLOBALS = ['undefined', 'NaN', 'Infinity', 'globalThis', 'require', 'exports', 'module', '__dirname', '__filename'];

/** Identifiers an object's variable never takes (case-sensitive, as JavaScript is). */
export const TAKEN: ReadonlySet<string> = new Set([
  ...RESERVED_WORDS,
  ...GLOBALS,
  ...MODULE_BINDINGS,
  ...CONSTRUCTOR_BINDINGS,
  ...LIBRARY_NAMES,
]);

/** Ids never taken, ignoring case: Windows device names (also as `NUL.cer`), and the provider's id. */
const RESERVED_IDS = new Set(['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`]), 'intune']);

/** "Contoso Wi-Fi (iOS)" → "ContosoWiFiIos"; empty or leading digit gets a prefix. */
export function pascalName(text: string, fallback: string): string {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  const name = words
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('')
    .slice(0, 60);
  if (name === '') return fallback;
  return /^[0-9]/.test(name) ? `${fallback}${name}` : name;
}

/** The variable of a construct id. */
export const variableOf = (id: string): string => id.charAt(0).toLowerCase() + id.slice(1);

/** Whether an id (and its variable) is free: not taken, not reserved, not used ignoring case. */
const free = (id: string, used: ReadonlySet<string>) =>
  !used.has(id.toLowerCase()) && !RESERVED_IDS.has(id.toLowerCase()) && !TAKEN.has(variableOf(id)) && /^[A-Za-z][A-Za-z0-9]*$/.test(id);

/** Code-unit order: the same on every machine, whatever its locale. */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface Named {
  /** A key the caller knows the object by (its Graph id). */
  readonly key: string;
  readonly kind: 'root' | 'scep' | 'ca';
  readonly displayName: string;
}

/**
 * Each object's construct id, unique and stable: objects in the order (kind, display name, key),
 * each the first free one of `Name`, `Name2`, `Name3`, ... The same tenant gives the same names.
 */
export function constructIds(objects: readonly Named[]): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  const sorted = [...objects].sort(
    (a, b) => byCodeUnits(a.kind, b.kind) || byCodeUnits(a.displayName, b.displayName) || byCodeUnits(a.key, b.key),
  );
  for (const o of sorted) {
    const base = pascalName(o.displayName, o.kind === 'root' ? 'Root' : o.kind === 'ca' ? 'Ca' : 'Profile');
    let id = base;
    for (let n = 2; !free(id, used); n++) id = `${base}${n}`;
    used.add(id.toLowerCase());
    out.set(o.key, id);
  }
  return out;
}
