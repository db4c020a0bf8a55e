import { test, expect } from '@playwright/test';
import {
  DEMO, expectAccessible, expectNoHorizontalScroll, readCode, staffSignIn, expectNoWasm,
  tuesdayAfter, addDays, isoDay, frDate, frDay, icsUtc, fillBirthDate } from './helpers';

test('an officer records the orientation decision, and the beneficiary then sees it on his phone', async ({ page, browser }) => {
  // The officer, on a phone too. Théo's interview took place on the last working day.
  await staffSignIn(page, ...DEMO.officer);
  await page.getByLabel('Rechercher une personne').fill('lefevre theo');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByRole('link', { name: /LEFÈVRE Théo/ }).first().click();
  await expect(page.getByTestId('file-name')).toHaveText('Théo LEFÈVRE');
  await expectNoWasm(page);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);

  await page.getByText("Enregistrer le résultat d'un rendez-vous").click();
  await page.locator('#resultat-choix').selectOption('held');
  await page.getByRole('button', { name: 'Enregistrer le résultat' }).click();
  // The staff file speaks about the person.
  await expect(page.getByTestId('status')).toHaveText('Entretien fait, décision à saisir');

  await page.getByText("Enregistrer la décision d'orientation").click();
  await page.locator('#orientation-parcours').selectOption('professionnel');
  await page.locator('#orientation-organisme').selectOption('france_travail');
  await page.locator('#orientation-referent').fill('Sophie Lemoine');
  await page.locator('#orientation-contact').fill('02 35 12 34 56');
  await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
  await expect(page.getByTestId('status')).toHaveText('Orienté');

  // Théo signs in on his phone and sees the decision.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const me = await phone.newPage();
  await me.goto('/connexion');
  await me.getByLabel('Numéro allocataire').fill('5566778');
  await fillBirthDate(me, '1993-10-05');
  await me.getByRole('button', { name: 'Recevoir mon code' }).click();
  await expect(me).toHaveURL(/\/connexion\/code$/);
  await me.getByLabel('Code reçu').fill(await readCode(browser, '06 66 77 88 99'));
  await me.getByRole('button', { name: 'Valider' }).click();
  await expect(me).toHaveURL(/\/mon-parcours$/);
  await expect(me.getByTestId('status')).toHaveText('Votre accompagnement est choisi');
  await expect(me.getByText('Sophie Lemoine', { exact: true })).toBeVisible();
  await expect(me.getByRole('link', { name: '02 35 12 34 56' })).toHaveAttribute('href', 'tel:+33235123456');
  await expect(me.getByText(/Orientation décidée\s:\sParcours professionnel/)).toBeVisible();
  await expectNoHorizontalScroll(me);
  await expectAccessible(me);

  // He asks a question; it lands in the staff inbox.
  await expectNoWasm(me);
  await me.getByLabel('Votre question').fill('Quand vais-je rencontrer ma référente ?');
  await me.getByRole('button', { name: 'Envoyer ma question' }).click();
  await expect(me.getByText('Votre message a bien été envoyé.')).toBeVisible();
  await page.goto('/agent');
  await expect(page.getByTestId('inbox-item').filter({ hasText: 'Quand vais-je rencontrer ma référente ?' })).toBeVisible();
  await phone.close();
});

test('an appointment an officer plans reaches the beneficiary: his page, his calendar file, his offline copy', async ({ page, browser }) => {
  // Staff plan a follow-up appointment for Hugo, who then downloads it: a Tuesday about three
  // months ahead, at 10:30 in Paris.
  const day = tuesdayAfter(85);
  const when = `${frDay(day)} à 10 h 30`;
  await staffSignIn(page, ...DEMO.officer);
  await page.goto('/agent?q=5556667');
  await page.getByRole('link', { name: /PETIT Hugo/ }).click();
  await page.getByText('Prévoir un rendez-vous').click();
  await page.locator('#rdv-objet').selectOption('suivi');
  await page.locator('#rdv-date').fill(isoDay(day));
  await page.locator('#rdv-heure').fill('10:30');
  await page.locator('#rdv-lieu').fill('Mission locale, Elbeuf');
  await page.locator('#rdv-agent').fill('Sophie Lemoine');
  await page.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
  // The save is confirmed with what was sent, and where (the number masked).
  await expect(page.getByTestId('notice')).toHaveText(`Rendez-vous enregistré pour le ${when}. SMS envoyé au 06 •• •• •• 77.`);
  await expect(page.locator('ul.appointments').getByText(`Rendez-vous de suivi — ${when}`)).toBeVisible();
  // The file says what was sent and what will be: the appointment's notice now, its reminder
  // 48 hours before.
  const sent = page.locator('#envois');
  await expect(sent.getByText(`Rappel 48 h avant le rendez-vous — ${frDate(addDays(day, -2))} à 10 h 30`)).toBeVisible();
  await expect(sent.getByText(/Information sur le parcours — SMS/).first()).toBeVisible();
  await expectAccessible(page);

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const me = await phone.newPage();
  await me.goto('/connexion');
  await me.getByLabel('Numéro allocataire').fill('5556667');
  await fillBirthDate(me, '2001-01-20');
  await me.getByRole('button', { name: 'Recevoir mon code' }).click();
  await expect(me).toHaveURL(/\/connexion\/code$/);
  await me.getByLabel('Code reçu').fill(await readCode(browser, '06 55 66 67 77'));
  await me.getByRole('button', { name: 'Valider' }).click();
  await expect(me.getByTestId('next-appointment')).toHaveText(when);
  const [download] = await Promise.all([me.waitForEvent('download'), me.getByRole('link', { name: 'Ajouter à mon agenda' }).click()]);
  const path = await download.path();
  const ics = require('node:fs').readFileSync(path, 'utf8');
  expect(ics).toContain(`DTSTART:${icsUtc(day, 10, 30)}`);

  // Poor connection: the last "Mon parcours" seen stays readable offline (service worker).
  await expectNoWasm(me);
  await me.evaluate(async () => { await navigator.serviceWorker.ready; });
  await me.reload(); // fetched through the service worker, which keeps a copy
  await expect(me.getByTestId('status')).toBeVisible();
  await phone.setOffline(true);
  await me.reload();
  await expect(me.getByTestId('next-appointment')).toHaveText(when);
  await phone.setOffline(false);

  // Hugo would rather not get SMS: he unticks them, keeps e-mail if he has one.
  await me.reload();
  const sms = me.getByLabel(/par SMS au 06 55 66 67 77/);
  await expect(sms).toBeChecked();
  await sms.uncheck();
  await me.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await expect(me.getByText('Vos choix sont enregistrés.')).toBeVisible();
  await expect(me.getByLabel(/par SMS au 06 55 66 67 77/)).not.toBeChecked();
  await me.setViewportSize({ width: 320, height: 640 });
  await expectNoHorizontalScroll(me);
  await expectAccessible(me);
  await phone.close();
  // Staff see it on his file.
  await page.reload();
  await expect(page.locator('#envois').getByText('La personne a refusé : SMS.')).toBeVisible();
  // The staff home lists missed appointments without a new date, and stays accessible.
  await page.goto('/agent');
  await expect(page.getByRole('heading', { name: 'Rendez-vous manqués sans nouvelle date' })).toBeVisible();
  await expectAccessible(page);
});
