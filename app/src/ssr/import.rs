//! Import of the CAF's monthly new-entrant file (CSV): streaming parse with the `csv` crate, one
//! French message per faulty line, a dry run that only counts, and an all-or-nothing upsert on the
//! file number (run twice, the same file changes nothing the second time).
//!
//! Columns (header names are matched without case or accents; `;`, `,` or tab separated; UTF-8):
//! `numero_allocataire`, `nom`, `prenom`, `date_naissance` (JJ/MM/AAAA), `commune`,
//! `date_ouverture_rsa` (JJ/MM/AAAA) — required; `telephone`, `email`, `situation` (seul | couple),
//! `enfants_moins_3`, `enfants_3_24`, `logement` (locataire | proprietaire | proprietaire_emprunt |
//! heberge), `aide_logement` (euros), `unite` (code of the territorial unit) — optional.
use std::collections::{HashMap, HashSet};

use passerelle::{Cents, Date};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::db::{Db, DbError};
use super::outbox::{Channel, MessageKind, NewMessage};
use super::{clock, to_time_date};
use crate::with_pool;

/// Files above this size are refused before reading (a month of new entrants is ~50 KB; the
/// whole stock of a unit ~3 MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// At most this many line errors are kept (the first ones): enough to fix a file.
pub const MAX_ERRORS: usize = 200;

const REQUIRED: [&str; 6] = [
    "numero_allocataire",
    "nom",
    "prenom",
    "date_naissance",
    "commune",
    "date_ouverture_rsa",
];
const OPTIONAL: [&str; 8] = [
    "telephone",
    "email",
    "situation",
    "enfants_moins_3",
    "enfants_3_24",
    "logement",
    "aide_logement",
    "unite",
];

pub use crate::imports::LineError;

/// A valid line.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub line: usize,
    pub file_number: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Date,
    pub commune: String,
    pub rsa_opened_on: Date,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub unit_code: Option<String>,
    pub household: String,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<LineError>,
    /// Remarks that do not stop the import (unknown columns).
    pub warnings: Vec<String>,
    /// Data lines read (valid or not).
    pub total: usize,
    /// Lines with an error (only the first [`MAX_ERRORS`] messages are kept).
    pub faulty: usize,
}

impl Parsed {
    fn error(&mut self, line: usize, message: String) {
        self.faulty += 1;
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(LineError { line, message });
        }
    }

    fn fatal(message: impl Into<String>) -> Parsed {
        Parsed {
            errors: vec![LineError {
                line: 0,
                message: message.into(),
            }],
            faulty: 1,
            ..Default::default()
        }
    }
}

fn fold_header(h: &str) -> String {
    crate::text::search_key(h).replace(' ', "_")
}

fn parse_fr_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => {
            Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
        }
        _ => None,
    }
}

/// Line numbers of byte offsets that come in increasing order (the records of a file): counts
/// the newlines once, from the previous offset on, so a whole file costs one pass.
struct Lines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line number of `byte`.
    fn line_of(&mut self, byte: u64) -> usize {
        let bytes = self.bytes;
        let mut end = (byte as usize).min(bytes.len());
        // A record's position may be that of the blank lines the reader skipped before it.
        while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
            end += 1;
        }
        if end < self.at {
            // Not expected (records come in order), but never wrong: count from the start.
            self.at = 0;
            self.line = 1;
        }
        self.line += bytes[self.at..end].iter().filter(|b| **b == b'\n').count();
        self.at = end;
        self.line
    }
}

/// Reads a file. Never panics, whatever the bytes.
pub fn parse(bytes: &[u8], known_units: &HashSet<String>, today: Date) -> Parsed {
    if bytes.len() > MAX_BYTES {
        return Parsed::fatal(format!(
            "Le fichier fait {:.1} Mo : 10 Mo au plus. Découpez-le, ou n'y laissez que les nouveaux entrants du mois.",
            bytes.len() as f64 / 1_048_576.0
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1;
            return Parsed::fatal(format!(
                "Le fichier n'est pas encodé en UTF-8 (premier caractère illisible ligne {line}). Dans votre tableur, enregistrez-le au format « CSV UTF-8 »."
            ));
        }
    };
    if text.trim().is_empty() {
        return Parsed::fatal("Le fichier est vide.");
    }
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(fold_header).collect(),
        Err(e) => {
            return Parsed::fatal(format!(
                "La première ligne (les noms de colonnes) est illisible : {e}"
            ));
        }
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Parsed::fatal(format!(
            "Colonnes manquantes : {}. La première ligne doit nommer les colonnes (voir le modèle).",
            missing.join(", ")
        ));
    }
    let unknown: Vec<&String> = headers
        .iter()
        .filter(|h| {
            !REQUIRED.contains(&h.as_str()) && !OPTIONAL.contains(&h.as_str()) && !h.is_empty()
        })
        .collect();
    let mut out = Parsed::default();
    if !unknown.is_empty() {
        out.warnings.push(format!(
            "Colonnes inconnues, ignorées : {}.",
            unknown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let idx: HashMap<&str, Option<usize>> = REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .map(|c| (*c, col(c)))
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut lines = Lines::new(text);
    for (i, record) in reader.records().enumerate() {
        out.total += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.line_of(p.byte()))
                    .unwrap_or(i + 2);
                out.error(line, format!("Ligne illisible : {e}"));
                continue;
            }
        };
        // The reader skips blank lines: take the line number from the record, not the count.
        let line = record
            .position()
            .map(|p| lines.line_of(p.byte()))
            .unwrap_or(i + 2);
        if record.iter().all(|f| f.trim().is_empty()) {
            out.total -= 1;
            continue;
        }
        let get = |name: &str| {
            idx.get(name)
                .copied()
                .flatten()
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let mut problems: Vec<String> = Vec::new();
        let file_number: String = get("numero_allocataire")
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if file_number.is_empty() {
            problems.push("le numéro allocataire manque".into());
        } else if !file_number.chars().all(|c| c.is_ascii_digit())
            || !(4..=12).contains(&file_number.len())
        {
            problems.push(format!(
                "le numéro allocataire « {file_number} » doit contenir 4 à 12 chiffres"
            ));
        } else if let Some(previous) = seen.get(&file_number) {
            problems.push(format!(
                "le numéro allocataire {file_number} figure déjà ligne {previous}"
            ));
        }
        let text_field = |name: &str, label: &str, problems: &mut Vec<String>| -> String {
            let v = get(name);
            if v.is_empty() {
                problems.push(format!("{label} manque"));
            } else if v.chars().count() > 100 {
                problems.push(format!("{label} dépasse 100 caractères"));
            }
            v.to_string()
        };
        let last_name = text_field("nom", "le nom", &mut problems);
        let first_name = text_field("prenom", "le prénom", &mut problems);
        let commune = text_field("commune", "la commune", &mut problems);
        let date_field = |name: &str, label: &str, problems: &mut Vec<String>| -> Option<Date> {
            let v = get(name);
            match parse_fr_date(v) {
                None if v.is_empty() => {
                    problems.push(format!("{label} manque"));
                    None
                }
                None => {
                    problems.push(format!(
                        "{label} « {v} » n'est pas une date valable (JJ/MM/AAAA)"
                    ));
                    None
                }
                Some(d) if d > today => {
                    problems.push(format!("{label} « {v} » est dans le futur"));
                    None
                }
                Some(d) => Some(d),
            }
        };
        let birth_date = date_field("date_naissance", "la date de naissance", &mut problems);
        let rsa_opened_on = date_field(
            "date_ouverture_rsa",
            "la date d'ouverture du RSA",
            &mut problems,
        );
        let phone = match get("telephone") {
            "" => None,
            p => {
                let digits: String = p
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == '+')
                    .collect();
                let ok = (digits.len() == 10 && digits.starts_with('0'))
                    || (digits.len() == 12 && digits.starts_with("+33"));
                if !ok {
                    problems.push(format!("le téléphone « {p} » n'est pas un numéro français"));
                }
                Some(p.to_string())
            }
        };
        let email = match get("email") {
            "" => None,
            e if e.contains('@') && e.len() <= 200 && !e.contains(' ') => Some(e.to_string()),
            e => {
                problems.push(format!("l'e-mail « {e} » n'est pas valable"));
                None
            }
        };
        let unit_code = match get("unite") {
            "" => None,
            u if known_units.contains(u) => Some(u.to_string()),
            u => {
                problems.push(format!("l'unité « {u} » n'existe pas"));
                None
            }
        };
        let couple = match get("situation").to_lowercase().as_str() {
            "" | "seul" | "seule" | "isole" | "isolé" | "isolée" => false,
            "couple" => true,
            other => {
                problems.push(format!(
                    "la situation « {other} » doit être « seul » ou « couple »"
                ));
                false
            }
        };
        let count = |name: &str, label: &str, problems: &mut Vec<String>| -> u8 {
            match get(name) {
                "" => 0,
                v => v
                    .parse::<u8>()
                    .ok()
                    .filter(|n| *n <= 15)
                    .unwrap_or_else(|| {
                        problems.push(format!("{label} « {v} » doit être un nombre entre 0 et 15"));
                        0
                    }),
            }
        };
        let under_3 = count(
            "enfants_moins_3",
            "le nombre d'enfants de moins de 3 ans",
            &mut problems,
        );
        let from_3 = count(
            "enfants_3_24",
            "le nombre d'enfants de 3 à 24 ans",
            &mut problems,
        );
        let housing = match get("logement") {
            "" => None,
            h @ ("locataire" | "proprietaire" | "proprietaire_emprunt" | "heberge") => {
                Some(h.to_string())
            }
            h => {
                problems.push(format!("le logement « {h} » doit être locataire, proprietaire, proprietaire_emprunt ou heberge"));
                None
            }
        };
        let aid = match get("aide_logement") {
            "" => None,
            a => match Cents::parse_fr(a) {
                Ok(c) => Some(c.get()),
                Err(e) => {
                    problems.push(format!(
                        "l'aide au logement : {}",
                        e.message_fr().to_lowercase()
                    ));
                    None
                }
            },
        };
        if !problems.is_empty() {
            let mut message = problems.join(" ; ");
            if let Some(first) = message.get(..1) {
                message = first.to_uppercase() + &message[1..];
            }
            out.error(line, format!("{message}."));
            continue;
        }
        seen.insert(file_number.clone(), line);
        let household = serde_json::json!({
            "couple": couple,
            "children_under_3": under_3,
            "children_3_to_24": from_3,
            "housing": housing,
            "housing_aid_cents": aid,
        })
        .to_string();
        out.rows.push(ImportRow {
            line,
            file_number,
            last_name,
            first_name,
            birth_date: birth_date.unwrap_or(today),
            commune,
            rsa_opened_on: rsa_opened_on.unwrap_or(today),
            phone,
            email,
            unit_code,
            household,
        });
    }
    if out.total == 0 && out.errors.is_empty() {
        return Parsed::fatal(
            "Le fichier ne contient aucune ligne de données après la ligne des colonnes.",
        );
    }
    out
}

/// What an import did (or would do, in a dry run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
}

#[derive(sqlx::FromRow)]
struct Existing {
    beneficiary_id: i64,
    unit_code: String,
    file_number: String,
    first_name: String,
    last_name: String,
    birth_date: time::Date,
    phone: Option<String>,
    email: Option<String>,
    commune: String,
    household: String,
}

impl ImportRow {
    fn same_as(&self, e: &Existing) -> bool {
        e.first_name == self.first_name
            && e.last_name == self.last_name
            && e.birth_date == to_time_date(self.birth_date)
            && e.phone == self.phone
            && e.email == self.email
            && e.commune == self.commune
            && e.household == self.household
    }

    fn search_key(&self) -> String {
        crate::text::search_key(&format!(
            "{} {} {}",
            self.last_name, self.first_name, self.file_number
        ))
    }
}

/// Rows per statement: 16 values a row stays far under both engines' parameter limits.
const CHUNK: usize = 500;

impl Db {
    /// Codes of the territorial units.
    pub async fn unit_codes(&self) -> Result<HashSet<String>, DbError> {
        let codes: Vec<String> = with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT code FROM territorial_unit"
        )
        .fetch_all(pool)
        .await)?;
        Ok(codes.into_iter().collect())
    }

    /// Upserts `rows` into `default_unit` (unless a row names its unit), in one transaction: all
    /// rows or none. With `dry_run`, only counts.
    ///
    /// `scope` is the importer's own unit (a manager's), `None` for administrators and the command
    /// line: a scoped import refuses, line by line, any row that names another unit or whose file
    /// number belongs to another unit's person — with one neutral message. A trial (`dry_run`)
    /// counts the latter as a new person, as it would an unknown number: trying numbers tells
    /// nothing of other units; the real import refuses them, and is audited. A change of a person's birth date, phone or e-mail is
    /// audited on their file, and their former contact is told.
    pub async fn import_rows(
        &self,
        rows: &[ImportRow],
        default_unit: &str,
        scope: Option<&str>,
        actor: super::audit::Actor,
        dry_run: bool,
    ) -> Result<Counts, ImportFailure> {
        self.import_rows_with_progress(rows, default_unit, scope, actor, dry_run, &|_| {})
            .await
    }

    /// [`Db::import_rows`], calling `progress` with the number of rows read so far after each
    /// batch is written inside the (still open) transaction: the command line shows it on a long
    /// import, and a test stops the import at that very moment to check that nothing is kept.
    pub async fn import_rows_with_progress(
        &self,
        rows: &[ImportRow],
        default_unit: &str,
        scope: Option<&str>,
        actor: super::audit::Actor,
        dry_run: bool,
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<Counts, ImportFailure> {
        let now = clock::now();
        let mut counts = Counts::default();
        let mut refused: Vec<LineError> = Vec::new();
        let result = with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let mut done = 0;
                for chunk in rows.chunks(CHUNK) {
                    if done > 0 {
                        progress(done);
                    }
                    done += chunk.len();
                    // What is already there, to tell new, changed and unchanged people apart.
                    let mut q = sqlx::QueryBuilder::new(
                        "SELECT beneficiary_id, unit_code, file_number, first_name, last_name, birth_date, phone, email, \
                         commune, household FROM beneficiary WHERE file_number IN (",
                    );
                    let mut sep = q.separated(", ");
                    for r in chunk {
                        sep.push_bind(&r.file_number);
                    }
                    q.push(")");
                    let existing: Vec<Existing> = q.build_query_as().fetch_all(&mut *tx).await?;
                    let existing: HashMap<&str, &Existing> = existing.iter().map(|e| (e.file_number.as_str(), e)).collect();
                    let mut changed: Vec<&ImportRow> = Vec::new();
                    let mut new_numbers: HashSet<&str> = HashSet::new();
                    let mut contact_changes: Vec<ContactChange> = Vec::new();
                    for r in chunk {
                        let mut found = existing.get(r.file_number.as_str());
                        if let Some(own) = scope {
                            let target = r.unit_code.as_deref().unwrap_or(default_unit);
                            let elsewhere = found.is_some_and(|e| e.unit_code != own);
                            if elsewhere && dry_run && target == own {
                                // A trial (free, repeatable, and writing nothing) answers for a
                                // number of another unit exactly as for an unknown one: a new
                                // person. Only the real import, audited, refuses it.
                                found = None;
                            } else if target != own || elsewhere {
                                refused.push(LineError {
                                    line: r.line,
                                    message: OTHER_UNIT.to_string(),
                                });
                                continue;
                            }
                        }
                        match found {
                            None => {
                                counts.inserted += 1;
                                new_numbers.insert(&r.file_number);
                                changed.push(r);
                            }
                            Some(e) if r.same_as(e) => counts.unchanged += 1,
                            Some(e) => {
                                counts.updated += 1;
                                changed.push(r);
                                if let Some(c) = ContactChange::between(e, r) {
                                    contact_changes.push(c);
                                }
                            }
                        }
                    }
                    if dry_run || !refused.is_empty() || changed.is_empty() {
                        continue;
                    }
                    let mut q = sqlx::QueryBuilder::new(
                        "INSERT INTO beneficiary (file_number, first_name, last_name, search_key, birth_date, phone, email, \
                         commune, unit_code, rsa_opened_on, household, created_at, updated_at, status, status_since, \
                         caf_information_on) ",
                    );
                    // The day the département received the CAF's information: the 6-week
                    // orientation deadline runs from it (CASF D262-65-2); an update keeps the first.
                    let received = to_time_date(crate::clock::today());
                    q.push_values(changed.iter(), |mut b, r| {
                        b.push_bind(&r.file_number)
                            .push_bind(&r.first_name)
                            .push_bind(&r.last_name)
                            .push_bind(r.search_key())
                            .push_bind(to_time_date(r.birth_date))
                            .push_bind(&r.phone)
                            .push_bind(&r.email)
                            .push_bind(&r.commune)
                            .push_bind(r.unit_code.as_deref().unwrap_or(default_unit))
                            .push_bind(to_time_date(r.rsa_opened_on))
                            .push_bind(&r.household)
                            .push_bind(now)
                            .push_bind(now)
                            .push_bind("entered")
                            .push_bind(to_time_date(r.rsa_opened_on))
                            .push_bind(received);
                    });
                    // An update keeps the pathway (status, dates, unit): the file only refreshes
                    // who the person is and how to reach them.
                    q.push(
                        " ON CONFLICT (file_number) DO UPDATE SET first_name = excluded.first_name, \
                         last_name = excluded.last_name, search_key = excluded.search_key, birth_date = excluded.birth_date, \
                         phone = excluded.phone, email = excluded.email, commune = excluded.commune, \
                         household = excluded.household, updated_at = excluded.updated_at \
                         RETURNING beneficiary_id, file_number, rsa_opened_on",
                    );
                    let written: Vec<(i64, String, time::Date)> = q.build_query_as().fetch_all(&mut *tx).await?;
                    let entered: Vec<&(i64, String, time::Date)> = written.iter().filter(|(_, f, _)| new_numbers.contains(f.as_str())).collect();
                    if !entered.is_empty() {
                        let mut q = sqlx::QueryBuilder::new(
                            "INSERT INTO pathway_event (beneficiary_id, occurred_on, kind, title, detail, visible_to_beneficiary, recorded_at) ",
                        );
                        q.push_values(entered, |mut b, (id, _, on)| {
                            b.push_bind(*id)
                                .push_bind(*on)
                                .push_bind("entered")
                                .push_bind("Entrée au RSA\u{a0}: votre dossier est ouvert")
                                .push_bind("")
                                .push_bind(true)
                                .push_bind(now);
                        });
                        q.build().execute(&mut *tx).await?;
                        // Each new entrant is invited to the orientation interview by a job
                        // (sent in the daytime, reminded after 3 days without an answer).
                        let mut q = sqlx::QueryBuilder::new(
                            "INSERT INTO scheduled_job (kind, beneficiary_id, idempotency_key, due_at, next_attempt_at, \
                             status, attempts, created_at) ",
                        );
                        let entrants = written.iter().filter(|(_, f, _)| new_numbers.contains(f.as_str()));
                        q.push_values(entrants, |mut b, (id, _, on)| {
                            let job = super::jobs::NewJob::invitation(*id, *on, now);
                            b.push_bind(job.kind.code())
                                .push_bind(job.beneficiary_id)
                                .push_bind(job.key)
                                .push_bind(job.due_at)
                                .push_bind(job.due_at)
                                .push_bind("pending")
                                .push_bind(0i64)
                                .push_bind(now);
                        });
                        q.push(" ON CONFLICT (idempotency_key) DO NOTHING");
                        q.build().execute(&mut *tx).await?;
                    }
                    for c in &contact_changes {
                        let audit = super::audit::AuditEntry::new(actor, "identity_updated_by_import")
                            .beneficiary(c.beneficiary_id, &c.unit_code)
                            .target("beneficiary", c.beneficiary_id)
                            .detail(json!({ "fields": c.fields }));
                        crate::insert_audit!(&mut *tx, audit, now)?;
                        if let Some(m) = c.notice(now) {
                            crate::insert_outbox!(&mut *tx, m, now)?;
                        }
                    }
                }
                if dry_run || !refused.is_empty() {
                    tx.rollback().await?;
                } else {
                    tx.commit().await?;
                }
                Ok::<_, sqlx::Error>(())
            }
            .await
        });
        result.map_err(|e| ImportFailure::Db(e.into()))?;
        if refused.is_empty() {
            Ok(counts)
        } else {
            refused.truncate(MAX_ERRORS);
            Err(ImportFailure::Lines(refused))
        }
    }
}

/// Said for a row a scoped import may not write: the same words whether the row names another
/// unit or its file number belongs to another unit's person.
pub const OTHER_UNIT: &str = "Cette ligne ne peut pas être importée par votre unité territoriale (unité ou numéro allocataire d'une autre unité). Retirez-la, ou demandez à un administrateur.";

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Rows the importer may not write, with their line.
    Lines(Vec<LineError>),
    Db(DbError),
}

impl std::fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportFailure::Lines(l) => write!(f, "{} ligne(s) refusée(s)", l.len()),
            ImportFailure::Db(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportFailure {}

/// A change of how to reach a person, or of their birth date (which, with the file number, opens
/// their sign-in): audited, and the former contact is told, in case it was not them.
struct ContactChange {
    beneficiary_id: i64,
    unit_code: String,
    fields: Vec<&'static str>,
    old_phone: Option<String>,
    old_email: Option<String>,
}

impl ContactChange {
    fn between(e: &Existing, r: &ImportRow) -> Option<ContactChange> {
        let mut fields = Vec::new();
        if e.birth_date != to_time_date(r.birth_date) {
            fields.push("date_naissance");
        }
        if e.phone != r.phone {
            fields.push("telephone");
        }
        if e.email != r.email {
            fields.push("email");
        }
        (!fields.is_empty()).then(|| ContactChange {
            beneficiary_id: e.beneficiary_id,
            unit_code: e.unit_code.clone(),
            fields,
            old_phone: e.phone.clone(),
            old_email: e.email.clone(),
        })
    }

    fn notice(&self, now: time::OffsetDateTime) -> Option<NewMessage> {
        let day = super::from_time_date(super::paris(now).date()).label_fr();
        let text = format!(
            "Département de la Seine-Maritime\u{a0}: les informations de votre dossier RSA (téléphone, e-mail ou date de naissance) ont été modifiées le {day}. Si vous n'êtes pas à l'origine de ce changement, appelez le 02 76 51 63 40."
        );
        let (channel, recipient, subject) = match (&self.old_phone, &self.old_email) {
            (Some(p), _) => (Channel::Sms, p.clone(), String::new()),
            (None, Some(e)) => (
                Channel::Email,
                e.clone(),
                "Les informations de votre dossier RSA ont changé".to_string(),
            ),
            (None, None) => return None,
        };
        Some(NewMessage {
            channel,
            recipient,
            subject,
            body: text,
            beneficiary_id: Some(self.beneficiary_id),
            kind: MessageKind::Notice,
            purpose: None,
            appointment_id: None,
            idempotency_key: None,
        })
    }
}

/// The audit row of an import job (a trial's is named apart).
fn import_audit(actor: super::audit::Actor, dry_run: bool, job: i64) -> super::audit::AuditEntry {
    let action = if dry_run {
        "import_new_entrants_trial"
    } else {
        "import_new_entrants"
    };
    super::audit::AuditEntry::new(actor, action).target("import_job", job)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> HashSet<String> {
        ["BDS", "ROU"].into_iter().map(String::from).collect()
    }

    const TODAY: Date = Date::ymd(2026, 11, 27);

    #[test]
    fn a_good_file_with_semicolons_accents_and_a_bom() {
        let file = "\u{feff}Numéro allocataire;Nom;Prénom;Date naissance;Commune;Date ouverture RSA;Téléphone;Situation;Enfants moins 3\n\
                    1234567;Martin;Camille;15/03/1985;Elbeuf;01/11/2026;06 12 34 56 78;seul;1\n\
                    \n\
                    7654321;Durand;Léo;1990-07-02;Oissel;02/11/2026;;couple;0\n";
        let p = parse(file.as_bytes(), &units(), TODAY);
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.total, 2);
        assert_eq!(p.rows[0].birth_date, Date::ymd(1985, 3, 15));
        assert_eq!(p.rows[1].line, 4);
        assert!(p.rows[0].household.contains("\"children_under_3\":1"));
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let file = "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\r\n\
                    \r\n\
                    1234567;Martin;Camille;15/03/1985;Elbeuf;01/11/2026\r\n\
                    \r\n\
                    \r\n\
                    7654321;Durand;Léo;1990-07-02;Oissel;02/11/2026\r\n\
                    x;Petit;Hugo;20/01/2001;Elbeuf;01/11/2026\r\n";
        let p = parse(file.as_bytes(), &units(), TODAY);
        let lines: Vec<usize> = p.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 6]);
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].line, 7);
    }

    #[test]
    fn every_bad_line_gets_a_french_message() {
        let file = "numero_allocataire,nom,prenom,date_naissance,commune,date_ouverture_rsa,email\n\
                    12a,Martin,Camille,15/03/1985,Elbeuf,01/11/2026,\n\
                    1234567,,Camille,31/02/1985,Elbeuf,01/11/2030,pas-un-mail\n\
                    2345678,Petit,Hugo,20/01/2001,Elbeuf,01/11/2026,\n\
                    2345678,Petit,Hugo,20/01/2001,Elbeuf,01/11/2026,\n";
        let p = parse(file.as_bytes(), &units(), TODAY);
        assert_eq!(p.rows.len(), 1);
        let msg = |line: usize| {
            p.errors
                .iter()
                .find(|e| e.line == line)
                .unwrap()
                .message
                .clone()
        };
        assert!(msg(2).starts_with("Le numéro allocataire « 12a » doit contenir 4 à 12 chiffres"));
        assert!(msg(3).starts_with("Le nom manque"));
        assert!(msg(3).contains("la date de naissance « 31/02/1985 » n'est pas une date valable"));
        assert!(msg(3).contains("est dans le futur"));
        assert!(msg(3).contains("l'e-mail « pas-un-mail »"));
        assert!(msg(5).contains("figure déjà ligne 4"));
    }

    #[test]
    fn whole_file_problems_are_reported_once() {
        let latin1 = b"numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n1234567;L\xe9a;X;01/01/1990;Elbeuf;01/11/2026\n";
        let p = parse(latin1, &units(), TODAY);
        assert_eq!(p.errors.len(), 1);
        assert!(
            p.errors[0]
                .message
                .contains("n'est pas encodé en UTF-8 (premier caractère illisible ligne 2)")
        );
        let p = parse(b"nom;prenom\nMartin;Camille\n", &units(), TODAY);
        assert!(p.errors[0].message.starts_with(
            "Colonnes manquantes : numero_allocataire, date_naissance, commune, date_ouverture_rsa"
        ));
        assert!(
            parse(b"", &units(), TODAY).errors[0]
                .message
                .contains("vide")
        );
        let big = vec![b'a'; MAX_BYTES + 1];
        assert!(
            parse(&big, &units(), TODAY).errors[0]
                .message
                .contains("10 Mo au plus")
        );
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [
            &b"\"\"\"\n;;;"[..],
            b"\n\n\n",
            b"numero_allocataire\n\"",
            &[0xff, 0xfe, 0x00],
        ] {
            let _ = parse(bytes, &units(), TODAY);
        }
    }
}

// ----- jobs -------------------------------------------------------------------------------------

use crate::imports::ImportJobView;

/// Jobs running longer than this are considered dead (their server stopped): their transaction
/// was rolled back by the database, so nothing of them was written.
pub const JOB_TIMEOUT_SECS: i64 = 600;

#[derive(sqlx::FromRow)]
struct JobRow {
    import_job_id: i64,
    unit_code: String,
    file_name: String,
    dry_run: bool,
    status: String,
    total_rows: i64,
    processed_rows: i64,
    inserted: i64,
    updated: i64,
    unchanged: i64,
    errors: String,
    message: Option<String>,
    created_at: time::OffsetDateTime,
    finished_at: Option<time::OffsetDateTime>,
}

impl From<JobRow> for ImportJobView {
    fn from(r: JobRow) -> Self {
        ImportJobView {
            id: r.import_job_id,
            file_name: r.file_name,
            unit_code: r.unit_code,
            dry_run: r.dry_run,
            status: r.status,
            total_rows: r.total_rows,
            processed_rows: r.processed_rows,
            inserted: r.inserted,
            updated: r.updated,
            unchanged: r.unchanged,
            errors: serde_json::from_str(&r.errors).unwrap_or_default(),
            message: r.message,
            created_label: super::format_timestamp_fr(r.created_at),
            finished_label: r.finished_at.map(super::format_timestamp_fr),
        }
    }
}

const JOB_COLUMNS: &str = "import_job_id, unit_code, file_name, dry_run, status, total_rows, processed_rows, inserted, \
                           updated, unchanged, errors, message, created_at, finished_at";

/// Runs a job in the background; its page follows it.
pub fn spawn_job(db: Db, id: i64) {
    tokio::spawn(async move {
        if let Err(e) = db.run_import_job(id).await {
            tracing::error!(job = id, error = %e, "import job");
            let _ = db
                .finish_import_job(
                    id,
                    "failed",
                    Counts::default(),
                    &[],
                    Some("L'import a échoué à cause d'une erreur technique. Rien n'a été importé."),
                )
                .await;
        }
    });
}

impl Db {
    pub async fn create_import_job(
        &self,
        unit: &str,
        by: Option<i64>,
        file_name: &str,
        payload: &[u8],
        dry_run: bool,
    ) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO import_job (unit_code, created_by, file_name, payload, dry_run, status, created_at) \
                           VALUES ($1, $2, $3, $4, $5, 'pending', $6) RETURNING import_job_id";
        let now = clock::now();
        Ok(with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(unit)
            .bind(by)
            .bind(file_name)
            .bind(payload)
            .bind(dry_run)
            .bind(now)
            .fetch_one(pool)
            .await)?)
    }

    /// A new, real job with the file of a finished dry run.
    pub async fn copy_import_job(&self, id: i64, by: i64) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO import_job (unit_code, created_by, file_name, payload, dry_run, status, created_at) \
                           SELECT unit_code, $2, file_name, payload, FALSE, 'pending', $3 FROM import_job WHERE import_job_id = $1 \
                           RETURNING import_job_id";
        let now = clock::now();
        Ok(with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(id)
            .bind(by)
            .bind(now)
            .fetch_one(pool)
            .await)?)
    }

    pub async fn import_job(&self, id: i64) -> Result<Option<ImportJobView>, DbError> {
        let sql = format!("SELECT {JOB_COLUMNS} FROM import_job WHERE import_job_id = $1");
        let row: Option<JobRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(Into::into))
    }

    pub async fn recent_import_jobs(
        &self,
        unit: Option<&str>,
    ) -> Result<Vec<ImportJobView>, DbError> {
        let filter = if unit.is_some() {
            "unit_code = $1"
        } else {
            "($1 = $1)"
        };
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM import_job WHERE {filter} ORDER BY import_job_id DESC LIMIT 20"
        );
        let unit = unit.unwrap_or_default().to_string();
        let rows: Vec<JobRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(&unit)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    async fn finish_import_job(
        &self,
        id: i64,
        status: &str,
        c: Counts,
        errors: &[LineError],
        message: Option<&str>,
    ) -> Result<(), DbError> {
        const SQL: &str = "UPDATE import_job SET status = $2, inserted = $3, updated = $4, unchanged = $5, errors = $6, \
                           message = $7, finished_at = $8, processed_rows = total_rows WHERE import_job_id = $1";
        let now = clock::now();
        let errors = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
        with_pool!(self, |pool| sqlx::query(SQL)
            .bind(id)
            .bind(status)
            .bind(c.inserted)
            .bind(c.updated)
            .bind(c.unchanged)
            .bind(&errors)
            .bind(message)
            .bind(now)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Runs a pending job: read, validate, then (unless a dry run) write everything or nothing.
    pub async fn run_import_job(&self, id: i64) -> Result<(), DbError> {
        let now = clock::now();
        let claimed: Option<(String, Vec<u8>, bool, Option<i64>)> = with_pool!(self, |pool| {
            sqlx::query_as(
            "UPDATE import_job SET status = 'running', started_at = $2 WHERE import_job_id = $1 AND status = 'pending' \
             RETURNING unit_code, payload, dry_run, created_by"
        )
        .bind(id)
        .bind(now)
        .fetch_optional(pool)
        .await
        })?;
        // Another server took it, or it already ran.
        let Some((unit, payload, dry_run, by)) = claimed else {
            return Ok(());
        };
        let parsed = parse(&payload, &self.unit_codes().await?, crate::clock::today());
        with_pool!(self, |pool| sqlx::query(
            "UPDATE import_job SET total_rows = $2, processed_rows = $3 WHERE import_job_id = $1"
        )
        .bind(id)
        .bind(parsed.total as i64)
        .bind(parsed.rows.len() as i64)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        if !parsed.errors.is_empty() {
            let n = parsed.faulty;
            let message = if parsed.errors.iter().any(|e| e.line == 0) {
                "Le fichier ne peut pas être lu. Rien n'a été importé.".to_string()
            } else {
                format!(
                    "{n} ligne(s) à corriger : rien n'a été importé. Corrigez le fichier puis déposez-le à nouveau."
                )
            };
            return self
                .finish_import_job(
                    id,
                    "failed",
                    Counts::default(),
                    &parsed.errors,
                    Some(&message),
                )
                .await;
        }
        // A manager imports for their own unit only; an administrator (or nobody: the command
        // line) for any.
        let importer = match by {
            Some(id) => self.staff_by_id(id).await?,
            None => None,
        };
        let scope = importer.as_ref().and_then(|s| s.unit_code.clone());
        let actor = by
            .map(super::audit::Actor::Staff)
            .unwrap_or(super::audit::Actor::System);
        let counts = match self
            .import_rows(&parsed.rows, &unit, scope.as_deref(), actor, dry_run)
            .await
        {
            Ok(c) => c,
            Err(ImportFailure::Db(e)) => return Err(e),
            Err(ImportFailure::Lines(errors)) => {
                let message = format!(
                    "{} ligne(s) ne peuvent pas être importées par votre unité : rien n'a été importé.",
                    errors.len()
                );
                // A refused import (trial or not) is audited too: it showed which lines belong
                // to other units.
                self.audit(
                    import_audit(actor, dry_run, id)
                        .detail(json!({ "unit": unit, "refused_lines": errors.len() })),
                )
                .await?;
                return self
                    .finish_import_job(id, "failed", Counts::default(), &errors, Some(&message))
                    .await;
            }
        };
        let message = match (dry_run, parsed.warnings.first()) {
            (true, w) => format!(
                "Essai réussi : rien n'a encore été enregistré.{}",
                w.map(|w| format!(" {w}")).unwrap_or_default()
            ),
            (false, w) => format!(
                "Import terminé.{}",
                w.map(|w| format!(" {w}")).unwrap_or_default()
            ),
        };
        // Trial runs are audited too: they show who is already known.
        self.audit(import_audit(actor, dry_run, id).detail(json!({
            "unit": unit, "inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged
        })))
        .await?;
        self.finish_import_job(id, "done", counts, &[], Some(&message))
            .await
    }

    /// Marks as failed the jobs left running by a server that stopped (nothing of them was
    /// written: their transaction never committed).
    pub async fn reap_import_jobs(&self) -> Result<u64, DbError> {
        let now = clock::now();
        let limit = now - time::Duration::seconds(JOB_TIMEOUT_SECS);
        Ok(with_pool!(self, |pool| {
            sqlx::query(
            "UPDATE import_job SET status = 'failed', finished_at = $2, message = $3 \
             WHERE status = 'running' AND started_at < $1"
        )
        .bind(limit)
        .bind(now)
        .bind("L'import a été interrompu (le serveur s'est arrêté). Rien n'a été importé : déposez le fichier à nouveau.")
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        })?)
    }
}
