//! When Passerelle writes to people on its own: the invitation to the orientation interview, the
//! reminder when it goes unanswered, the reminder before each appointment and the message after a
//! missed one. Pure rules on instants (seconds since 1970-01-01 UTC); the server stores the jobs
//! and sends, these functions say when and whether.
//!
//! - Nothing is sent between 20:00 and 08:00 Paris time: a message due then waits for 08:00
//!   ([`outside_quiet_hours`]; the département may set other [`QuietHours`]).
//! - The invitation goes as soon as the person enters; a reminder follows [`INVITATION_REMINDER_DAYS`]
//!   days later when the person has neither booked nor answered ([`invitation_reminder_due`]).
//! - Each appointment is recalled [`APPOINTMENT_REMINDER_HOURS`] hours before it
//!   ([`appointment_reminder_due`]); an appointment planned later than that is recalled at once,
//!   unless it is too close to be worth a message.
use crate::calendar::Date;

/// Days after the invitation before the reminder, when the person has not answered.
pub const INVITATION_REMINDER_DAYS: i64 = 3;
/// Hours before an appointment that its reminder is due.
pub const APPOINTMENT_REMINDER_HOURS: i64 = 48;
/// An appointment closer than this gets no reminder (the person was just told of it, or it is
/// too late to change anything).
pub const MIN_NOTICE_HOURS: i64 = 6;
/// Paris hour from which nothing is sent (inclusive), by default.
pub const QUIET_FROM_HOUR: i64 = 20;
/// Paris hour until which nothing is sent (exclusive), by default.
pub const QUIET_UNTIL_HOUR: i64 = 8;

/// The night during which nothing is sent, in Paris hours: from `from` (inclusive) to `until`
/// the next morning (exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    from: i64,
    until: i64,
}

impl QuietHours {
    /// 20:00 to 08:00.
    pub const DEFAULT: QuietHours = QuietHours {
        from: QUIET_FROM_HOUR,
        until: QUIET_UNTIL_HOUR,
    };

    /// From `from` o'clock to `until` o'clock the next morning; `None` unless
    /// `0 <= until < from <= 23`.
    pub fn new(from: i64, until: i64) -> Option<QuietHours> {
        (0 <= until && until < from && from <= 23).then_some(QuietHours { from, until })
    }

    /// `"20-8"` (from 20:00 to 08:00), or `"aucune"` for none (`Ok(None)`).
    pub fn parse(text: &str) -> Result<Option<QuietHours>, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("aucune") || text.eq_ignore_ascii_case("none") {
            return Ok(None);
        }
        let wrong = || format!("« {text} » : écrivez par exemple 20-8 (de 20 h à 8 h), ou aucune");
        let (from, until) = text.split_once('-').ok_or_else(wrong)?;
        let hour = |h: &str| {
            h.trim()
                .trim_end_matches('h')
                .parse::<i64>()
                .map_err(|_| wrong())
        };
        QuietHours::new(hour(from)?, hour(until)?)
            .map(Some)
            .ok_or_else(wrong)
    }

    /// `unix` if it falls outside these hours (Paris time), otherwise the next end of them.
    pub fn next_allowed(self, unix: i64) -> i64 {
        let offset = paris_offset(unix);
        let local = unix + offset;
        let hour = local.rem_euclid(DAY) / HOUR;
        if (self.until..self.from).contains(&hour) {
            return unix;
        }
        let local_midnight = local - local.rem_euclid(DAY);
        let next_local_end = if hour >= self.from {
            local_midnight + DAY + self.until * HOUR
        } else {
            local_midnight + self.until * HOUR
        };
        // The offset at the end may differ from the evening's (the night of a clock change):
        // take the one in force then.
        let guess = next_local_end - offset;
        next_local_end - paris_offset(guess)
    }
}

/// `unix`, or when `quiet` hours end if it falls in them (`None`: no quiet hours).
pub fn allowed_from(quiet: Option<QuietHours>, unix: i64) -> i64 {
    quiet.map_or(unix, |q| q.next_allowed(unix))
}

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

/// The Europe/Paris offset from UTC at `unix`, in seconds: UTC+2 from the last Sunday of March
/// 01:00 UTC to the last Sunday of October 01:00 UTC, UTC+1 otherwise (the EU rule since 1996).
pub fn paris_offset(unix: i64) -> i64 {
    let year = Date::from_days(unix.div_euclid(DAY)).year();
    let last_sunday_1am = |month: u8| {
        // March and October have 31 days in every year: `new` cannot refuse them.
        let last = Date::new(year, month, 31).map_or(0, Date::to_days);
        // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays, 6 on Sundays.
        let back = ((last + 3).rem_euclid(7) + 1) % 7;
        (last - back) * DAY + HOUR
    };
    if unix >= last_sunday_1am(3) && unix < last_sunday_1am(10) {
        2 * HOUR
    } else {
        HOUR
    }
}

/// The Paris wall-clock hour (0–23) at `unix`.
pub fn paris_hour(unix: i64) -> i64 {
    (unix + paris_offset(unix)).rem_euclid(DAY) / HOUR
}

/// `unix` if it falls between 08:00 and 20:00 Paris time, otherwise the next 08:00 (Paris): the
/// default quiet hours.
pub fn outside_quiet_hours(unix: i64) -> i64 {
    QuietHours::DEFAULT.next_allowed(unix)
}

/// When the reminder of an invitation sent at `invited_at` is due (`quiet` hours applied).
pub fn invitation_reminder_due(invited_at: i64, quiet: Option<QuietHours>) -> i64 {
    allowed_from(quiet, invited_at + INVITATION_REMINDER_DAYS * DAY)
}

/// When the reminder of an appointment starting at `starts_at` is due, for an appointment
/// planned at `now`: 48 hours before, or at once when it is planned later than that, and the
/// quiet hours respected. `None` when no reminder can usefully go (the earliest moment allowed
/// is less than [`MIN_NOTICE_HOURS`] before the appointment).
pub fn appointment_reminder_due(
    starts_at: i64,
    now: i64,
    quiet: Option<QuietHours>,
) -> Option<i64> {
    let ideal = (starts_at - APPOINTMENT_REMINDER_HOURS * HOUR).max(now);
    let due = allowed_from(quiet, ideal);
    (starts_at - due >= MIN_NOTICE_HOURS * HOUR).then_some(due)
}

/// Whether an invitation sent at `invited_at` is answered by `now`'s reckoning: the person booked
/// (an appointment planned or held since), wrote to the staff, or their pathway moved on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvitationState {
    /// The person's pathway is still at "invited" (nothing was booked or decided since).
    pub still_invited: bool,
    /// The person wrote to the staff (a question or "I cannot come") since the invitation.
    pub wrote_since: bool,
}

impl InvitationState {
    /// The reminder goes only to people who neither booked nor answered.
    pub fn needs_reminder(self) -> bool {
        self.still_invited && !self.wrote_since
    }
}

/// What a due appointment reminder finds when it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AppointmentState {
    /// The appointment is still planned (not cancelled, excused, held or missed).
    pub planned: bool,
    /// When it starts now (it may have been moved since the reminder was scheduled).
    pub starts_at: i64,
}

/// Whether the reminder scheduled for an appointment starting at `scheduled_for` still goes at
/// `now`: the appointment is still planned, at the same time, and not already begun.
pub fn appointment_reminder_still_due(
    state: AppointmentState,
    scheduled_for: i64,
    now: i64,
) -> bool {
    state.planned && state.starts_at == scheduled_for && state.starts_at > now
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEF: Option<QuietHours> = Some(QuietHours::DEFAULT);

    fn appointment_reminder_due_d(starts_at: i64, now: i64) -> Option<i64> {
        appointment_reminder_due(starts_at, now, DEF)
    }

    /// Seconds since 1970 of a UTC wall-clock time.
    fn utc(y: i32, m: u8, d: u8, h: i64, min: i64) -> i64 {
        Date::ymd(y, m, d).to_days() * DAY + h * HOUR + min * 60
    }

    #[test]
    fn paris_offset_follows_daylight_saving() {
        assert_eq!(paris_offset(utc(2026, 1, 15, 12, 0)), HOUR);
        assert_eq!(paris_offset(utc(2026, 7, 15, 12, 0)), 2 * HOUR);
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(paris_offset(utc(2026, 3, 29, 0, 59)), HOUR);
        assert_eq!(paris_offset(utc(2026, 3, 29, 1, 0)), 2 * HOUR);
        assert_eq!(paris_offset(utc(2026, 10, 25, 0, 59)), 2 * HOUR);
        assert_eq!(paris_offset(utc(2026, 10, 25, 1, 0)), HOUR);
        // 2027: 28 March and 31 October (a month ending on a Sunday).
        assert_eq!(paris_offset(utc(2027, 3, 28, 1, 0)), 2 * HOUR);
        assert_eq!(paris_offset(utc(2027, 10, 31, 0, 59)), 2 * HOUR);
        assert_eq!(paris_offset(utc(2027, 10, 31, 1, 0)), HOUR);
    }

    #[test]
    fn daytime_messages_go_at_once() {
        // 10:00 and 19:59 in Paris (winter, UTC+1).
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 7, 9, 0)),
            utc(2026, 12, 7, 9, 0)
        );
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 7, 18, 59)),
            utc(2026, 12, 7, 18, 59)
        );
        // 08:00 sharp is allowed.
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 7, 7, 0)),
            utc(2026, 12, 7, 7, 0)
        );
    }

    #[test]
    fn evening_and_night_messages_wait_for_eight_in_the_morning() {
        // 20:00 Paris (19:00 UTC in winter) → next day 08:00 Paris (07:00 UTC).
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 7, 19, 0)),
            utc(2026, 12, 8, 7, 0)
        );
        // 23:30 Paris → next day 08:00.
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 7, 22, 30)),
            utc(2026, 12, 8, 7, 0)
        );
        // 03:00 Paris (02:00 UTC) → same day 08:00.
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 8, 2, 0)),
            utc(2026, 12, 8, 7, 0)
        );
        // 07:59 Paris → 08:00.
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 8, 6, 59)),
            utc(2026, 12, 8, 7, 0)
        );
        // Summer: 21:00 Paris (19:00 UTC) → 08:00 Paris (06:00 UTC).
        assert_eq!(
            outside_quiet_hours(utc(2026, 7, 1, 19, 0)),
            utc(2026, 7, 2, 6, 0)
        );
        // Late 31 December → 1 January 08:00.
        assert_eq!(
            outside_quiet_hours(utc(2026, 12, 31, 22, 0)),
            utc(2027, 1, 1, 7, 0)
        );
    }

    #[test]
    fn the_night_of_a_clock_change_waits_for_eight_on_the_new_time() {
        // 28 → 29 March 2026: 22:00 Paris winter time (21:00 UTC) → 29 March 08:00 summer time,
        // which is 06:00 UTC.
        assert_eq!(
            outside_quiet_hours(utc(2026, 3, 28, 21, 0)),
            utc(2026, 3, 29, 6, 0)
        );
        // 24 → 25 October 2026: 22:00 Paris summer time (20:00 UTC) → 25 October 08:00 winter
        // time, 07:00 UTC.
        assert_eq!(
            outside_quiet_hours(utc(2026, 10, 24, 20, 0)),
            utc(2026, 10, 25, 7, 0)
        );
    }

    fn invitation_reminder_due_d(invited_at: i64) -> i64 {
        invitation_reminder_due(invited_at, DEF)
    }

    #[test]
    fn quiet_hours_are_read_as_the_departement_writes_them() {
        assert_eq!(QuietHours::parse("20-8"), Ok(Some(QuietHours::DEFAULT)));
        assert_eq!(
            QuietHours::parse(" 21h - 7h "),
            Ok(QuietHours::new(21, 7).map(Some).unwrap())
        );
        assert_eq!(QuietHours::parse("aucune"), Ok(None));
        assert!(
            QuietHours::parse("8-20").is_err(),
            "a daytime silence is refused"
        );
        assert!(QuietHours::parse("20").is_err());
        assert!(QuietHours::parse("25-8").is_err());
        // 21:30 Paris with quiet hours from 22:00: goes at once; with none: always at once.
        let evening = utc(2026, 12, 7, 20, 30);
        assert_eq!(allowed_from(QuietHours::new(22, 7), evening), evening);
        assert_eq!(
            allowed_from(None, utc(2026, 12, 8, 2, 0)),
            utc(2026, 12, 8, 2, 0)
        );
        // 23:00 Paris with 22-7: 07:00 the next morning (06:00 UTC).
        assert_eq!(
            allowed_from(QuietHours::new(22, 7), utc(2026, 12, 7, 22, 0)),
            utc(2026, 12, 8, 6, 0)
        );
    }

    #[test]
    fn the_invitation_reminder_comes_three_days_later_in_the_daytime() {
        // Invited Monday 7 December 10:00 Paris → Thursday 10 December 10:00.
        assert_eq!(
            invitation_reminder_due_d(utc(2026, 12, 7, 9, 0)),
            utc(2026, 12, 10, 9, 0)
        );
        // Invited at 19:30 Paris → three days later it would be 19:30: still allowed.
        assert_eq!(
            invitation_reminder_due_d(utc(2026, 12, 7, 18, 30)),
            utc(2026, 12, 10, 18, 30)
        );
        // An invitation sent by a night import at 06:00 UTC (07:00 Paris): the reminder waits
        // for 08:00.
        assert_eq!(
            invitation_reminder_due_d(utc(2026, 12, 7, 6, 0)),
            utc(2026, 12, 10, 7, 0)
        );
    }

    #[test]
    fn the_appointment_reminder_comes_48_hours_before() {
        let now = utc(2026, 12, 1, 9, 0);
        // Thursday 10 December 14:00 Paris → Tuesday 8 December 14:00 Paris.
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 10, 13, 0), now),
            Some(utc(2026, 12, 8, 13, 0))
        );
        // At 09:00 Paris → 48 hours before is 09:00: allowed.
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 10, 8, 0), now),
            Some(utc(2026, 12, 8, 8, 0))
        );
        // At 08:30 Paris: 48 hours before is 08:30, allowed.
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 10, 7, 30), now),
            Some(utc(2026, 12, 8, 7, 30))
        );
    }

    #[test]
    fn a_reminder_falling_in_the_night_waits_for_the_morning() {
        let now = utc(2026, 12, 1, 9, 0);
        // An appointment at 20:30 Paris (an evening session): 48 h before is in quiet hours →
        // 08:00 the next morning, still 36 h before.
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 10, 19, 30), now),
            Some(utc(2026, 12, 9, 7, 0))
        );
    }

    #[test]
    fn an_appointment_planned_late_is_recalled_at_once_or_not_at_all() {
        // Planned at 10:00 Paris for tomorrow 14:00: the reminder goes now.
        let now = utc(2026, 12, 7, 9, 0);
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 8, 13, 0), now),
            Some(now)
        );
        // Planned at 19:00 Paris for tomorrow 09:00: still daytime, it goes now.
        let seven_pm = utc(2026, 12, 7, 18, 0);
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 8, 8, 0), seven_pm),
            Some(seven_pm)
        );
        // Planned at 20:30 Paris for tomorrow 09:00: 08:00 would be one hour before: none.
        let evening = utc(2026, 12, 7, 19, 30);
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 8, 8, 0), evening),
            None
        );
        // Planned at 20:30 for tomorrow 15:00: 08:00 is 7 hours before: it goes then.
        assert_eq!(
            appointment_reminder_due_d(utc(2026, 12, 8, 14, 0), evening),
            Some(utc(2026, 12, 8, 7, 0))
        );
        // An appointment already begun gets none.
        assert_eq!(appointment_reminder_due_d(now - HOUR, now), None);
    }

    #[test]
    fn the_invitation_reminder_goes_only_to_people_who_did_not_answer() {
        let s = |still_invited, wrote_since| InvitationState {
            still_invited,
            wrote_since,
        };
        assert!(s(true, false).needs_reminder());
        assert!(!s(false, false).needs_reminder(), "booked since");
        assert!(!s(true, true).needs_reminder(), "wrote since");
    }

    #[test]
    fn a_moved_or_cancelled_appointment_is_not_recalled() {
        let at = utc(2026, 12, 10, 13, 0);
        let now = utc(2026, 12, 8, 13, 0);
        let planned = AppointmentState {
            planned: true,
            starts_at: at,
        };
        assert!(appointment_reminder_still_due(planned, at, now));
        assert!(!appointment_reminder_still_due(
            AppointmentState {
                planned: false,
                ..planned
            },
            at,
            now
        ));
        assert!(!appointment_reminder_still_due(
            AppointmentState {
                starts_at: at + DAY,
                ..planned
            },
            at,
            now
        ));
        assert!(!appointment_reminder_still_due(planned, at, at + 1));
    }

    proptest::proptest! {
        /// Over 2020–2040: the moment chosen is never earlier, never more than 12 hours later
        /// (the night is 12 hours, 13 on the night clocks go back), always in the daytime, and
        /// already-allowed moments are kept.
        #[test]
        fn quiet_hours_only_ever_postpone_to_the_daytime(t in 1_577_836_800i64..2_240_611_200) {
            let sent = outside_quiet_hours(t);
            proptest::prop_assert!(sent >= t);
            proptest::prop_assert!(sent - t <= 13 * HOUR);
            let hour = paris_hour(sent);
            proptest::prop_assert!((QUIET_UNTIL_HOUR..QUIET_FROM_HOUR).contains(&hour), "hour {}", hour);
            proptest::prop_assert_eq!(outside_quiet_hours(sent), sent);
            if sent > t {
                proptest::prop_assert_eq!(hour, QUIET_UNTIL_HOUR);
                proptest::prop_assert_eq!(sent.rem_euclid(HOUR), 0);
            }
        }
    }
}
