/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// The packages as they would be published: each plugin is built and packed
// the way `npm publish` packs it (Backstage's prepack applies publishConfig),
// and the tarballs are checked for what an installation needs. The command
// line is then installed from its tarballs with npm into an empty project,
// as a team's CI job would, and run there.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Every package under plugins/: a new one is packed and checked too.
const PLUGINS = fs
  .readdirSync(path.join(ROOT, 'plugins'))
  .filter(name =>
    fs.existsSync(path.join(ROOT, 'plugins', name, 'package.json')),
  )
  .sort();

type Manifest = {
  name: string;
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  typesVersions?: Record<string, Record<string, string[]>>;
  configSchema?: string;
  dependencies?: Record<string, string>;
  backstage?: { role?: string; pluginId?: string };
};

let tmp: string;
const tarballs = new Map<string, { manifest: Manifest; files: Set<string> }>();

function yarn(args: string[], cwd: string) {
  execFileSync('yarn', args, { cwd, stdio: 'pipe', encoding: 'utf8' });
}

function yarnAsync(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('yarn', args, { cwd }, (error, stdout, stderr) =>
      error
        ? reject(
            new Error(`yarn ${args.join(' ')} in ${cwd}: ${stdout}${stderr}`),
          )
        : resolve(),
    );
  });
}

before(
  async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mm-packages-'));
    // The builds bundle declarations from the type check's output. `repo
    // build` builds every plugin and library, not the portal's app and backend.
    yarn(['tsc'], ROOT);
    yarn(['backstage-cli', 'repo', 'build'], ROOT);
    await Promise.all(
      PLUGINS.map(plugin =>
        yarnAsync(
          ['pack', '--out', path.join(tmp, `${plugin}.tgz`)],
          path.join(ROOT, 'plugins', plugin),
        ),
      ),
    );
    for (const plugin of PLUGINS) {
      const file = path.join(tmp, `${plugin}.tgz`);
      const files = new Set(
        execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
          .split('\n')
          .filter(Boolean)
          .map(f => f.replace(/^package\//, '')),
      );
      const manifest = JSON.parse(
        execFileSync('tar', ['-xzOf', file, 'package/package.json'], {
          encoding: 'utf8',
        }),
      );
      tarballs.set(plugin, { manifest, files });
    }
  },
  { timeout: 600_000 },
);

after(() => {
  for (const plugin of PLUGINS) {
    try {
      yarn(
        ['backstage-cli', 'package', 'clean'],
        path.join(ROOT, 'plugins', plugin),
      );
    } catch {
      // Best effort: dist/ is git-ignored.
    }
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Every file a manifest points at, with the field that points there. */
function entryPoints(m: Manifest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const field of ['main', 'module', 'types', 'configSchema'] as const) {
    if (m[field]) out.push([field, m[field]!]);
  }
  for (const [name, file] of Object.entries(m.bin ?? {})) {
    out.push([`bin.${name}`, file]);
  }
  for (const [key, value] of Object.entries(m.exports ?? {})) {
    const targets = typeof value === 'string' ? { default: value } : value;
    for (const [condition, file] of Object.entries(targets)) {
      // Backstage's own condition names the package's kind, not a file.
      if (condition === 'backstage') continue;
      out.push([`exports["${key}"].${condition}`, file]);
    }
  }
  for (const [key, files] of Object.entries(m.typesVersions?.['*'] ?? {})) {
    for (const file of files) out.push([`typesVersions["${key}"]`, file]);
  }
  return out;
}

describe('the packed plugins', () => {
  it('point only at files they hold, with no workspace ranges left', () => {
    for (const plugin of PLUGINS) {
      const { manifest, files } = tarballs.get(plugin)!;
      for (const [field, file] of entryPoints(manifest)) {
        assert.ok(
          files.has(path.posix.normalize(file)),
          `${manifest.name}: ${field} is "${file}", which is not in the tarball`,
        );
      }
      assert.ok(manifest.backstage?.role, `${manifest.name}: backstage.role`);
      // A module belongs to the plugin it extends: the catalog's.
      assert.equal(
        manifest.backstage?.pluginId,
        manifest.backstage?.role === 'backend-plugin-module'
          ? 'catalog'
          : 'mlops-maturity',
        `${manifest.name}: backstage.pluginId`,
      );
      for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) {
        assert.doesNotMatch(range, /^workspace:/, `${manifest.name}: ${dep}`);
      }
      assert.ok(
        ![...files].some(f => f.startsWith('src/') || f.endsWith('.test.js')),
        `${manifest.name} should ship neither sources nor tests`,
      );
    }
  });

  it('declare every package their published type declarations import', () => {
    // Backstage's check of dist/*.d.ts against dependencies: a type import
    // from an undeclared package breaks the type check of whoever installs it.
    const r = spawnSync('yarn', ['backstage-repo-tools', 'type-deps'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  it('ship what runs outside the package code: migrations and config schemas', () => {
    const backend = tarballs.get('mlops-maturity-backend')!;
    const migrations = fs
      .readdirSync(path.join(ROOT, 'plugins/mlops-maturity-backend/migrations'))
      .filter(f => f.endsWith('.js'));
    assert.ok(migrations.length > 0);
    for (const migration of migrations) {
      assert.ok(
        backend.files.has(`migrations/${migration}`),
        `the backend tarball lacks migrations/${migration}`,
      );
    }
    // Backstage reads a package's configuration schema when it loads the
    // app config; prepack turns config.d.ts into this JSON Schema.
    for (const plugin of [
      'mlops-maturity-backend',
      'catalog-backend-module-mlops-maturity',
    ]) {
      const { manifest, files } = tarballs.get(plugin)!;
      assert.ok(
        manifest.configSchema && files.has(manifest.configSchema),
        `${manifest.name}: configSchema "${manifest.configSchema}"`,
      );
      const schema = JSON.parse(
        execFileSync(
          'tar',
          [
            '-xzOf',
            path.join(tmp, `${plugin}.tgz`),
            `package/${manifest.configSchema}`,
          ],
          { encoding: 'utf8' },
        ),
      );
      assert.ok(
        schema.properties?.mlopsMaturity,
        `${manifest.name}: the schema describes mlopsMaturity`,
      );
    }
    // Both frontend systems: the legacy root and the /alpha entry point.
    const frontend = tarballs.get('mlops-maturity')!.manifest;
    assert.ok(frontend.exports?.['.'], 'the frontend exports "."');
    assert.ok(frontend.exports?.['./alpha'], 'the frontend exports "./alpha"');
  });
});

describe('the command line installed from its tarballs with npm', () => {
  let project: string;
  let bin: string;

  before(
    () => {
      project = path.join(tmp, 'ci-job');
      fs.mkdirSync(project);
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'ci-job', private: true }),
      );
      // The command line's dependency on the common package is met by its
      // own tarball; everything else comes from the npm registry.
      execFileSync(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          path.join(tmp, 'mlops-maturity-common.tgz'),
          path.join(tmp, 'mlops-maturity-cli.tgz'),
        ],
        { cwd: project, stdio: 'pipe', encoding: 'utf8' },
      );
      bin = path.join(project, 'node_modules/.bin/mlops-maturity');
    },
    { timeout: 300_000 },
  );

  function installed(args: string[], node = process.execPath) {
    return spawnSync(node, [bin, ...args], {
      cwd: project,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: '1' },
    });
  }

  function fromRepository(args: string[]) {
    return spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'plugins/mlops-maturity-cli/bin/mlops-maturity'),
        ...args,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  }

  it('runs from the built code, not from sources', () => {
    const cli = path.join(
      project,
      'node_modules/@mlops-maturity/plugin-mlops-maturity-cli',
    );
    assert.ok(fs.existsSync(path.join(cli, 'dist/index.cjs.js')));
    assert.ok(!fs.existsSync(path.join(cli, 'src')));
  });

  it('assesses the examples exactly as the repository does, and gates', () => {
    const examples = path.join(ROOT, 'examples');
    const json = installed(['assess', examples, '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const expected = fromRepository(['assess', examples, '--format', 'json']);
    assert.equal(expected.status, 0, expected.stderr);
    assert.ok(JSON.parse(json.stdout).length > 0);
    assert.equal(json.stdout, expected.stdout);

    const gate = installed(['assess', examples, '--fail-below-target']);
    assert.equal(gate.status, 1, 'some example component is below target');
    const missing = installed(['assess', path.join(tmp, 'no-such-folder')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-folder/);
    const help = installed(['explain', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: mlops-maturity explain/);
    const explain = installed(['explain', 'model-registry']);
    assert.equal(explain.status, 0, explain.stderr);
    assert.equal(
      explain.stdout,
      fromRepository(['explain', 'model-registry']).stdout,
    );
  });

  it('runs on the Node a CI machine has (any other node on the PATH or in /usr/bin)', t => {
    const others = new Set<string>();
    for (const dir of [
      ...(process.env.PATH ?? '').split(':'),
      '/usr/bin',
      '/usr/local/bin',
    ]) {
      const candidate = path.join(dir, 'node');
      if (!fs.existsSync(candidate)) continue;
      const real = fs.realpathSync(candidate);
      if (real !== fs.realpathSync(process.execPath)) others.add(real);
    }
    if (others.size === 0) {
      t.diagnostic('no other node on this machine');
      return;
    }
    const examples = path.join(ROOT, 'examples');
    const expected = installed(['assess', examples, '--format', 'json']).stdout;
    for (const node of others) {
      const version = execFileSync(node, ['--version'], {
        encoding: 'utf8',
      }).trim();
      const r = installed(['assess', examples, '--format', 'json'], node);
      assert.equal(r.status, 0, `${node} (${version}): ${r.stderr}`);
      assert.equal(r.stdout, expected, `${node} (${version})`);
      t.diagnostic(`also ran on ${node} ${version}`);
    }
  });
});
