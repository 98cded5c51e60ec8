// Entry of the Mobius daemon: a language server over the local engine, one per VS Code window.
// The transport comes from the command line (`--stdio`, `--node-ipc`, `--socket=N`), as with any
// server built on vscode-languageserver; `--clientProcessId` makes it exit with its client.
// `--check-runtime` only answers whether this runtime can load the native module, then exits.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RUNTIME_CHECK_FLAG, type RuntimeCheckResult } from '../protocol/lsp';
import { checkNativeModule, currentRuntime } from './server/nativeModule';
import { startServer } from './server/server';

if (process.argv.includes(RUNTIME_CHECK_FLAG)) {
  const error = checkNativeModule();
  const { execPath, nodeVersion, abi } = currentRuntime();
  const result: RuntimeCheckResult = error ? { ok: false, error } : { ok: true, execPath, nodeVersion, abi };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exitCode = error ? 1 : 0;
} else {
  startServer(createConnection(ProposedFeatures.all));
}
