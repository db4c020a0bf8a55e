//! Who may do what: staff roles, their permissions, and the territorial scope of each account.
//!
//! The rules are here, once, so that the server enforces them and the interface only *reflects*
//! them (a button hidden in the browser is a courtesy; the server function checks again).
use serde::{Deserialize, Serialize};

/// A staff role. Roles are ordered: each one has every permission of the roles before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reception or phone line: reads files, runs simulations for a person, answers the inbox.
    Agent,
    /// Chargé d'orientation et d'appui: records interviews, decisions, referents, contracts.
    ChargeOrientation,
    /// Manager of a territorial unit: statistics, imports, exports, staff accounts of the unit.
    Manager,
    /// Administrator: scheme definitions, partner API keys, every unit.
    Admin,
}

/// What a staff member may do. Checked on the server in every server function and API route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Search beneficiaries and open their file.
    ReadFiles,
    /// Run a simulation for a person and answer their questions.
    AnswerInbox,
    /// Give back online access to a person blocked after too many wrong codes (on the phone,
    /// after checking who is calling).
    UnlockAccess,
    /// Record appointments, orientation decisions, referents, contracts, returns to work, notes.
    RecordPathway,
    /// Decide a sanction of the suspension-remobilisation procedure, decide none, lift it
    /// (officers report a breach and prepare the file; the decision is the unit manager's, by
    /// delegation of the président du conseil départemental).
    DecideSanction,
    /// See the statistics of a unit.
    ViewStatistics,
    /// Import the monthly new-entrant file and export lists.
    ImportExport,
    /// Create and deactivate staff accounts (of their own unit, unless admin).
    ManageStaff,
    /// Edit the scheme definitions.
    ManageSchemes,
    /// Create and revoke partner API keys.
    ManageApiKeys,
    /// Read the messages of the development sender (codes sent when no real sender is set).
    ReadDevMessages,
}

impl Role {
    /// Every role, lowest first.
    pub const ALL: [Role; 4] = [
        Role::Agent,
        Role::ChargeOrientation,
        Role::Manager,
        Role::Admin,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::ChargeOrientation => "charge_orientation",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    /// Parses the database code.
    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// French label, for the band that says who is signed in.
    pub fn label_fr(self) -> &'static str {
        match self {
            Role::Agent => "Agent d'accueil",
            Role::ChargeOrientation => "Chargé(e) d'orientation",
            Role::Manager => "Responsable d'unité",
            Role::Admin => "Administrateur",
        }
    }

    /// The least role that holds `permission`.
    fn minimum_for(permission: Permission) -> Role {
        match permission {
            Permission::ReadFiles | Permission::AnswerInbox | Permission::UnlockAccess => {
                Role::Agent
            }
            Permission::RecordPathway => Role::ChargeOrientation,
            Permission::ViewStatistics
            | Permission::ImportExport
            | Permission::ManageStaff
            | Permission::DecideSanction => Role::Manager,
            Permission::ManageSchemes | Permission::ManageApiKeys | Permission::ReadDevMessages => {
                Role::Admin
            }
        }
    }

    /// Whether this role holds `permission`.
    pub fn allows(self, permission: Permission) -> bool {
        self >= Role::minimum_for(permission)
    }

    /// Whether an account of this role may create an account of role `other`: managers create
    /// agents and chargés d'orientation of their unit; only admins create managers and admins.
    pub fn may_grant(self, other: Role) -> bool {
        match self {
            Role::Admin => true,
            Role::Manager => other < Role::Manager,
            _ => false,
        }
    }
}

/// A staff member's scope: the unit whose files they may see. Admins see every unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffScope {
    /// The account's role.
    pub role: Role,
    /// The account's territorial unit code; `None` only for admins.
    pub unit: Option<String>,
}

impl StaffScope {
    /// Whether this account may act on data of `unit`, for `permission`.
    pub fn may(&self, permission: Permission, unit: &str) -> bool {
        self.role.allows(permission)
            && (self.role == Role::Admin || self.unit.as_deref() == Some(unit))
    }

    /// The unit a query must be restricted to: `None` means every unit (admins).
    pub fn unit_filter(&self) -> Option<&str> {
        if self.role == Role::Admin {
            None
        } else {
            Some(self.unit.as_deref().unwrap_or(""))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_cumulative() {
        assert!(Role::Agent.allows(Permission::ReadFiles));
        assert!(!Role::Agent.allows(Permission::RecordPathway));
        assert!(Role::ChargeOrientation.allows(Permission::RecordPathway));
        assert!(!Role::ChargeOrientation.allows(Permission::ViewStatistics));
        assert!(Role::Manager.allows(Permission::ImportExport));
        assert!(!Role::ChargeOrientation.allows(Permission::DecideSanction));
        assert!(Role::Manager.allows(Permission::DecideSanction));
        assert!(!Role::Manager.allows(Permission::ManageSchemes));
        assert!(Role::Admin.allows(Permission::ManageSchemes));
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn scope_is_the_unit_except_for_admins() {
        let manager = StaffScope {
            role: Role::Manager,
            unit: Some("BDS".into()),
        };
        assert!(manager.may(Permission::ReadFiles, "BDS"));
        assert!(!manager.may(Permission::ReadFiles, "ROU"));
        assert_eq!(manager.unit_filter(), Some("BDS"));
        let admin = StaffScope {
            role: Role::Admin,
            unit: None,
        };
        assert!(admin.may(Permission::ReadFiles, "ROU"));
        assert_eq!(admin.unit_filter(), None);
        // A non-admin account without a unit sees nothing rather than everything.
        let orphan = StaffScope {
            role: Role::Agent,
            unit: None,
        };
        assert!(!orphan.may(Permission::ReadFiles, "BDS"));
        assert_eq!(orphan.unit_filter(), Some(""));
    }

    #[test]
    fn only_admins_grant_manager_and_admin() {
        assert!(Role::Manager.may_grant(Role::Agent));
        assert!(Role::Manager.may_grant(Role::ChargeOrientation));
        assert!(!Role::Manager.may_grant(Role::Manager));
        assert!(!Role::ChargeOrientation.may_grant(Role::Agent));
        assert!(Role::Admin.may_grant(Role::Admin));
    }
}
