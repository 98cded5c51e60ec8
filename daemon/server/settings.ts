import type { Connection } from 'vscode-languageserver/node';
import * as z from 'zod/mini';
import type { EngineConfig } from '../engine/config';
import { DEFAULT_SETTINGS, LOG_LEVELS, SEARCH_SCOPES, type MobiusSettings } from '../../protocol/lsp';

export interface SettingsResult {
  settings: MobiusSettings;
  /** One line per ignored value: which setting, what was wrong, what is used instead. */
  problems: string[];
}

/**
 * Reads the `mobius` section for one folder (or the window when `scopeUri` is undefined) through
 * `workspace/configuration`. Clients without that capability get the defaults.
 */
export async function fetchSettings(connection: Connection, canPull: boolean, scopeUri?: string): Promise<SettingsResult> {
  if (!canPull) return { settings: structuredClone(DEFAULT_SETTINGS), problems: [] };
  const raw: unknown = await connection.workspace.getConfiguration({ scopeUri, section: 'mobius' });
  return validateSettings(raw);
}

/** Keeps every well-typed value and falls back to the default for the rest, saying so. */
export function validateSettings(raw: unknown): SettingsResult {
  const problems: string[] = [];
  const d = DEFAULT_SETTINGS;
  const orDefault = <T extends z.ZodMiniType>(name: string, expected: string, schema: T, fallback: z.infer<T>) =>
    z.pipe(
      z.catch(z.optional(schema), (ctx) => {
        problems.push(`mobius.${name} = ${JSON.stringify(ctx.input)} is not valid (expected ${expected}); using ${JSON.stringify(fallback)}.`);
        return fallback;
      }),
      z.transform((v) => v ?? fallback),
    );
  const globs = () => z.array(z.string());
  const schema = z.object({
    include: orDefault('include', 'a list of glob strings', globs(), d.include),
    exclude: orDefault('exclude', 'a list of glob strings', globs(), d.exclude),
    maxFileSize: orDefault('maxFileSize', 'a positive number of kilobytes', z.number().check(z.positive()), d.maxFileSize),
    tokenBudget: orDefault('tokenBudget', 'a positive whole number of tokens', z.int().check(z.positive()), d.tokenBudget),
    workers: orDefault('workers', 'a whole number, 0 for automatic', z.int().check(z.nonnegative()), d.workers),
    logLevel: orDefault('logLevel', `one of ${LOG_LEVELS.join(', ')}`, z.enum(LOG_LEVELS), d.logLevel),
    daemon: orDefault('daemon', 'an object', z.object({ runtime: orDefault('daemon.runtime', 'a path or a command name', z.string(), d.daemon.runtime) }), d.daemon),
    team: orDefault('team', 'an object', z.object({
      serverUrl: orDefault('team.serverUrl', 'an http(s) URL or empty', z.string().check(z.regex(/^(https?:\/\/\S+)?$/)), d.team.serverUrl),
      projectId: orDefault('team.projectId', 'a project id (UUID) or empty', z.string().check(z.regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/i)), d.team.projectId),
      sync: orDefault('team.sync', 'true or false', z.boolean(), d.team.sync),
      syncInclude: orDefault('team.syncInclude', 'a list of glob strings', globs(), d.team.syncInclude),
      searchScope: orDefault('team.searchScope', `one of ${SEARCH_SCOPES.join(', ')}`, z.enum(SEARCH_SCOPES), d.team.searchScope),
    }), d.team),
  });
  const settings: MobiusSettings = schema.parse(typeof raw === 'object' && raw !== null ? raw : {});
  return { settings: structuredClone(settings), problems };
}

/** The part of the settings an engine is opened with; `workers` 0 leaves the engine's CPU-based default. */
export function engineConfigFor(settings: MobiusSettings): Partial<EngineConfig> {
  const config: Partial<EngineConfig> = {
    include: settings.include,
    exclude: settings.exclude,
    maxFileBytes: Math.round(settings.maxFileSize * 1024),
  };
  if (settings.workers > 0) config.workers = settings.workers;
  return config;
}

/** Engines must be reopened (and their folder reindexed) when this key changes. */
export function engineConfigKey(settings: MobiusSettings): string {
  return JSON.stringify(engineConfigFor(settings));
}
