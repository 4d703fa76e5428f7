/**
 * Where learner progress lives: the platform's data directory (~/.local/share/backstep on Linux,
 * ~/Library/Application Support/backstep on macOS, %LOCALAPPDATA%\backstep\Data on Windows), or
 * BACKSTEP_DATA_DIR when set (tests, sandboxes, a shared lab machine).
 *
 * On Linux and the other XDG platforms, XDG_DATA_HOME counts only when it is an absolute path:
 * the XDG Base Directory spec says a relative one is invalid and must be ignored (env-paths
 * would use it as given, relative to wherever backstep happens to be started).
 */
import envPaths from 'env-paths';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function dataDir(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env.BACKSTEP_DATA_DIR;
  if (override !== undefined && override.trim() !== '') return override;
  if (platform === 'darwin' || platform === 'win32') return envPaths('backstep', { suffix: '' }).data;
  const xdg = env.XDG_DATA_HOME;
  const base =
    xdg !== undefined && isAbsolute(xdg)
      ? xdg
      : join(env.HOME && isAbsolute(env.HOME) ? env.HOME : homedir(), '.local', 'share');
  return join(base, 'backstep');
}

export function progressDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(dataDir(env), 'progress');
}
