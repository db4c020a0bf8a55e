//! What the person is told when staff change their pathway (a short SMS, or an e-mail when they
//! have no phone), and the labels the pages and the messages share.
use passerelle::SchemeDefinition;
use passerelle::pathway::{AppointmentPurpose, Orientation, ReferentOrganisation};
use time::OffsetDateTime;

use super::super::outbox::{Channel, MessageKind, NewMessage};
use super::super::{format_timestamp_fr, from_time_date, paris};
use super::commands::PersonCore;
use crate::lang::{Lang, labels, locale_of, text_with};
use leptos_i18n::td_string;

/// The Département's phone line, in every message.
pub const PHONE: &str = "02 76 51 63 40";

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// "mardi 15 décembre 2026 à 14 h 30" (Paris time).
pub fn when_label(t: OffsetDateTime) -> String {
    let local = paris(t);
    let day = WEEKDAYS[local.weekday().number_days_from_monday() as usize];
    format!("{day} {}", format_timestamp_fr(t)).replace(" h 00", " h")
}

/// [`when_label`] in `lang`: "Tuesday 15 December 2026 at 14:30".
pub fn when_label_in(t: OffsetDateTime, lang: Lang) -> String {
    if lang == Lang::Fr {
        return when_label(t);
    }
    let local = paris(t);
    text_with(
        lang,
        "pathway.when",
        &[
            (
                "weekday",
                labels::weekday(lang, local.weekday().number_days_from_monday()),
            ),
            ("date", from_time_date(local.date()).label(lang)),
            ("time", format!("{:02}:{:02}", local.hour(), local.minute())),
        ],
    )
}

/// The French name of an appointment's purpose stored as a code (an unknown one reads as a
/// follow-up, which is what it would be).
pub fn purpose_label(code: &str) -> &'static str {
    AppointmentPurpose::from_code(code)
        .unwrap_or(AppointmentPurpose::Suivi)
        .label_fr()
}

/// The French name of a sector code, from any scheme version that lists it.
pub fn sector_label(versions: &[SchemeDefinition], code: &str) -> String {
    versions
        .iter()
        .rev()
        .find_map(|v| v.sector(code))
        .map(|s| s.label_fr.clone())
        .unwrap_or_else(|| "Autre secteur".to_string())
}

impl PersonCore {
    /// Where to tell the person something: SMS if we have a phone, else e-mail; a channel the
    /// person refused is not used.
    pub fn reachable_by(&self) -> Option<(Channel, &str)> {
        let phone = self.phone.as_deref().filter(|_| !self.sms_opt_out);
        let address = self.email.as_deref().filter(|_| !self.email_opt_out);
        match (phone, address) {
            (Some(p), _) => Some((Channel::Sms, p)),
            (None, Some(e)) => Some((Channel::Email, e)),
            (None, None) => None,
        }
    }

    /// Where a notice went, as staff are told after saving (masked).
    pub fn sent_to_fr(&self) -> String {
        match self.reachable_by() {
            Some((Channel::Sms, p)) => {
                format!("SMS envoyé au {}.", crate::ssr::auth::mask_phone(p))
            }
            Some((Channel::Email, e)) => {
                format!("E-mail envoyé à {}.", crate::ssr::auth::mask_email(e))
            }
            None => "Aucun message envoyé : pas de téléphone portable ni d'e-mail utilisable. Prévenez la personne par courrier ou par téléphone.".to_string(),
        }
    }

    /// The notice to send, on the channel [`PersonCore::reachable_by`] chooses.
    fn message(&self, sms: String, subject: impl ToString, email: String) -> Option<NewMessage> {
        let (channel, recipient) = self.reachable_by()?;
        let (subject, body) = match channel {
            Channel::Sms => (String::new(), sms),
            Channel::Email => (subject.to_string(), email),
        };
        Some(NewMessage {
            channel,
            recipient: recipient.to_string(),
            subject,
            body,
            beneficiary_id: Some(self.beneficiary_id),
            kind: MessageKind::Notice,
            purpose: None,
            appointment_id: None,
            idempotency_key: None,
        })
    }
}

/// "sur Passerelle" with the address of "Mon parcours" when the server knows its public address,
/// in the person's language.
fn on_passerelle(lang: Lang, site: Option<&str>) -> String {
    let l = locale_of(lang);
    match site {
        Some(url) => {
            // The link opens "Mon parcours" in the language of the message.
            let lang = match lang {
                Lang::Fr => String::new(),
                other => format!("?lang={}", other.code()),
            };
            let url = format!("{}/mon-parcours{lang}", url.trim_end_matches('/'));
            td_string!(l, messages.passerelle_link, url = url).to_string()
        }
        None => td_string!(l, messages.passerelle).to_string(),
    }
}

/// The invitation to the orientation interview (`site`: the service's public address, for the
/// link). Every message is written in the language the person chose (French by default).
pub fn invitation(person: &PersonCore, site: Option<&str>) -> Option<NewMessage> {
    let l = locale_of(person.lang());
    let link = on_passerelle(person.lang(), site);
    let name = &person.first_name;
    person
        .message(
            td_string!(l, messages.invitation_sms, phone = PHONE, link = &link).to_string(),
            td_string!(l, messages.invitation_subject),
            td_string!(
                l,
                messages.invitation_email,
                name = name,
                phone = PHONE,
                link = &link
            )
            .to_string(),
        )
        .map(|m| NewMessage {
            purpose: Some("invitation"),
            ..m
        })
}

/// The reminder of an invitation left unanswered.
pub fn invitation_reminder(person: &PersonCore, site: Option<&str>) -> Option<NewMessage> {
    let l = locale_of(person.lang());
    let link = on_passerelle(person.lang(), site);
    let name = &person.first_name;
    person.message(
        td_string!(
            l,
            messages.invitation_reminder_sms,
            phone = PHONE,
            link = &link
        )
        .to_string(),
        td_string!(l, messages.invitation_reminder_subject),
        td_string!(
            l,
            messages.invitation_reminder_email,
            name = name,
            phone = PHONE,
            link = &link
        )
        .to_string(),
    )
}

/// An appointment's purpose inside a sentence ("rendez-vous de suivi"), in `lang`.
fn purpose_in_sentence(purpose: AppointmentPurpose, lang: Lang) -> String {
    let label = labels::purpose(lang, purpose);
    if lang == Lang::Ar {
        label
    } else {
        lower_first(&label)
    }
}

/// The reminder 48 hours before an appointment.
pub fn appointment_reminder(
    person: &PersonCore,
    purpose: AppointmentPurpose,
    starts_at: OffsetDateTime,
    place: &str,
) -> Option<NewMessage> {
    let lang = person.lang();
    let l = locale_of(lang);
    let what = purpose_in_sentence(purpose, lang);
    let when = when_label_in(starts_at, lang);
    let name = &person.first_name;
    person.message(
        td_string!(
            l,
            messages.appointment_reminder_sms,
            what = &what,
            when = &when,
            place = place,
            phone = PHONE
        )
        .to_string(),
        td_string!(l, messages.appointment_reminder_subject),
        td_string!(
            l,
            messages.appointment_reminder_email,
            name = name,
            what = &what,
            when = &when,
            place = place,
            phone = PHONE
        )
        .to_string(),
    )
}

/// After a missed appointment: a new date is proposed.
pub fn missed_followup(person: &PersonCore, starts_at: OffsetDateTime) -> Option<NewMessage> {
    let lang = person.lang();
    let l = locale_of(lang);
    let when = when_label_in(starts_at, lang);
    let name = &person.first_name;
    person.message(
        td_string!(l, messages.missed_sms, when = &when, phone = PHONE).to_string(),
        td_string!(l, messages.missed_subject),
        td_string!(
            l,
            messages.missed_email,
            name = name,
            when = &when,
            phone = PHONE
        )
        .to_string(),
    )
}

/// "Rendez-vous de suivi" → "rendez-vous de suivi", inside a sentence.
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_lowercase().chain(c).collect())
        .unwrap_or_default()
}

/// An appointment was planned.
pub fn appointment(
    person: &PersonCore,
    purpose: AppointmentPurpose,
    starts_at: OffsetDateTime,
    place: &str,
    officer: &str,
) -> Option<NewMessage> {
    let lang = person.lang();
    let l = locale_of(lang);
    let what = labels::purpose(lang, purpose);
    let when = when_label_in(starts_at, lang);
    let name = &person.first_name;
    person.message(
        td_string!(
            l,
            messages.appointment_sms,
            what = &what,
            when = &when,
            place = place,
            phone = PHONE
        )
        .to_string(),
        td_string!(l, messages.appointment_subject),
        td_string!(
            l,
            messages.appointment_email,
            name = name,
            what = &what,
            when = &when,
            place = place,
            officer = officer,
            phone = PHONE
        )
        .to_string(),
    )
}

/// The orientation was decided (or changed).
pub fn orientation(
    person: &PersonCore,
    orientation: Orientation,
    organisation: ReferentOrganisation,
    referent: Option<&str>,
) -> Option<NewMessage> {
    let lang = person.lang();
    let l = locale_of(lang);
    let orientation = labels::orientation(lang, orientation);
    let organisation = labels::organisation(lang, organisation);
    let referent_line = match referent {
        Some(r) => format!("{organisation}, {r}"),
        None => organisation.clone(),
    };
    let name = &person.first_name;
    person.message(
        td_string!(
            l,
            messages.orientation_sms,
            orientation = &orientation,
            organisation = &organisation
        )
        .to_string(),
        td_string!(l, messages.orientation_subject),
        td_string!(
            l,
            messages.orientation_email,
            name = name,
            orientation = &orientation,
            referent = referent_line
        )
        .to_string(),
    )
}

/// Staff answered the person's message.
pub fn answer(person: &PersonCore, body: &str) -> Option<NewMessage> {
    let l = locale_of(person.lang());
    let name = &person.first_name;
    person.message(
        td_string!(l, messages.answer_sms).to_string(),
        td_string!(l, messages.answer_subject),
        td_string!(
            l,
            messages.answer_email,
            name = name,
            body = body,
            phone = PHONE
        )
        .to_string(),
    )
}

/// What an appointment's calendar file says.
pub fn calendar_description(officer: &str) -> String {
    format!(
        "Département de la Seine-Maritime. Vous serez reçu(e) par {officer}. Apportez une pièce d'identité et votre numéro allocataire. Si vous ne pouvez pas venir, prévenez-nous au {PHONE}."
    )
}

/// A notice of the suspension procedure exists: its deadline, never its details (a message can
/// be read by someone else; the letter and "Mon parcours" hold the facts).
pub fn sanction_notice(person: &PersonCore, due: Option<passerelle::Date>) -> Option<NewMessage> {
    let lang = person.lang();
    let l = locale_of(lang);
    let due = match due {
        Some(d) => td_string!(l, messages.sanction_due, date = d.label(lang)).to_string(),
        None => td_string!(l, messages.sanction_due_unknown).to_string(),
    };
    person
        .message(
            td_string!(l, messages.sanction_notice_sms, due = &due, phone = PHONE).to_string(),
            td_string!(l, messages.sanction_notice_subject),
            td_string!(
                l,
                messages.sanction_notice_email,
                name = &person.first_name,
                due = &due,
                phone = PHONE
            )
            .to_string(),
        )
        .map(|m| NewMessage {
            purpose: Some("sanction_notice"),
            ..m
        })
}

/// A decision was taken: where to read it.
pub fn sanction_decided(person: &PersonCore) -> Option<NewMessage> {
    let l = locale_of(person.lang());
    person
        .message(
            td_string!(l, messages.sanction_decided_sms, phone = PHONE).to_string(),
            td_string!(l, messages.sanction_decided_subject),
            td_string!(
                l,
                messages.sanction_decided_email,
                name = &person.first_name,
                phone = PHONE
            )
            .to_string(),
        )
        .map(|m| NewMessage {
            purpose: Some("sanction_decided"),
            ..m
        })
}

/// The suspension is lifted.
pub fn sanction_lifted(person: &PersonCore) -> Option<NewMessage> {
    let l = locale_of(person.lang());
    person
        .message(
            td_string!(l, messages.sanction_lifted_sms).to_string(),
            td_string!(l, messages.sanction_lifted_subject),
            td_string!(l, messages.sanction_lifted_email, name = &person.first_name).to_string(),
        )
        .map(|m| NewMessage {
            purpose: Some("sanction_lifted"),
            ..m
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::pathway::paris_to_utc;
    use passerelle::Date;

    #[test]
    fn appointment_times_are_said_the_french_way() {
        assert_eq!(
            when_label(paris_to_utc(Date::ymd(2026, 12, 15), 14, 30)),
            "mardi 15 décembre 2026 à 14 h 30"
        );
        assert_eq!(
            when_label(paris_to_utc(Date::ymd(2026, 12, 1), 9, 0)),
            "mardi 1er décembre 2026 à 9 h"
        );
        assert_eq!(
            purpose_label("contrat"),
            "Signature du contrat d'engagement"
        );
        assert_eq!(purpose_label("?"), "Rendez-vous de suivi");
    }
}
