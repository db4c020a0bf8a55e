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
    /// Where to tell the person something: SMS if we have a phone, else e-mail.
    fn message(&self, sms: String, subject: &str, email: String) -> Option<NewMessage> {
        match (&self.phone, &self.email) {
            (Some(p), _) => Some(NewMessage {
                channel: Channel::Sms,
                recipient: p.clone(),
                subject: String::new(),
                body: sms,
                beneficiary_id: Some(self.beneficiary_id),
                kind: MessageKind::Notice,
            }),
            (None, Some(e)) => Some(NewMessage {
                channel: Channel::Email,
                recipient: e.clone(),
                subject: subject.to_string(),
                body: email,
                beneficiary_id: Some(self.beneficiary_id),
                kind: MessageKind::Notice,
            }),
            (None, None) => None,
        }
    }
}

/// The invitation to the orientation interview.
pub fn invitation(person: &PersonCore) -> Option<NewMessage> {
    person.message(
        format!("Département de la Seine-Maritime : vous êtes invité(e) à un rendez-vous d'orientation pour votre RSA. Appelez le {PHONE} pour choisir une date."),
        "Votre rendez-vous d'orientation RSA",
        format!("Bonjour {},\n\nLe Département de la Seine-Maritime vous invite à un rendez-vous d'orientation, obligatoire pour votre RSA. Appelez le {PHONE} pour choisir une date.\n\nVous pouvez suivre votre parcours sur Passerelle.", person.first_name),
    )
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
