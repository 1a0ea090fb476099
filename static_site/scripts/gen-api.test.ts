// @vitest-environment node
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SCHEMA_TYPES, SNAPSHOT, schemaTypesOf } from './gen-api.mjs';

describe('the generated API types', () => {
  it('are up to date with the OpenAPI snapshot (run `npm run gen:api` when not)', async () => {
    const expected = await schemaTypesOf(await readFile(SNAPSHOT, 'utf8'));

    expect(await readFile(SCHEMA_TYPES, 'utf8')).toBe(expected);
  });

  it('describe each path and schema of the snapshot', async () => {
    const snapshot = JSON.parse(await readFile(SNAPSHOT, 'utf8')) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };

    const types = await readFile(SCHEMA_TYPES, 'utf8');

    for (const path of Object.keys(snapshot.paths)) {
      expect(types).toContain(`"${path}": {`);
    }
    for (const schema of Object.keys(snapshot.components.schemas)) {
      expect(types).toMatch(new RegExp(`^ {8}${schema}: `, 'm'));
    }
  });
});
