import { test, expect } from '@playwright/test';
import { DEMO, expectAccessible, readCode, staffSignIn, expectNoWasm, watchConsole, fillBirthDate } from './helpers';

test.describe('signing in, with JavaScript (plain pages: no wasm)', () => {
  test('a beneficiary signs in with a code received by e-mail and sees their pathway', async ({ page, browser }) => {
    const problems = watchConsole(page);
    await page.goto('/connexion');
    await expectNoWasm(page);
    await expectAccessible(page);
    await page.getByLabel('Numéro allocataire').fill('7654321');
    await fillBirthDate(page, '1990-07-02');
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await expect(page).toHaveURL(/\/connexion\/code$/);
    await expect(page.getByTestId('destination')).toContainText('l•••••@example.org');
    await expectAccessible(page);
    const code = await readCode(browser, 'leo.durand@example.org');
    await page.getByLabel('Code reçu').fill(code);
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect(page).toHaveURL(/\/mon-parcours$/);
    await expect(page.getByTestId('status')).toHaveText('Votre accompagnement est en cours');
    await expect(page.getByRole('heading', { name: 'Votre référent' })).toBeVisible();
    await expect(page.getByText('Sophie Lemoine')).toBeVisible();
    await expect(page.getByTestId('session-name')).toHaveText('Léo Durand');
    await expectAccessible(page);
    // The CSP let everything run: no violation, no error.
    expect(problems).toEqual([]);
    // Signed in as a beneficiary, the staff area stays closed (a 403 page).
    await page.goto('/agent');
    await expect(page.getByText("Vous n'avez pas accès à cette page avec votre compte.")).toBeVisible();
    await expect(page.getByTestId('inbox-item')).toHaveCount(0);
    await page.goto('/mon-parcours');
    // Signing out ends the session.
    await page.getByRole('button', { name: 'Me déconnecter' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/mon-parcours');
    await expect(page.getByText('Vous devez vous connecter pour voir cette page.')).toBeVisible();
  });

  test('a wrong password gets a French message and keeps the e-mail', async ({ page }) => {
    await page.goto('/agent/connexion');
    await expectNoWasm(page);
    await page.getByLabel('Adresse e-mail professionnelle').fill('agent@demo.passerelle.fr');
    await page.getByLabel('Mot de passe').fill('pas le bon');
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page.locator('#password-erreur')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
    await expect(page.getByLabel('Adresse e-mail professionnelle')).toHaveValue('agent@demo.passerelle.fr');
    await expectAccessible(page);
  });

  test('a sign-in link that no longer works says what to do', async ({ page }) => {
    await page.goto('/connexion/lien?jeton=12-pasleboncodepasleboncodepasleboncode00');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page.getByRole('alert')).toContainText('Ce lien de connexion ne marche plus');
    await expectAccessible(page);
  });

  test('someone who is not signed in cannot open the staff area', async ({ page }) => {
    await page.goto('/agent');
    await expect(page.getByText('Vous devez vous connecter pour voir cette page.').first()).toBeVisible();
  });
});

test.describe('signing in without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the whole sign-in works with plain forms, and errors come back next to the field', async ({ page, browser }) => {
    await page.goto('/connexion');
    await page.getByLabel('Numéro allocataire').fill('1122334');
    await fillBirthDate(page, '1979-11-24');
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    // Back at the form's error summary.
    await expect(page).toHaveURL(/\/connexion#erreur-connexion$/);
    await expect(page.locator('#numero-erreur')).toContainText('Ces informations ne correspondent à aucun dossier');
    await expect(page.getByLabel('Numéro allocataire')).toHaveValue('1122334');
    await fillBirthDate(page, '1979-11-23');
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await expect(page).toHaveURL(/\/connexion\/code$/);
    await expect(page.getByTestId('destination')).toContainText('07 •• •• •• 55');
    await page.getByLabel('Code reçu').fill('000000');
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect(page.locator('#code-erreur')).toContainText("Ce code n'est pas le bon");
    const code = await readCode(browser, '07 22 33 44 55');
    await page.getByLabel('Code reçu').fill(code);
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect(page).toHaveURL(/\/mon-parcours$/);
    await expect(page.getByTestId('status')).toHaveText('Vous avez repris un emploi');
    await expect(page.getByTestId('scheme')).toContainText('versée le 19 avril 2021');
  });

  test('a sign-in link that no longer works says what to do, with plain forms', async ({ page }) => {
    // Opening the link signs nobody in: a button posts it (a mail scanner opening it uses nothing).
    await page.goto('/connexion/lien?jeton=12-pasleboncodepasleboncodepasleboncode00');
    await expect(page.getByRole('heading', { name: 'Me connecter avec le lien reçu' })).toBeVisible();
    await page.getByRole('button', { name: 'Me connecter' }).click();
    await expect(page).toHaveURL(/\/connexion\/lien\?jeton=.*#erreur-lien$/);
    await expect(page.getByRole('alert')).toContainText('Ce lien de connexion ne marche plus');
    await expect(page.getByRole('link', { name: 'Recommencer' })).toBeVisible();
  });
});

test('staff see who is signed in and with which role', async ({ page }) => {
  await staffSignIn(page, ...DEMO.agent);
  await expect(page.getByTestId('session-name')).toContainText("Inès Accueil — Agent d'accueil, Boucles de Seine");
  await expect(page.getByRole('heading', { name: 'À orienter' })).toBeVisible();
  await expectAccessible(page);
});
