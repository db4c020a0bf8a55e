//! What the person is told when staff change their pathway (a short SMS, or an e-mail when they
//! have no phone), and the labels the pages and the messages share.
use passerelle::SchemeDefinition;
use passerelle::pathway::{AppointmentPurpose, Orientation, ReferentOrganisation};
use time::OffsetDateTime;

use super::super::outbox::{Channel, MessageKind, NewMessage};
use super::super::{format_timestamp_fr, paris};
use super::commands::PersonCore;

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
    fn message(&self, sms: String, subject: &str, email: String) -> Option<NewMessage> {
        let phone = self.phone.as_ref().filter(|_| !self.sms_opt_out);
        let address = self.email.as_ref().filter(|_| !self.email_opt_out);
        match (phone, address) {
            (Some(p), _) => Some(NewMessage {
                channel: Channel::Sms,
                recipient: p.clone(),
                subject: String::new(),
                body: sms,
                beneficiary_id: Some(self.beneficiary_id),
                kind: MessageKind::Notice,
                purpose: None,
                appointment_id: None,
                idempotency_key: None,
            }),
            (None, Some(e)) => Some(NewMessage {
                channel: Channel::Email,
                recipient: e.clone(),
                subject: subject.to_string(),
                body: email,
                beneficiary_id: Some(self.beneficiary_id),
                kind: MessageKind::Notice,
                purpose: None,
                appointment_id: None,
                idempotency_key: None,
            }),
            (None, None) => None,
        }
    }
}

/// "sur Passerelle" with the address of "Mon parcours" when the server knows its public address.
fn on_passerelle(site: Option<&str>) -> String {
    match site {
        Some(url) => format!(
            "sur Passerelle : {}/mon-parcours",
            url.trim_end_matches('/')
        ),
        None => "sur Passerelle".to_string(),
    }
}

/// The invitation to the orientation interview (`site`: the service's public address, for the
/// link).
pub fn invitation(person: &PersonCore, site: Option<&str>) -> Option<NewMessage> {
    let link = on_passerelle(site);
    person
        .message(
            format!("Département de la Seine-Maritime : vous êtes invité(e) à un rendez-vous d'orientation pour votre RSA. Appelez le {PHONE} pour choisir une date. Votre parcours {link}"),
            "Votre rendez-vous d'orientation RSA",
            format!("Bonjour {},\n\nLe Département de la Seine-Maritime vous invite à un rendez-vous d'orientation, obligatoire pour votre RSA. Appelez le {PHONE} pour choisir une date.\n\nVous pouvez suivre votre parcours {link}", person.first_name),
        )
        .map(|m| NewMessage {
            purpose: Some("invitation"),
            ..m
        })
}

/// The reminder of an invitation left unanswered.
pub fn invitation_reminder(person: &PersonCore, site: Option<&str>) -> Option<NewMessage> {
    let link = on_passerelle(site);
    person.message(
        format!("Département de la Seine-Maritime : rappel, la date de votre rendez-vous d'orientation RSA n'est pas encore fixée. Appelez le {PHONE} pour la choisir. Votre parcours {link}"),
        "Rappel : choisissez la date de votre rendez-vous RSA",
        format!("Bonjour {},\n\nVous avez été invité(e) à un rendez-vous d'orientation pour votre RSA, mais sa date n'est pas encore fixée. Appelez le {PHONE} pour la choisir.\n\nVous pouvez aussi nous écrire {link}", person.first_name),
    )
}

/// The reminder 48 hours before an appointment.
pub fn appointment_reminder(
    person: &PersonCore,
    purpose: AppointmentPurpose,
    when: &str,
    place: &str,
) -> Option<NewMessage> {
    let what = lower_first(purpose.label_fr());
    person.message(
        format!("Département de la Seine-Maritime : rappel, {what} le {when}, {place}. Si vous ne pouvez pas venir, appelez le {PHONE}."),
        "Rappel de votre rendez-vous RSA",
        format!("Bonjour {},\n\nRappel : {what} le {when}.\nLieu : {place}.\n\nSi vous ne pouvez pas venir, prévenez-nous sur Passerelle (Mon parcours) ou au {PHONE}.", person.first_name),
    )
}

/// After a missed appointment: a new date is proposed.
pub fn missed_followup(person: &PersonCore, when: &str) -> Option<NewMessage> {
    person.message(
        format!("Département de la Seine-Maritime : vous n'avez pas pu venir à votre rendez-vous du {when}. Nous vous proposons une nouvelle date : appelez le {PHONE}."),
        "Rendez-vous RSA manqué : choisissez une nouvelle date",
        format!("Bonjour {},\n\nVous n'avez pas pu venir à votre rendez-vous du {when}. Ce n'est pas grave : nous vous proposons une nouvelle date. Appelez le {PHONE} pour la choisir, ou écrivez-nous sur Passerelle (Mon parcours).", person.first_name),
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
    when: &str,
    place: &str,
    officer: &str,
) -> Option<NewMessage> {
    let what = purpose.label_fr();
    person.message(
        format!("Département de la Seine-Maritime : {what} le {when}, {place}. Si vous ne pouvez pas venir, prévenez-nous sur Passerelle ou au {PHONE}."),
        "Votre rendez-vous RSA",
        format!("Bonjour {},\n\n{what} : le {when}.\nLieu : {place}.\nVous serez reçu(e) par {officer}.\n\nSi vous ne pouvez pas venir, prévenez-nous sur Passerelle (Mon parcours) ou au {PHONE}.", person.first_name),
    )
}

/// The orientation was decided (or changed).
pub fn orientation(
    person: &PersonCore,
    orientation: Orientation,
    organisation: ReferentOrganisation,
    referent: Option<&str>,
) -> Option<NewMessage> {
    person.message(
        format!("Département de la Seine-Maritime : votre accompagnement RSA est choisi ({}). Votre référent ({}) va vous contacter. Détails sur Passerelle.", orientation.label_fr(), organisation.label_fr()),
        "Votre accompagnement RSA",
        format!("Bonjour {},\n\nVotre accompagnement est choisi : {}.\nVotre référent : {}{}.\nIl ou elle va vous contacter pour signer votre contrat d'engagement.\n\nDétails sur Passerelle (Mon parcours).", person.first_name, orientation.label_fr(), organisation.label_fr(), referent.map(|r| format!(", {r}")).unwrap_or_default()),
    )
}

/// Staff answered the person's message.
pub fn answer(person: &PersonCore, body: &str) -> Option<NewMessage> {
    person.message(
        "Département de la Seine-Maritime : vous avez reçu une réponse à votre message. Lisez-la sur Passerelle (Mon parcours).".to_string(),
        "Réponse à votre message",
        format!("Bonjour {},\n\nVous avez reçu une réponse à votre message :\n\n{body}\n\nDépartement de la Seine-Maritime — {PHONE}", person.first_name),
    )
}

/// What an appointment's calendar file says.
pub fn calendar_description(officer: &str) -> String {
    format!(
        "Département de la Seine-Maritime. Vous serez reçu(e) par {officer}. Apportez une pièce d'identité et votre numéro allocataire. Si vous ne pouvez pas venir, prévenez-nous au {PHONE}."
    )
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
