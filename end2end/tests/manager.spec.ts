import { test, expect } from '@playwright/test';
import * as path from 'node:path';
import { DEMO, expectAccessible, expectNoHorizontalScroll, staffSignIn, expectNoWasm } from './helpers';

test('the dashboard shows each figure with its chart, table and formula, at phone size', async ({ page }) => {
  await staffSignIn(page, ...DEMO.admin);
  await page.goto('/tableau-de-bord?unite=BDS');
  await expect(page.getByTestId('period')).toContainText('Boucles de Seine');
  await expect(page.getByTestId('entrants-total')).toContainText('nouveaux entrants sur la période');
  await expect(page.getByRole('img', { name: /Nouveaux entrants par mois/ })).toBeVisible();
  await expect(page.getByTestId('delays')).toContainText('Décision d\'orientation');
  await expect(page.getByText('Calcul :').first()).toBeVisible();
  await expectNoWasm(page);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  const csv = await page.request.get('/tableau-de-bord/donnees.csv?figure=entrants&unite=BDS');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('mois;nouveaux_entrants');
});

test('a manager imports the monthly file: a trial first, then for good', async ({ page }) => {
  await staffSignIn(page, ...DEMO.admin);
  await page.goto('/agent/import');
  await expectNoWasm(page);
  await expectAccessible(page);
  await page.getByLabel('Fichier CSV').setInputFiles(path.join(__dirname, '..', '..', 'public', 'modele-import.csv'));
  await page.getByLabel('Unité territoriale').selectOption('BDS');
  await page.getByRole('button', { name: 'Vérifier le fichier (essai)' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Essai terminé');
  await expect(page.getByTestId('import-counts')).toContainText('mise(s) à jour');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Importer pour de bon' }).click();
  await expect(page.getByTestId('import-status')).toHaveText('Importé');
});

test('admins manage schemes and partner keys', async ({ page }) => {
  await staffSignIn(page, ...DEMO.admin);
  await page.goto('/admin/dispositifs');
  await expect(page.getByTestId('scheme-version').first()).toContainText('Version 1');
  await expectNoWasm(page);
  await expectAccessible(page);
  await page.goto('/admin/cles-api');
  await expectNoWasm(page);
  await page.getByLabel('Organisme partenaire').fill('Mission locale d\'Elbeuf');
  await page.getByLabel('Usage de la clé').fill('Essai navigateur');
  await page.getByRole('button', { name: 'Créer la clé' }).click();
  await expect(page.getByTestId('new-key')).toContainText('psl_');
  await expectAccessible(page);
});
