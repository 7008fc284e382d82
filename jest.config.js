// Three projects: unit tests are pure and fast; browser tests render the GitHub
// bodies in headless Chromium; integration tests share one real control plane
// started by globalSetup (no mock of the Kubernetes API).
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
}
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironment: 'node',
  transform
}

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts']
    },
    {
      // Headless Chromium (Debian's): the bodies as GitHub renders them.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/__tests__/browser/**/*.test.ts']
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/__tests__/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/integration/global-setup.ts',
      globalTeardown: '<rootDir>/__tests__/integration/global-teardown.ts'
    }
  ],
  // jest-circus reads the timeout from the top level only; integration tests need it.
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/__tests__/summary-reporter.cjs']
}
