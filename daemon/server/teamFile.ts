import type { TeamFileResult } from '../../protocol/lsp';
import { parseTeamFileUri, teamFileText } from '../sync/teamSearch';
import type { Workspace } from './workspace';

/** The read-only text of a team file that is not on this disk, fetched through its folder's connection. */
export async function readTeamFile(uri: string, workspace: Workspace): Promise<TeamFileResult> {
  const address = parseTeamFileUri(uri);
  const connection = workspace.get(address.folderUri)?.team?.connection();
  if (!connection || connection.projectId !== address.projectId) {
    throw new Error(`${address.path} belongs to a team project this window is no longer connected to. Run "Mobius: Connect to Team Server" and search again.`);
  }
  const file = await connection.client.call('teamFile', { projectId: address.projectId }, undefined, { ref: address.ref, path: address.path });
  return { text: teamFileText(file), language: file.language, ref: file.ref };
}
