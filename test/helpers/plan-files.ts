/** Editing a saved plan as an attacker does: the file changed, then its digest computed again (anyone can). */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

type Doc = Record<string, unknown>;

/** JSON with sorted keys: what a saved plan's digest covers (lib/engine/plan-file.ts, written apart from it). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Doc)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Writes `doc` to `file` with its digest computed again; a signature it carries is kept as it was. */
export function resealPlan(file: string, doc: object): void {
  const { digest: _d, signature, ...rest } = doc as Doc;
  const sealed = JSON.parse(JSON.stringify(rest)) as Doc;
  writeFileSync(
    file,
    JSON.stringify({
      ...sealed,
      digest: `sha256:${createHash('sha256').update(canonical(sealed)).digest('hex')}`,
      ...(signature ? { signature } : {}),
    }),
  );
}
