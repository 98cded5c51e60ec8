import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as path from 'node:path';
import { CHUNK_KINDS, LANGUAGES } from '../protocol/engine';
import { Engine, FolderNotFoundError } from '../daemon/engine/engine';
import { IndexCorruptError, IndexTooNewError, deleteDatabase } from '../daemon/engine/index/openDatabase';
import { defaultDbPath } from '../daemon/engine/paths';
import { EmbeddingEnvError, embeddingConfigFromEnv } from '../daemon/engine/semantic/embeddingEnv';
import type { EngineConfig } from '../daemon/engine/config';
import { createEmbeddingProgressReporter } from './embeddingProgress';
import { createProgressReporter } from './progress';
import { formatResults, formatStatus, formatSummary } from './format';
import { formatSyncReport, runSync, SyncSetupError, syncTarget, type SyncFlags } from './syncCommand';

interface EngineFlags {
  dir?: string;
  db?: string;
  include?: string[];
  exclude?: string[];
  maxFileSize?: number;
  workers?: number;
}

const VERSION = '0.1.0';

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive whole number.`);
  return n;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];

function engineOptions(cmd: Command): Command {
  return cmd
    .option('--db <file>', 'index file (default: a file under $MOBIUS_HOME or the user cache folder)')
    .option('--include <glob>', 'only index files matching this glob (repeatable)', collect)
    .option('--exclude <glob>', 'never index files matching this glob (repeatable)', collect)
    .option('--max-file-size <bytes>', 'skip files larger than this (default 1048576)', positiveInt('--max-file-size'))
    .option('--workers <n>', 'parse worker threads (default: cores, at most 4)', positiveInt('--workers'));
}

function filterOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--lang <language>', 'only this language').choices([...LANGUAGES]))
    .option('--path <glob>', 'only paths matching this glob')
    .addOption(new Option('--kind <kind>', 'only this kind of chunk').choices([...CHUNK_KINDS]));
}

async function openEngine(flags: EngineFlags, dir?: string): Promise<Engine> {
  const config: Partial<EngineConfig> = {};
  if (flags.include) config.include = flags.include;
  if (flags.exclude) config.exclude = flags.exclude;
  if (flags.maxFileSize) config.maxFileBytes = flags.maxFileSize;
  if (flags.workers) config.workers = flags.workers;
  const embeddings = embeddingConfigFromEnv();
  if (embeddings) config.embeddings = embeddings;
  return Engine.open({ root: path.resolve(dir ?? flags.dir ?? '.'), dbPath: flags.db, config });
}

/** Refreshes the index, with a progress bar when there is real work and quietly otherwise. */
async function refresh(engine: Engine, quiet: boolean) {
  const reporter = quiet ? null : createProgressReporter();
  try {
    return await engine.index({ onProgress: (p) => reporter?.update(p) });
  } finally {
    reporter?.stop();
  }
}

/** With a provider configured, waits for the background embedding run and says how it ended. */
async function waitForEmbeddings(engine: Engine): Promise<void> {
  if (!engine.embeddings()) return;
  const reporter = createEmbeddingProgressReporter();
  try {
    await engine.waitForEmbeddings((p) => reporter.update(p));
  } finally {
    reporter.stop();
  }
  const status = engine.embeddings();
  if (status) process.stderr.write(formatEmbeddingLine(status) + '\n');
}

function formatEmbeddingLine(e: NonNullable<ReturnType<Engine['embeddings']>>): string {
  const line = `embeddings (${e.providerId ?? 'provider not started'}): ${e.state}, ${e.done}/${e.total} chunks, ` +
    `${e.calls} calls, ${e.callsSaved} from cache, ${e.totals.reused} from the team server (all runs), ${e.redacted} redacted, ${e.skipped} skipped, ${e.failed} failed, ` +
    `${e.vectors} vectors searchable`;
  return e.lastError ? `${line}\n  last error: ${e.lastError}` : line;
}

async function withEngine<T>(flags: EngineFlags, dir: string | undefined, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openEngine(flags, dir);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('mobius')
    .description('Semantic code search and prompt-ready context from a local index.')
    .version(VERSION)
    .showHelpAfterError('(run `mobius --help` for usage)')
    .exitOverride();

  engineOptions(program.command('index [dir]').description('index a folder, or refresh its index'))
    .option('--rebuild', 'delete the index and build it from scratch')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string | undefined, flags: EngineFlags & { rebuild?: boolean; json?: boolean }) => {
      if (flags.rebuild) deleteDatabase(flags.db ? path.resolve(flags.db) : defaultDbPath(path.resolve(dir ?? '.')));
      await withEngine(flags, dir, async (engine) => {
        const summary = await refresh(engine, false);
        process.stdout.write(flags.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary) + '\n');
        await waitForEmbeddings(engine);
      });
    });

  filterOptions(engineOptions(program.command('search <query>').description('search the index (refreshing it first)')))
    .option('--dir <dir>', 'the indexed folder (default: the current folder)')
    .option('--limit <n>', 'how many results (default 10)', positiveInt('--limit'), 10)
    .option('--no-refresh', 'search the index as it is, without refreshing it first')
    .option('--json', 'print {"query", "results"} as JSON')
    .action(async (query: string, flags: EngineFlags & { limit: number; lang?: string; path?: string; kind?: string; refresh: boolean; json?: boolean }) => {
      await withEngine(flags, undefined, async (engine) => {
        if (flags.refresh) await refresh(engine, Boolean(flags.json));
        const results = await engine.searchHybrid(query, { limit: flags.limit, language: flags.lang, pathGlob: flags.path, kind: flags.kind });
        process.stdout.write(flags.json ? JSON.stringify({ query, results }, null, 2) + '\n' : formatResults(results, query) + '\n');
      });
    });

  filterOptions(engineOptions(program.command('context <query>').description('print Markdown context for a prompt, packed into a token budget')))
    .option('--dir <dir>', 'the indexed folder (default: the current folder)')
    .option('--budget <tokens>', 'token budget (default 8000)', positiveInt('--budget'), 8000)
    .option('--no-refresh', 'use the index as it is, without refreshing it first')
    .action(async (query: string, flags: EngineFlags & { budget: number; lang?: string; path?: string; kind?: string; refresh: boolean }) => {
      await withEngine(flags, undefined, async (engine) => {
        if (flags.refresh) await refresh(engine, true);
        const pack = await engine.contextHybrid({ query, budget: flags.budget, filters: { language: flags.lang, pathGlob: flags.path, kind: flags.kind } });
        process.stdout.write(pack.markdown + '\n');
        process.stderr.write(`${pack.spans.length} spans, ${pack.tokens}/${pack.budget} tokens\n`);
      });
    });

  program
    .command('status')
    .description('what is indexed, where, how big, how fresh')
    .option('--dir <dir>', 'the indexed folder (default: the current folder)')
    .option('--db <file>', 'index file')
    .option('--json', 'print as JSON')
    .action(async (flags: EngineFlags & { json?: boolean }) => {
      await withEngine(flags, undefined, async (engine) => {
        await engine.waitForEmbeddings();
        const status = engine.status();
        process.stdout.write(flags.json ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status) + '\n');
        if (!flags.json && status.embeddings) process.stdout.write(formatEmbeddingLine(status.embeddings) + '\n');
      });
    });

  engineOptions(program.command('sync [dir]').description("refresh the index, then sync the folder's committed code to a team server project"))
    .option('--server <url>', 'team server URL (default: $MOBIUS_SERVER_URL); the API key comes from $MOBIUS_API_KEY')
    .option('--project <id>', 'project id on the server (default: $MOBIUS_PROJECT_ID)')
    .option('--sync-include <glob>', 'only sync paths matching this glob (repeatable; default: everything indexed)', collect)
    .addOption(new Option('--batch-files <n>', 'files per upload request').argParser(positiveInt('--batch-files')).hideHelp())
    .option('--json', 'print the report as JSON')
    .action(async (dir: string | undefined, flags: EngineFlags & SyncFlags & { syncInclude?: string[] }) => {
      const target = syncTarget(flags);
      await withEngine(flags, dir, async (engine) => {
        // A provider configured here first takes the vectors the team already has.
        engine.setTeamVectors(target.vectors);
        await refresh(engine, Boolean(flags.json));
        const report = await runSync(engine, target, { ...flags, include: flags.syncInclude });
        process.stdout.write(flags.json ? JSON.stringify(report, null, 2) + '\n' : formatSyncReport(report) + '\n');
      });
    });

  program
    .command('serve')
    .description('run the team server (settings from the environment: see .env.example)')
    .option('--migrate', 'apply pending database migrations, then serve')
    .option('--migrate-only', 'apply pending database migrations and exit')
    .option('--port <n>', 'listen on this port (overrides PORT)', positiveInt('--port'))
    .action(async (flags: { migrate?: boolean; migrateOnly?: boolean; port?: number }) => {
      // Loaded on demand: the server's dependencies cost start-up time the other commands never need.
      const { serveCommand } = require('../server/main') as typeof import('../server/main');
      const code = await serveCommand({ migrate: flags.migrate, migrateOnly: flags.migrateOnly, port: flags.port, version: VERSION });
      if (code !== 0) throw new ExitCode(code);
    });

  return program;
}

/** Ends the CLI with a specific exit code after the command has said why. */
class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Errors a user can act on get their message and exit 1; usage errors exit 2; anything else is a bug. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof ExitCode) return err.code;
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof FolderNotFoundError || err instanceof SyncSetupError || err instanceof IndexCorruptError || err instanceof IndexTooNewError || err instanceof EmbeddingEnvError) {
      process.stderr.write(`mobius: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`mobius: ${(err as Error)?.stack ?? err}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
