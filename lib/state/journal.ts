/**
 * The journal: between snapshots each change (a resource recorded or removed, a pending create
 * added or cleared, an object deposed) is one JSON line carrying the new serial, made durable before
 * the run goes on. Reading replays the journal over the snapshot (entries the snapshot holds are
 * skipped; a torn last line, from a crash mid-append, is dropped). So a crash at any moment loses
 * nothing, and a large apply does not rewrite megabytes per object. Where the lines live is the
 * backend's (local.ts: `<state>.journal`; azure-blob.ts: an append blob).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { jsonSyntaxReason } from '../schema';
import {
  PendingCreateSchema,
  StateError,
  StateResourceSchema,
  stateResource,
  type PendingCreate,
  type State,
  type StateResource,
} from './format';

export const JournalEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), serial: z.number(), lineage: z.string(), address: z.string(), resource: StateResourceSchema }),
  z.object({ op: z.literal('remove'), serial: z.number(), lineage: z.string(), address: z.string() }),
  z.object({ op: z.literal('pending'), serial: z.number(), lineage: z.string(), pending: z.array(PendingCreateSchema) }),
  /** The object at `address` becomes deposed (its replacement is about to be created). */
  z.object({ op: z.literal('depose'), serial: z.number(), lineage: z.string(), address: z.string() }),
  /** The deposed object `id` of `address` was deleted. */
  z.object({ op: z.literal('remove-deposed'), serial: z.number(), lineage: z.string(), address: z.string(), id: z.string() }),
]);

export type JournalEntry = z.infer<typeof JournalEntrySchema>;

/** A journal's complete lines replayed over `state` (entries the snapshot holds are skipped; a torn last line dropped). */
export function replayJournal(state: State, text: string, source: string): State {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length - 1; n++) {
    const line = lines[n] as string;
    if (line.trim() === '') continue;
    let entry: JournalEntry;
    try {
      entry = JournalEntrySchema.parse(JSON.parse(line));
    } catch (e) {
      throw new StateError(
        `the state journal ${source} is damaged at line ${n + 1} (${e instanceof SyntaxError ? jsonSyntaxReason(line, e) : (e as Error).message.slice(0, 160)}). It was left untouched; restore it from a backup or version control.`,
      );
    }
    if (entry.serial <= state.serial) continue; // already in the snapshot
    applyEntry(state, entry);
  }
  return state;
}

/** Apply a journal entry to `state` (read replays them; a backend applies what it appends). */
export function applyEntry(state: State, e: JournalEntry): void {
  state.serial = e.serial;
  state.lineage = e.lineage;
  if (e.op === 'put') state.resources[e.address] = e.resource;
  else if (e.op === 'remove') delete state.resources[e.address];
  else if (e.op === 'depose') {
    const held = stateResource(state, e.address);
    if (held) state.deposed = [...state.deposed, { address: e.address, resource: held }];
    delete state.resources[e.address];
  } else if (e.op === 'remove-deposed') state.deposed = state.deposed.filter((d) => !(d.address === e.address && d.resource.id === e.id));
  else state.pending = e.pending;
}

/** A journal change, before it gets its serial. */
export type StateChange =
  | { op: 'put'; address: string; resource: StateResource }
  | { op: 'remove'; address: string }
  | { op: 'pending'; pending: PendingCreate[] }
  | { op: 'depose'; address: string }
  | { op: 'remove-deposed'; address: string; id: string };

/** The journal entry a change makes (the next serial, the lineage fixed at the first write). */
export function journalEntry(state: State, change: StateChange): JournalEntry {
  return { ...change, serial: state.serial + 1, lineage: state.lineage || randomUUID() } as JournalEntry;
}
