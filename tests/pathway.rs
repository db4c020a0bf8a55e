//! Property tests of the pathway status machine.
use passerelle::pathway::{AppointmentStatus, PathwayStatus, Transition, allowed, apply};
use proptest::prelude::*;

fn transition() -> impl Strategy<Value = Transition> {
    prop_oneof![
        Just(Transition::Invite),
        Just(Transition::ScheduleAppointment),
        prop::sample::select(AppointmentStatus::ALL.to_vec())
            .prop_map(Transition::AppointmentOutcome),
        Just(Transition::DecideOrientation),
        Just(Transition::SignContract),
        Just(Transition::ReturnToWork),
        Just(Transition::Exit),
        Just(Transition::Reenter),
    ]
}

fn status() -> impl Strategy<Value = PathwayStatus> {
    prop::sample::select(PathwayStatus::ALL.to_vec())
}

proptest! {
    /// `allowed` lists exactly the transitions `apply` accepts.
    #[test]
    fn allowed_matches_apply(s in status(), t in transition()) {
        prop_assert_eq!(allowed(s).contains(&t), apply(s, t).is_ok());
    }

    /// Any sequence of accepted transitions from entry keeps the machine's invariants: an exited
    /// pathway only reopens; a contract or a job is only recorded after an orientation decision.
    #[test]
    fn random_walks_respect_the_invariants(ts in prop::collection::vec(transition(), 0..60)) {
        let mut s = PathwayStatus::Entered;
        let mut oriented_once = false;
        for t in ts {
            match apply(s, t) {
                Ok(next) => {
                    if s == PathwayStatus::Exited {
                        prop_assert_eq!(t, Transition::Reenter);
                        oriented_once = false;
                    }
                    if t == Transition::DecideOrientation {
                        oriented_once = true;
                    }
                    if matches!(next, PathwayStatus::ContractSigned | PathwayStatus::Employed) {
                        prop_assert!(oriented_once, "{:?} without a decision", next);
                    }
                    s = next;
                }
                Err(e) => {
                    prop_assert_eq!(e.from, s);
                    prop_assert!(e.message_fr().starts_with("Impossible "));
                }
            }
        }
    }

    /// Every status but "exited" can be exited, and only "exited" can be reopened.
    #[test]
    fn exit_and_reenter(s in status()) {
        prop_assert_eq!(apply(s, Transition::Exit).is_ok(), s != PathwayStatus::Exited);
        prop_assert_eq!(apply(s, Transition::Reenter).is_ok(), s == PathwayStatus::Exited);
    }

    /// Statuses survive a serde round trip and a database-code round trip.
    #[test]
    fn codes_round_trip(s in status()) {
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<PathwayStatus>(&json).unwrap(), s);
        prop_assert_eq!(PathwayStatus::from_code(s.code()), Some(s));
    }
}
