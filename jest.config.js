/** Tests live in test/, beside the behaviour they prove, mirroring lib/. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // End-to-end tests start real processes and servers; a unit test that takes seconds is a bug anyway.
  testTimeout: 30_000,
};
