import { beforeEach, describe, expect, it, vi } from 'vitest';
import { closeDatabase } from '../../offline/db';
import { clearRecent } from '../../offline/recent';
import { freshIndexedDb } from '../../test/indexedDb';
import { deleteDraft, emptyDraft, fileOf, loadDraft, saveDraft, storedLogoOf } from './draft';
import { CHANDA } from './testing';

beforeEach(async () => {
  await freshIndexedDb();
  localStorage.clear();
});

describe('the wizard draft on the phone', () => {
  it('keeps the answers, the step, the logo and a started run, per person', async () => {
    const logo = await storedLogoOf(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'logo.png', { type: 'image/png' }));
    await saveDraft('user-1', { ...emptyDraft(), step: 'settings', values: CHANDA, logo, run: { instanceId: 'onboarding-1', startedAt: 5 } });

    const draft = await loadDraft('user-1');

    expect(draft?.step).toBe('settings');
    expect(draft?.values).toEqual(CHANDA);
    expect(draft?.run).toEqual({ instanceId: 'onboarding-1', startedAt: 5 });
    const file = fileOf(draft?.logo ?? logo);
    expect([file.name, file.type, file.size]).toEqual(['logo.png', 'image/png', 4]);
    expect(await loadDraft('user-2')).toBeUndefined();
  });

  it('is deleted, and wiped with the other saved copies at sign-out', async () => {
    await saveDraft('user-1', emptyDraft());
    await deleteDraft('user-1');
    expect(await loadDraft('user-1')).toBeUndefined();

    await saveDraft('user-1', emptyDraft());
    await clearRecent();
    expect(await loadDraft('user-1')).toBeUndefined();
  });

  it('fills in answers added since it was saved, and ignores what it cannot read', async () => {
    const { vat_effective_date: _dropped, ...older } = CHANDA;
    localStorage.setItem('intellifin.organizationDraft:user-1', JSON.stringify({ version: 1, step: 'nowhere', values: older }));
    await closeDatabase();
    vi.stubGlobal('indexedDB', undefined);

    const draft = await loadDraft('user-1');

    expect(draft?.step).toBe('business');
    expect(draft?.values.vat_effective_date).toBe('');
    expect(draft?.values.legal_name).toBe(CHANDA.legal_name);
    localStorage.setItem('intellifin.organizationDraft:user-1', '{not json');
    expect(await loadDraft('user-1')).toBeUndefined();
  });

  it('falls back to localStorage, without the logo, where IndexedDB is unavailable', async () => {
    await closeDatabase();
    vi.stubGlobal('indexedDB', undefined);
    const logo = await storedLogoOf(new File(['x'], 'logo.png', { type: 'image/png' }));

    await saveDraft('user-1', { ...emptyDraft(), values: CHANDA, logo });

    const draft = await loadDraft('user-1');
    expect(draft?.values).toEqual(CHANDA);
    expect(draft?.logo).toBeNull();
    await deleteDraft('user-1');
    expect(await loadDraft('user-1')).toBeUndefined();
  });
});
