import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactSecretValues, SECRET_KEY_PATTERN } from '../logging/logger';
import { ConsoleRequestError } from './console-guard';

/** What the console sends with every event: the resource type and the integration's custom parameters. */
export interface ConsoleSettings {
  resourceType: string;
  customParameters: Record<string, string>;
}

/** The settings as the page sees them: secret-looking values masked, and which are missing since a restart. */
export interface MaskedSettings {
  resourceType: string;
  customParameters: Record<string, string>;
  /** Keys whose values are secret-looking: shown as {@link MASK}, never sent back. */
  secretKeys: string[];
  /** Secret keys remembered by name only: their value must be entered again in this run. */
  missingSecrets: string[];
}

/** What stands for a secret value in the page; sent back unchanged, it keeps the value held. */
export const MASK = '••••••••';

const SETTINGS_FILE = 'console.json';
const MAX_PARAMETERS = 50;
const MAX_VALUE_LENGTH = 4096;
const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/;

/** A custom parameter never written to disk: a secret-looking key, or a value the logger finds a secret in. */
function isSecretLooking(key: string, value: string): boolean {
  return SECRET_KEY_PATTERN.test(key) || redactSecretValues(value) !== value;
}

/**
 * The console's settings in `<dataDir>/console.json`; secret values in memory only. See docs/local-loop.md#console-secrets.
 * @example
 * ```ts
 * const settings = new ConsoleSettingsFile('.data');
 * settings.update({ resourceType: 'project', customParameters: { base_url: 'http://127.0.0.1:8080', api_key: 'k' } });
 * settings.current().customParameters.api_key; // 'k' (this run only)
 * ```
 */
export class ConsoleSettingsFile {
  private settings: ConsoleSettings = { resourceType: '', customParameters: {} };
  private missing = new Set<string>();
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, SETTINGS_FILE);
    this.load();
  }

  /** The settings events are sent with (secret values included). */
  current(): ConsoleSettings {
    return { resourceType: this.settings.resourceType, customParameters: { ...this.settings.customParameters } };
  }

  /** The settings as the page may show them. */
  masked(): MaskedSettings {
    const secretKeys: string[] = [];
    const customParameters: Record<string, string> = {};
    for (const [key, value] of Object.entries(this.settings.customParameters)) {
      const secret = isSecretLooking(key, value);
      if (secret) secretKeys.push(key);
      customParameters[key] = secret ? MASK : value;
    }
    for (const key of this.missing) {
      if (key in customParameters) continue;
      customParameters[key] = '';
      secretKeys.push(key);
    }
    return { resourceType: this.settings.resourceType, customParameters, secretKeys, missingSecrets: [...this.missing] };
  }

  /** Replaces the settings with what the page sent ({@link MASK} keeps a held value); errors never echo a value. */
  update(input: unknown): void {
    const next = this.validate(input);
    this.settings = next;
    this.missing = new Set([...this.missing].filter((key) => !(key in next.customParameters)));
    this.save();
  }

  private validate(input: unknown): ConsoleSettings {
    if (typeof input !== 'object' || input === null) throw new ConsoleRequestError('settings must be a JSON object { resourceType, customParameters }');
    const { resourceType, customParameters } = input as { resourceType?: unknown; customParameters?: unknown };
    if (typeof resourceType !== 'string' || resourceType.trim() === '' || resourceType.length > 200) {
      throw new ConsoleRequestError('resourceType must be a non-empty string of at most 200 characters');
    }
    if (typeof customParameters !== 'object' || customParameters === null || Array.isArray(customParameters)) {
      throw new ConsoleRequestError('customParameters must be an object of string values');
    }
    const entries = Object.entries(customParameters as Record<string, unknown>);
    if (entries.length > MAX_PARAMETERS) throw new ConsoleRequestError(`customParameters may hold at most ${MAX_PARAMETERS} keys`);
    const kept: Record<string, string> = {};
    for (const [key, value] of entries) {
      if (!KEY_PATTERN.test(key)) throw new ConsoleRequestError(`customParameters key "${key.slice(0, 100)}" must be letters, digits, "_", "." or "-" (at most 100)`);
      if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
        throw new ConsoleRequestError(`customParameters.${key} must be a string of at most ${MAX_VALUE_LENGTH} characters`);
      }
      if (value === MASK) {
        const held = this.settings.customParameters[key];
        if (held !== undefined) kept[key] = held;
        continue;
      }
      if (value !== '' || !this.missing.has(key)) kept[key] = value;
    }
    return { resourceType: resourceType.trim(), customParameters: kept };
  }

  private load(): void {
    let stored: { resourceType?: unknown; customParameters?: unknown; secretKeys?: unknown };
    try {
      stored = JSON.parse(readFileSync(this.file, 'utf8')) as typeof stored;
    } catch {
      return;
    }
    const customParameters: Record<string, string> = {};
    if (typeof stored.customParameters === 'object' && stored.customParameters !== null) {
      for (const [key, value] of Object.entries(stored.customParameters)) if (typeof value === 'string') customParameters[key] = value;
    }
    this.settings = { resourceType: typeof stored.resourceType === 'string' ? stored.resourceType : '', customParameters };
    this.missing = new Set(Array.isArray(stored.secretKeys) ? stored.secretKeys.filter((key): key is string => typeof key === 'string') : []);
  }

  private save(): void {
    const customParameters: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(this.settings.customParameters)) {
      if (isSecretLooking(key, value)) secretKeys.push(key);
      else customParameters[key] = value;
    }
    secretKeys.push(...[...this.missing].filter((key) => !secretKeys.includes(key)));
    const content = { resourceType: this.settings.resourceType, customParameters, secretKeys };
    writeFileSync(this.file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  }
}
