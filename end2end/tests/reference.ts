// Reference households (tests/reference/cases.json, computed with OpenFisca-France; see
// tests/reference/PROVENANCE.md), read in
// place, turned into the simulator's answers. Only households the form can describe exactly are
// used: no family benefits, one new job, children who stay in their age band over the 6 months.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Expected {
  month: string;
  rsa_without_scheme: number;
  rsa_with_scheme: number;
  prime_activite: number;
  bonus: number;
}

/** The same household without the new job (tests/reference/cases-without-job.json, OpenFisca-France). */
export interface WithoutJob {
  month: string;
  rsa: number;
  prime_activite: number;
}

export interface Answers {
  couple: boolean;
  age: string;
  ageConjoint?: string;
  under3: string;
  from3to24: string;
  logement: 'locataire' | 'proprietaire' | 'proprietaire_emprunt' | 'heberge';
  aideLogement: string;
  qui: 'moi' | 'conjoint';
  secteur: string;
  debutMois: string;
  debutAnnee: string;
  salaire: string;
}

const file = path.join(__dirname, '..', '..', 'tests', 'reference', 'cases.json');
const withoutJobFile = path.join(__dirname, '..', '..', 'tests', 'reference', 'cases-without-job.json');

export function withoutJob(id: string): WithoutJob[] {
  const data = JSON.parse(fs.readFileSync(withoutJobFile, 'utf8'));
  const c = data.cases.find((x: any) => x.id === id);
  if (!c) throw new Error(`case ${id} not in ${withoutJobFile}`);
  return c.without_job;
}

export function referenceCase(id: string): { answers: Answers; expected: Expected[] } {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const c = data.cases.find((x: any) => x.id === id);
  if (!c) throw new Error(`case ${id} not in ${file}`);
  if (c.family_benefits_source !== 'none') throw new Error(`${id} has family benefits`);
  const job = c.jobs.find((j: any) => j.start_month === c.start_month);
  if (c.jobs.length !== 1 || c.other_resources.length !== 0) throw new Error(`${id} is not a one-job case`);
  const housing: Record<string, Answers['logement']> = {
    tenant: 'locataire', owner: 'proprietaire', owner_with_mortgage: 'proprietaire_emprunt', hosted_free: 'heberge',
  };
  const ages: number[] = c.household.children.map((k: any) => k.age_at_start);
  const [year, month] = c.start_month.split('-');
  return {
    answers: {
      couple: c.household.type === 'couple',
      age: String(c.household.adults[0].age_at_start),
      ageConjoint: c.household.adults[1] ? String(c.household.adults[1].age_at_start) : undefined,
      under3: String(ages.filter((a) => a < 3).length),
      from3to24: String(ages.filter((a) => a >= 3).length),
      logement: housing[c.housing.status],
      aideLogement: String(c.housing.housing_aid_monthly),
      qui: job.person === 'a2' ? 'conjoint' : 'moi',
      secteur: job.scheme_eligible_sector ? 'ehpad' : 'autre',
      debutMois: String(Number(month)),
      debutAnnee: year,
      salaire: String(job.net_monthly),
    },
    expected: c.expected,
  };
}

/** "1 234,56 €" → 1234.56 */
export function euros(text: string): number {
  return Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
}

/** The simulator's address for these answers (`/simulateur?…`, as a sent form writes it). */
export function answersQuery(a: Answers): string {
  const q = new URLSearchParams({
    situation: a.couple ? 'couple' : 'seul',
    age: a.age,
    enfants_moins_3: a.under3,
    enfants_3_24: a.from3to24,
    logement: a.logement,
    aide_logement: a.aideLogement === '0' ? '' : a.aideLogement,
    qui: a.qui,
    secteur: a.secteur,
    debut_mois: a.debutMois,
    debut_annee: a.debutAnnee,
    salaire: a.salaire,
    rsa: 'oui',
  });
  if (a.ageConjoint) q.set('age_conjoint', a.ageConjoint);
  return q.toString();
}
