import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { seedPortalData } from './seed-data';
import type { PortalData } from './portal-types';

/**
 * The portal's persistence: one JSON file, rewritten atomically (a temp file
 * then a rename, so a crash leaves the old or the new file, never half of one).
 * Changes run one at a time, so concurrent requests cannot lose each other's writes.
 *
 * @example
 * ```ts
 * const db = await PortalDatabase.open('.data/portal.json');
 * await db.change((data) => { data.memberships.push(membership); });
 * ```
 */
export class PortalDatabase {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly filePath: string,
    private data: PortalData,
  ) {}

  /** Opens the file, creating it with the seed projects when it does not exist. */
  static async open(filePath: string): Promise<PortalDatabase> {
    let data: PortalData;
    try {
      data = JSON.parse(await readFile(filePath, 'utf8')) as PortalData;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      data = seedPortalData();
    }
    const db = new PortalDatabase(filePath, data);
    await db.change(() => undefined);
    return db;
  }

  /** A copy of the current data, for reads. */
  read(): PortalData {
    return structuredClone(this.data);
  }

  /** Applies `mutate` to a copy of the data and persists it before resolving. */
  change<T>(mutate: (data: PortalData) => T): Promise<T> {
    const run = this.queue.then(async () => {
      const next = structuredClone(this.data);
      const result = mutate(next);
      await this.persist(next);
      this.data = next;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(data: PortalData): Promise<void> {
    await mkdir(path.dirname(this.filePath), { recursive: true });
    const temp = `${this.filePath}.${randomUUID()}.tmp`;
    await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.filePath);
  }
}
