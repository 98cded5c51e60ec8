import type { RemoteConsole } from 'vscode-languageserver/node';
import { LOG_LEVELS, type LogLevel } from '../../protocol/lsp';

/** Level-filtered logging to the client's output channel (the `mobius.logLevel` setting). */
export class Logger {
  constructor(
    private readonly console: RemoteConsole,
    private level: LogLevel = 'info',
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
  }

  error(message: string): void {
    if (this.enabled('error')) this.console.error(message);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.console.warn(message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.console.info(message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.console.debug(message);
  }

  private enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(this.level);
  }
}
