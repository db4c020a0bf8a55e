//! An appointment as an iCalendar file (RFC 5545), so a person can add it to their phone's calendar.
use time::OffsetDateTime;

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, `;` and `,` escaped, any line break
/// (`\r\n`, `\r` or `\n`) written `\n`, and other control characters dropped (TEXT allows
/// none but the tab) — so a value can never start a property of its own.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A one-hour event.
pub fn appointment(
    id: i64,
    summary: &str,
    starts_at: OffsetDateTime,
    place: &str,
    description: &str,
    now: OffsetDateTime,
) -> String {
    let end = starts_at + time::Duration::hours(1);
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Departement de la Seine-Maritime//Passerelle//FR".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:rendez-vous-{id}@passerelle.seinemaritime.fr"),
        format!("DTSTAMP:{}", stamp(now)),
        format!("DTSTART:{}", stamp(starts_at)),
        format!("DTEND:{}", stamp(end)),
        format!("SUMMARY:{}", escape(summary)),
        format!("LOCATION:{}", escape(place)),
        format!("DESCRIPTION:{}", escape(description)),
        "BEGIN:VALARM".to_string(),
        "TRIGGER:-P1D".to_string(),
        "ACTION:DISPLAY".to_string(),
        format!("DESCRIPTION:{}", escape(summary)),
        "END:VALARM".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ] {
        out.push_str(&fold(&line));
    }
    out
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn a_valid_calendar_file() {
        let ics = super::appointment(
            7,
            "Rendez-vous d'orientation",
            datetime!(2026-12-15 13:30 UTC),
            "Centre médico-social, 10 rue de la République, Elbeuf",
            "Apportez une pièce d'identité; votre numéro allocataire.",
            datetime!(2026-11-27 10:00 UTC),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART:20261215T133000Z\r\n"));
        assert!(ics.contains("DTEND:20261215T143000Z\r\n"));
        assert!(
            ics.contains("LOCATION:Centre médico-social\\, 10 rue de la République\\, Elbeuf\r\n")
        );
        assert!(ics.contains("identité\\; votre"));
        assert!(ics.lines().all(|l| l.len() <= 75), "lines are folded");
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn no_value_can_start_a_line_of_its_own() {
        let ics = super::appointment(
            7,
            "Rendez-vous",
            datetime!(2026-12-15 13:30 UTC),
            "Elbeuf\r\nATTENDEE:mailto:pirate@example.org\rX-A:1\nX-B:2\u{0}\u{1b}[31m\u{7f}",
            "Ligne 1\r\nLigne 2",
            datetime!(2026-11-27 10:00 UTC),
        );
        // Every line is a property of ours or a folded continuation (starting with a space).
        for line in ics.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with(' ') || !line.starts_with("ATTENDEE") && !line.starts_with("X-"),
                "{line:?}"
            );
            assert!(
                !line.chars().any(|c| c.is_control() && c != '\t'),
                "{line:?}"
            );
        }
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains(
            "LOCATION:Elbeuf\\nATTENDEE:mailto:pirate@example.org\\nX-A:1\\nX-B:2[31m\r\n"
        ));
        assert!(unfolded.contains("DESCRIPTION:Ligne 1\\nLigne 2\r\n"));
        // Only CRLF ends lines.
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
    }
}
