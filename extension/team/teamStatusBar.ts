import { COMMANDS } from '../commandIds';
import type { DaemonClient } from '../daemonClient';
import { DaemonStatusItem } from '../statusBar';
import { describeTeamState } from './teamState';

/** The team sync item, shown while any folder is connected to a team server; a click syncs now. */
export function teamStatusItem(daemon: DaemonClient): DaemonStatusItem {
  return new DaemonStatusItem(daemon, { id: 'team', name: 'Mobius Team Sync', priority: 9, command: COMMANDS.teamSyncNow, describe: describeTeamState });
}
