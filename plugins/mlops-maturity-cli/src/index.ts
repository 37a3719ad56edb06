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

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  assessEntity,
  assessmentRefOf,
  closestMatch,
  buildAssessmentContext,
  defaultRubric,
  isMlComponent,
  MaturityAssessment,
  MaturityRubric,
  rubricJsonSchema,
  toContractJson,
} from '@mlops-maturity/plugin-mlops-maturity-common';
import {
  LoadedEntity,
  LoadError,
  loadPaths,
  unreadLocationTargets,
} from './load';
import { AssessedComponent, paletteFor } from './format/common';
import { formatTable } from './format/table';
import { formatMarkdown } from './format/markdown';
import { formatGithub } from './format/github';
import { formatSarif } from './format/sarif';
import { writeJsonArray } from './format/json';
import { explainCheck } from './explain';
import { blockingOutput } from './output';
import { ConfigFileError, rubricFromConfigFiles } from './config';

/** Where the command writes, and what it knows of its surroundings; tests pass their own. */
export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: Record<string, string | undefined>;
  now?: Date;
}

const FORMATS = ['table', 'json', 'markdown', 'github', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** Exit codes of the product contract. */
export const EXIT = { ok: 0, belowTarget: 1, unreadable: 2 } as const;

const EXIT_CODES = `Exit codes: 0 ok; 1 a gate failed; 2 a file could not be read or parsed
(the other files are still assessed and printed), an unknown check id, or a
usage error.
`;

const CONFIG_OPTION = `  --config <file>      a Backstage app-config file whose mlopsMaturity.rubric
                       and mlopsMaturity.mlTypes replace the default rubric, as
                       in the portal; repeat it as for Backstage (later files
                       override earlier ones)`;

type Command = 'assess' | 'explain' | 'schema';
const COMMANDS: readonly Command[] = ['assess', 'explain', 'schema'];

/**
 * The help pages, in the layout of commander's: Backstage's API report
 * tooling reads them to keep the command line's options in a reviewed report.
 */
const HELP: Record<Command | 'main', string> = {
  main: `Usage: mlops-maturity [options] [command]

Assesses Backstage ML components on the MLOps maturity model (0 Manual,
1 Managed, 2 Automated, 3 Governed, 4 Optimized) from the mlops/ annotations
of their catalog-info.yaml files.

Options:
  -h, --help                            show this help

Commands:
  assess [options] <file-or-folder...>  assess the ML components of
                                        catalog-info.yaml files
  explain [options] <check-id>          print a check's level, statement and
                                        evidence, and the YAML that makes it
                                        pass
  schema [options]                      print the JSON Schema of the
                                        annotations of the rubric in force
  help [command]                        show the help of a command

${EXIT_CODES}`,
  assess: `Usage: mlops-maturity assess [options] <file-or-folder...>

Assesses the ML components in catalog-info.yaml files on the MLOps maturity
model (0 Manual, 1 Managed, 2 Automated, 3 Governed, 4 Optimized). Folders are
searched for every catalog-info*.yaml below them.

Arguments:
  file-or-folder       catalog-info*.yaml files, or folders to search

Options:
  --format <format>    output format (default: table)
                         table     for a terminal
                         json      the contract's JSON array
                         markdown  for a pull-request comment or job summary
                         github    GitHub Actions annotations (::error and
                                   ::warning at the annotation's line)
                         sarif     SARIF 2.1.0 for code scanning
  --fail-below-target  exit 1 when a component is below its target level
  --min-level <n>      exit 1 when a component is below level n (0-4)
${CONFIG_OPTION}
  -h, --help           show this help

Exit codes: 0 ok; 1 a gate failed; 2 a file could not be read or parsed
(the other files are still assessed and printed), an unreadable --config
file, or a usage error.
`,
  explain: `Usage: mlops-maturity explain [options] <check-id>

Prints a check's level, statement and evidence, and the YAML that makes it
pass.

Arguments:
  check-id             the id of a check of the rubric in force

Options:
${CONFIG_OPTION}
  -h, --help           show this help

Exit codes: 0 ok; 2 an unknown check id, an unreadable --config file, or a
usage error.
`,
  schema: `Usage: mlops-maturity schema [options]

Prints the JSON Schema of the annotations of the rubric in force, for editors'
YAML language server.

Options:
${CONFIG_OPTION}
  -h, --help           show this help

Exit codes: 0 ok; 2 an unreadable --config file, or a usage error.
`,
};

class UsageError extends Error {
  constructor(message: string, readonly page: keyof typeof HELP) {
    super(message);
  }
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function parse(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    return { help: 'main' as const };
  }
  if (command === 'help') {
    // `help assess`, as in commander.
    const [topic, ...extra] = rest;
    if (topic === undefined) return { help: 'main' as const };
    if (!COMMANDS.includes(topic as Command) || extra.length > 0) {
      throw new UsageError(
        `help takes one command, one of ${COMMANDS.join(
          ', ',
        )}; got "${rest.join(' ')}"`,
        'main',
      );
    }
    return { help: topic as Command };
  }
  if (command === 'explain' || command === 'schema') {
    let commandArgs;
    try {
      commandArgs = parseArgs({
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          config: { type: 'string', multiple: true },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message, command);
    }
    if (commandArgs.values.help) return { help: command as Command };
    const config = commandArgs.values.config ?? [];
    const given = commandArgs.positionals;
    if (command === 'schema') {
      if (given.length > 0) {
        throw new UsageError(
          `schema takes no file or check id, got "${given[0]}"`,
          command,
        );
      }
      return { help: false as const, command: 'schema' as const, config };
    }
    if (given.length !== 1) {
      throw new UsageError('explain takes exactly one check id', command);
    }
    return {
      help: false as const,
      command: 'explain' as const,
      checkId: given[0],
      config,
    };
  }
  if (command !== 'assess') {
    const suggestion = closestMatch(command, COMMANDS);
    throw new UsageError(
      `unknown command "${command}"; the commands are "assess", "explain" and "schema"${
        suggestion ? `. Did you mean ${suggestion}?` : ''
      }`,
      'main',
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'table' },
        'fail-below-target': { type: 'boolean', default: false },
        'min-level': { type: 'string' },
        config: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message, 'assess');
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: 'assess' as const };
  const format = values.format as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(
      `--format is "${values.format}"; allowed: ${FORMATS.join(', ')}`,
      'assess',
    );
  }
  let minLevel: number | undefined;
  if (values['min-level'] !== undefined) {
    const max = defaultRubric.levels.length - 1;
    if (
      !/^\d+$/.test(values['min-level']) ||
      Number(values['min-level']) > max
    ) {
      throw new UsageError(
        `--min-level is "${values['min-level']}"; allowed: a whole number from 0 to ${max}`,
        'assess',
      );
    }
    minLevel = Number(values['min-level']);
  }
  if (positionals.length === 0) {
    throw new UsageError(
      'give at least one file or folder to assess',
      'assess',
    );
  }
  return {
    help: false as const,
    command: 'assess' as const,
    format,
    failBelowTarget: values['fail-below-target'] as boolean,
    minLevel,
    paths: positionals,
    config: values.config ?? [],
  };
}

/**
 * Runs the command line with the given arguments (without `node` and the
 * script) and returns the exit code. `baseRubric` is the rubric in force
 * unless `--config` files give one.
 *
 * @public
 */
export function main(
  argv: string[],
  io: CliIo,
  baseRubric: MaturityRubric = defaultRubric,
): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`mlops-maturity: ${e.message}\n\n${HELP[e.page]}`);
      return EXIT.unreadable;
    }
    throw e;
  }
  if (args.help !== false) {
    io.stdout.write(HELP[args.help]);
    return EXIT.ok;
  }
  let rubric = baseRubric;
  if (args.config.length > 0) {
    try {
      rubric = rubricFromConfigFiles(args.config, io.cwd, io.env);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      io.stderr.write(`mlops-maturity: error: ${e.message}\n`);
      return EXIT.unreadable;
    }
  }
  if (args.command === 'schema') {
    io.stdout.write(`${JSON.stringify(rubricJsonSchema(rubric), null, 2)}\n`);
    return EXIT.ok;
  }
  if (args.command === 'explain') {
    const explained = explainCheck(args.checkId, rubric);
    if (!explained.ok) {
      io.stderr.write(`mlops-maturity: ${explained.message}\n`);
      return EXIT.unreadable;
    }
    io.stdout.write(explained.text);
    return EXIT.ok;
  }

  const paths = args.paths.map(p => path.resolve(io.cwd, p));
  const loaded = loadPaths(paths);
  const rel = (f: string) => path.relative(io.cwd, f) || f;
  const reportError = (err: LoadError) => {
    const pos = err.line
      ? `:${err.line}${err.column ? `:${err.column}` : ''}`
      : '';
    io.stderr.write(
      `mlops-maturity: error: ${rel(err.file)}${pos}: ${err.message}\n`,
    );
  };
  loaded.errors.forEach(reportError);
  const reported = loaded.errors.length;
  for (const w of [...loaded.warnings, ...unreadLocationTargets(loaded)]) {
    io.stderr.write(
      `mlops-maturity: warning: ${rel(w.file)}:${w.line}: ${w.message}\n`,
    );
  }

  // The engine promises never to throw on bad input; should an entity still
  // make it throw, that entity is reported like an unparsable document and the
  // others are assessed, rather than the whole run ending in a stack trace.
  const unassessable = (source: LoadedEntity, e: unknown) => {
    loaded.errors.push({
      file: source.file,
      line: source.line,
      message: `cannot assess ${source.entity.kind} "${
        source.entity.metadata.name
      }": ${(e as Error)?.message ?? String(e)}`,
    });
  };
  const usable = loaded.entities.filter(source => {
    try {
      buildAssessmentContext([source.entity], rubric);
      return true;
    } catch (e) {
      unassessable(source, e);
      return false;
    }
  });
  const context = buildAssessmentContext(
    usable.map(e => e.entity),
    rubric,
  );
  const now = io.now ?? new Date();
  const assess = (source: LoadedEntity): MaturityAssessment | undefined => {
    try {
      return assessEntity(source.entity, { rubric, context, now });
    } catch (e) {
      unassessable(source, e);
      return undefined;
    }
  };
  // Put in the order of their assessments' refs before any is made (plain
  // code-unit order, as the contract's "sorted by entityRef" reads,
  // independent of locale), so that the JSON output can assess, write and
  // drop one component at a time: holding every assessment of a large fleet
  // made the garbage collector's work double that of assessing it.
  const sources = usable
    .filter(source => isMlComponent(source.entity, rubric))
    .map(source => ({ source, ref: assessmentRefOf(source.entity) }))
    .sort((a, b) => compareStrings(a.ref, b.ref))
    .map(item => item.source);
  // What the gates need of each assessment.
  const outcomes: Array<
    Pick<MaturityAssessment, 'entityRef' | 'level' | 'targetLevel'>
  > = [];
  if (args.format === 'json') {
    const items = (function* contractItems() {
      for (const source of sources) {
        const a = assess(source);
        if (!a) continue;
        outcomes.push({
          entityRef: a.entityRef,
          level: a.level,
          targetLevel: a.targetLevel,
        });
        yield toContractJson(a);
      }
    })();
    // Indented for people reading a terminal; one compact line when piped
    // (CI, jq), where indentation would add a third to a large fleet's output.
    writeJsonArray(
      text => io.stdout.write(text),
      items,
      io.stdout.isTTY ? 2 : undefined,
    );
    // A reader that went away stops the writing, not the gates.
    for (let rest = items.next(); !rest.done; rest = items.next());
  } else {
    // The other formats need the whole fleet at once (counts, tables).
    const components: AssessedComponent[] = [];
    for (const source of sources) {
      const assessment = assess(source);
      if (!assessment) continue;
      components.push({ source, assessment });
      outcomes.push(assessment);
    }
    switch (args.format) {
      case 'markdown':
        io.stdout.write(formatMarkdown(components, io.cwd));
        break;
      case 'github':
        io.stdout.write(
          formatGithub(components, {
            cwd: io.cwd,
            failBelowTarget: args.failBelowTarget,
            minLevel: args.minLevel,
            loadErrors: loaded.errors,
          }),
        );
        break;
      case 'sarif':
        io.stdout.write(
          formatSarif(components, {
            cwd: io.cwd,
            rubric,
            loadErrors: loaded.errors,
          }),
        );
        break;
      default: {
        // no-color.org: NO_COLOR turns colour off when set to a non-empty value.
        const colour =
          !!io.stdout.isTTY && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
        io.stdout.write(formatTable(components, paletteFor(colour), io.cwd));
      }
    }
  }

  for (const err of loaded.errors.slice(reported)) reportError(err);

  if (loaded.errors.length > 0) return EXIT.unreadable;
  let gateFailed = false;
  if (args.failBelowTarget) {
    const below = outcomes.filter(a => a.level < a.targetLevel);
    if (below.length > 0) {
      gateFailed = true;
      io.stderr.write(
        `mlops-maturity: ${below.length} ML component${
          below.length === 1 ? ' is' : 's are'
        } below target: ${below
          .map(a => `${a.entityRef} (${a.level} < ${a.targetLevel})`)
          .join(', ')}\n`,
      );
    }
  }
  if (args.minLevel !== undefined) {
    const min = args.minLevel;
    const below = outcomes.filter(a => a.level < min);
    if (below.length > 0) {
      gateFailed = true;
      io.stderr.write(
        `mlops-maturity: ${below.length} ML component${
          below.length === 1 ? ' is' : 's are'
        } below level ${min}: ${below
          .map(a => `${a.entityRef} (${a.level})`)
          .join(', ')}\n`,
      );
    }
  }
  return gateFailed ? EXIT.belowTarget : EXIT.ok;
}

/**
 * Entry point of the `mlops-maturity` binary.
 *
 * @public
 */
export function runCli(): void {
  try {
    process.exitCode = main(process.argv.slice(2), {
      stdout: blockingOutput(1),
      stderr: process.stderr,
      cwd: workingFolder(process.env, process.cwd()),
      env: process.env,
    });
  } catch (e) {
    // Exit 1 means "a gate failed"; a crash must not read as that in CI.
    process.stderr.write(
      `mlops-maturity: internal error: ${(e as Error)?.stack ?? String(e)}\n`,
    );
    process.exitCode = EXIT.unreadable;
  }
}

/**
 * The folder relative paths are read from. `npm run` and `yarn run` start a
 * root script in the package's folder and keep the user's folder in
 * INIT_CWD; a process started any other way (say, by a script of a package
 * in another folder, which leaves INIT_CWD in the environment) uses its own
 * working folder.
 */
function workingFolder(
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  const init = env.INIT_CWD;
  if (!init) return cwd;
  const pkg = env.npm_package_json;
  if (pkg && !sameFolder(path.dirname(pkg), cwd)) return cwd;
  return init;
}

function sameFolder(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}
