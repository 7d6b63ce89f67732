import { startPortalServer } from './portal-server';

/**
 * Runs the project portal on its own: `tsx example-app/portal/main.ts`.
 * PORTAL_PORT (8080), PORTAL_DATA_FILE (.data/portal.json), PORTAL_ADMIN_API_KEY (required).
 */
async function main(): Promise<void> {
  const adminApiKey = process.env.PORTAL_ADMIN_API_KEY;
  if (!adminApiKey) throw new Error('set PORTAL_ADMIN_API_KEY');
  const portal = await startPortalServer({
    dataFile: process.env.PORTAL_DATA_FILE ?? '.data/portal.json',
    adminApiKey,
    port: Number(process.env.PORTAL_PORT ?? 8080),
  });
  process.stdout.write(`project portal on ${portal.url}\n`);
  const stop = (): void => void portal.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
