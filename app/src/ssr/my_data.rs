//! The server side of [`crate::my_data`]: the person's whole file, what was sent to them, and the
//! audit trail read for them.
use time::OffsetDateTime;

use super::auth::{require_beneficiary, state};
use super::clock::now;
use super::db::{Db, DbError};
use super::format_timestamp_in;
use crate::error::AppError;
use crate::lang::{Lang, text, text_with};
use crate::my_data::{Consultation, PersonalData, SentMessage};
use crate::with_pool;

/// The signed-in beneficiary's data; reading it is audited.
pub async fn mine() -> Result<PersonalData, AppError> {
    let me = require_beneficiary().await?;
    let db = state()?.db;
    let data = db
        .my_data(me.beneficiary_id, crate::lang::current())
        .await?
        .ok_or(AppError::NotFound)?;
    db.audit(
        super::audit::AuditEntry::new(
            super::audit::Actor::Beneficiary(me.beneficiary_id),
            "view_own_data",
        )
        .beneficiary(me.beneficiary_id, &me.unit_code),
    )
    .await?;
    Ok(data)
}

#[derive(sqlx::FromRow)]
struct SentRow {
    created_at: OffsetDateTime,
    channel: String,
    recipient: String,
    subject: String,
    body: String,
    kind: String,
    status: String,
}

#[derive(sqlx::FromRow)]
struct AuditLine {
    occurred_at: OffsetDateTime,
    actor_kind: String,
    action: String,
    role: Option<String>,
    unit_name: Option<String>,
    organisation: Option<String>,
}

/// What an audited action was, said to the person in `lang` (the keys `my_data.action_…` hold
/// the same French as [`what`]; a test checks it).
fn what_in(action: &str, lang: Lang) -> String {
    if lang == Lang::Fr {
        return what(action).to_string();
    }
    let key = format!("my_data.action_{action}");
    if crate::lang::lookup("fr", &key).is_some() {
        text(lang, &key)
    } else {
        text(lang, "my_data.action_other")
    }
}

/// What an audited action was, said to the person.
fn what(action: &str) -> &'static str {
    match action {
        "view_file" => "a consulté votre dossier",
        "api_read_pathway" => "a consulté votre parcours",
        "invite" => "vous a invité(e) au rendez-vous d'orientation",
        "schedule_appointment" => "a prévu un rendez-vous",
        "record_appointment_outcome" => "a noté ce qui s'est passé à un rendez-vous",
        "record_orientation" | "record_reorientation" => "a enregistré votre orientation",
        "record_contract" => "a enregistré votre contrat d'engagement",
        "record_action" => "a enregistré une action",
        "record_return_to_work" => "a enregistré votre reprise d'emploi",
        "record_bonus_paid" => "a enregistré le versement de la prime",
        "record_exit" => "a enregistré la fin de l'accompagnement",
        "reopen" => "a rouvert votre parcours",
        "add_note" => "a écrit une note dans votre dossier",
        "answer_message" => "a répondu à votre message",
        "unlock_sign_in" => "a rétabli vos codes de connexion",
        "sign_in_links_only" => {
            "a remplacé vos codes de connexion par un lien (trop de codes erronés)"
        }
        "sign_in_locked" => "a bloqué votre accès en ligne (trop de codes erronés)",
        "identity_updated_by_import" => "a mis à jour vos informations (fichier de la CAF)",
        _ => "a consulté ou modifié votre dossier",
    }
}

impl Db {
    /// Everything about one person, worded in `lang` (the downloads are French); `None` if
    /// there is no such person.
    pub async fn my_data(&self, id: i64, lang: Lang) -> Result<Option<PersonalData>, DbError> {
        let Some(mut file) = self.pathway_view(id, true, lang).await? else {
            return Ok(None);
        };
        // Staff notes are the person's data too; who wrote them is said as for consultations,
        // without a name.
        for entry in file.timeline.iter_mut().filter(|e| e.internal) {
            entry.title = text(lang, "my_data.team_note_title");
        }
        let stamp = |t| format_timestamp_in(t, lang);
        const SENT: &str = "SELECT created_at, channel, recipient, subject, body, kind, status FROM outbox_message \
             WHERE beneficiary_id = $1 ORDER BY created_at DESC, message_id DESC LIMIT 500";
        // Staff and partners only: the person's own sign-ins are not "someone consulting" them.
        const AUDIT: &str = "SELECT a.occurred_at, a.actor_kind, a.action, s.role, u.name AS unit_name, k.organisation \
             FROM audit_event a \
             LEFT JOIN staff_account s ON a.actor_kind = 'staff' AND s.staff_id = a.actor_id \
             LEFT JOIN territorial_unit u ON u.code = s.unit_code \
             LEFT JOIN api_key k ON a.actor_kind = 'partner' AND k.api_key_id = a.actor_id \
             WHERE a.beneficiary_id = $1 AND a.actor_kind IN ('staff', 'partner', 'system') \
             ORDER BY a.occurred_at DESC, a.audit_id DESC LIMIT 500";
        let (sent, audit): (Vec<SentRow>, Vec<AuditLine>) = with_pool!(self, |pool| {
            async {
                let sent = sqlx::query_as(SENT).bind(id).fetch_all(pool).await?;
                let audit = sqlx::query_as(AUDIT).bind(id).fetch_all(pool).await?;
                Ok::<_, sqlx::Error>((sent, audit))
            }
            .await
        })?;
        let sent = sent
            .into_iter()
            .map(|m| SentMessage {
                sent_label: stamp(m.created_at),
                channel_label: if m.channel == "sms" { "SMS" } else { "E-mail" }.to_string(),
                recipient: m.recipient,
                text: match (m.body.is_empty(), m.kind.as_str()) {
                    (true, "sign_in_code") => text(lang, "my_data.code_erased"),
                    (true, _) => text(lang, "my_data.text_erased"),
                    (false, _) if m.subject.is_empty() => m.body,
                    (false, _) => format!("{}\n\n{}", m.subject, m.body),
                },
                status_label: text(
                    lang,
                    match m.status.as_str() {
                        "sent" => "my_data.status_sent",
                        "failed" => "my_data.status_failed",
                        _ => "my_data.status_pending",
                    },
                ),
            })
            .collect();
        let consultations = audit
            .into_iter()
            .map(|a| Consultation {
                date_label: stamp(a.occurred_at),
                who: match a.actor_kind.as_str() {
                    "staff" => {
                        let role = text(
                            lang,
                            &format!("my_data.role_{}", a.role.as_deref().unwrap_or("unknown")),
                        );
                        match a.unit_name {
                            Some(unit) => text_with(
                                lang,
                                "my_data.who_staff",
                                &[("role", role), ("unit", unit)],
                            ),
                            None => {
                                text_with(lang, "my_data.who_staff_departement", &[("role", role)])
                            }
                        }
                    }
                    "partner" => text_with(
                        lang,
                        "my_data.who_partner",
                        &[(
                            "organisation",
                            a.organisation
                                .unwrap_or_else(|| text(lang, "my_data.partner_unknown")),
                        )],
                    ),
                    _ => text(lang, "my_data.who_service"),
                },
                what: what_in(&a.action, lang),
            })
            .collect();
        let (_, planned) = self.messages_of(id, lang).await?;
        Ok(Some(PersonalData {
            sign_in_locked_since: self.sign_in_locked_at(id).await?.map(stamp),
            file,
            sent,
            planned,
            consultations,
            generated_label: stamp(now()),
        }))
    }
}

/// The same data as CSV lines (`rubrique;date;libellé;détail`), for a spreadsheet.
pub fn csv(d: &PersonalData) -> Vec<u8> {
    use super::csv::{BOM, line};
    let f = &d.file;
    let mut out = BOM.to_vec();
    out.extend(line(["rubrique", "date", "libelle", "detail"]));
    let mut push = |section: &str, date: &str, label: &str, detail: &str| {
        out.extend(line([section, date, label, detail]));
    };
    for (label, value) in [
        ("Numéro allocataire", f.file_number.clone()),
        ("Prénom", f.first_name.clone()),
        ("Nom", f.last_name.clone()),
        ("Date de naissance", f.birth_date.to_string()),
        ("Commune", f.commune.clone()),
        ("Unité territoriale", f.unit_name.clone()),
        ("Téléphone", f.phone.clone().unwrap_or_default()),
        ("E-mail", f.email.clone().unwrap_or_default()),
        ("Foyer", f.household.label_fr()),
        ("Entrée au RSA", f.rsa_opened_on.to_string()),
        ("Étape du parcours", f.status.label_fr().to_string()),
    ] {
        push("Identité et parcours", "", label, &value);
    }
    if let Some(r) = &f.referent {
        push(
            "Identité et parcours",
            "",
            "Référent",
            &format!(
                "{} {}",
                r.organisation.label_fr(),
                r.name.clone().unwrap_or_default()
            ),
        );
    }
    for a in &f.appointments {
        push(
            "Rendez-vous",
            &a.date.to_string(),
            &a.purpose_label,
            &format!("{} — {} — {}", a.when_label, a.place, a.status.label_fr()),
        );
    }
    for e in &f.timeline {
        let section = if e.internal {
            "Note de l'équipe"
        } else {
            "Étapes"
        };
        push(section, &e.date.to_string(), &e.title, &e.detail);
    }
    for m in &f.inbox {
        push("Vos messages", &m.sent_label, "Message", &m.body);
        if let (Some(a), Some(when)) = (&m.answer, &m.answered_label) {
            push("Vos messages", when, "Réponse", a);
        }
    }
    for m in &d.sent {
        push(
            "Messages envoyés",
            &m.sent_label,
            &format!("{} à {} — {}", m.channel_label, m.recipient, m.status_label),
            &m.text,
        );
    }
    for c in &d.consultations {
        push("Consultations", &c.date_label, &c.who, &c.what);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The translations of what staff did start from the same French as the page shows.
    #[test]
    fn every_audited_action_is_said_in_each_language() {
        for action in [
            "view_file",
            "api_read_pathway",
            "invite",
            "record_exit",
            "answer_message",
            "sign_in_locked",
            "sign_in_links_only",
            "identity_updated_by_import",
        ] {
            assert_eq!(
                crate::lang::lookup("fr", &format!("my_data.action_{action}")),
                Some(what(action)),
                "{action}"
            );
            assert_ne!(what_in(action, Lang::Ar), what(action), "{action}");
        }
        assert_eq!(what_in("something_new", Lang::Fr), what("something_new"));
        assert_eq!(
            what_in("something_new", Lang::En),
            text(Lang::En, "my_data.action_other")
        );
    }
}
