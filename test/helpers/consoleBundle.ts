import { buildConsole, consoleIsFresh } from '../../scripts/console/buildConsole';

/** Builds the console bundle when it is missing or stale, so a test file run on its own serves the current pages. */
export async function ensureConsoleBundle(): Promise<void> {
  if (!consoleIsFresh()) await buildConsole();
}
