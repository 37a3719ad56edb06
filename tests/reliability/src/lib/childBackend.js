// Runs childBackendMain.ts in Node with Backstage's TypeScript transform.
require('@backstage/cli-node/config/nodeTransform.cjs');

// The load test asks for a full collection before it reads memory. A
// last-resort collection also hands the freed heap pages back to the
// system: after a plain gc() the RSS still holds every page the heap once
// grew to (under load, whatever the young generation and the last refresh
// happened to need), which is not memory the backend retains.
process.on('SIGUSR2', () => {
  global.gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
});
require('./childBackendMain.ts');
