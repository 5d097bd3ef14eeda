/**
 * "Did you mean": `closest` stops measuring a candidate as soon as it cannot be closer than the best
 * so far or within the typo limit. It must name exactly what measuring every candidate in full names.
 */
import fc from 'fast-check';
import { closest } from '../../lib/rules/diagnostic';

/** Levenshtein distance, every cell. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      (d[i] as number[])[j] = Math.min(
        (d[i - 1] as number[])[j]! + 1,
        (d[i] as number[])[j - 1]! + 1,
        (d[i - 1] as number[])[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return (d[a.length] as number[])[b.length] as number;
}

/** The first candidate at the least distance, if within the limit closest uses. */
function reference(input: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(input.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= limit ? best : undefined;
}

test('closest names what measuring every candidate in full names', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'A', '_'), maxLength: 14 });
  fc.assert(
    fc.property(word, fc.array(word, { maxLength: 8 }), (input, candidates) => {
      expect(closest(input, candidates)).toBe(reference(input, candidates));
    }),
    { numRuns: 3000, seed: 20261202 },
  );
});

test('a typo finds its word; a word too far finds none', () => {
  expect(closest('windwos', ['ios', 'macos', 'windows', 'android'])).toBe('windows');
  expect(closest('certificate_tpye', ['certificate_type', 'certificate_store'])).toBe('certificate_type');
  expect(closest('blackberry', ['ios', 'macos', 'windows', 'android'])).toBeUndefined();
});

test('names up to 200 characters are measured in full; longer ones get no suggestion', () => {
  const word = 'a'.repeat(199);
  expect(closest(`${word}b`, [`${word}c`, word])).toBe(`${word}c`);
  expect(closest(`${word}bb`, [`${word}b`])).toBeUndefined();
  expect(closest(`${word}a`, [`${word}aa`])).toBeUndefined();
});
