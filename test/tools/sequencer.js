/**
 * Jest's order (failed last time first, then slowest last time, else largest file) within a tier, the
 * tiers slowest first: package, e2e, unit. A fresh clone has no timings, and by file size alone a
 * five-minute package test could start last and end the run alone on one worker.
 */
'use strict';
const Sequencer = require('@jest/test-sequencer').default;

const RANK = { package: 0, e2e: 1, unit: 2 };
const rank = (test) => RANK[test.context.config.displayName?.name] ?? 1;

class TierSequencer extends Sequencer {
  sort(tests) {
    const within = super.sort([...tests]);
    const position = new Map(within.map((t, i) => [t, i]));
    return within.sort((a, b) => rank(a) - rank(b) || position.get(a) - position.get(b));
  }
}

module.exports = TierSequencer;
