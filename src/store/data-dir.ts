/**
 * Where learner progress lives: the platform's data directory (~/.local/share/backstep on Linux,
 * ~/Library/Application Support/backstep on macOS, %LOCALAPPDATA%\backstep\Data on Windows), or
 * BACKSTEP_DATA_DIR when set (tests, sandboxes, a shared lab machine).
 */
import envPaths from 'env-paths';
import { join } from 'node:path';

export function dataDir(env: Readonly<Record<string, string | undefined>>): string {
  const override = env.BACKSTEP_DATA_DIR;
  if (override !== undefined && override.trim() !== '') return override;
  return envPaths('backstep', { suffix: '' }).data;
}

export function progressDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(dataDir(env), 'progress');
}
