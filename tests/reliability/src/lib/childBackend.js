// Runs childBackendMain.ts in Node with Backstage's TypeScript transform.
require('@backstage/cli-node/config/nodeTransform.cjs');

// The load test asks for a full collection before it reads memory.
process.on('SIGUSR2', () => {
  if (global.gc) global.gc();
});
require('./childBackendMain.ts');
