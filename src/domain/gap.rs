//! A part of a view that did not arrive, and why. A tab's data comes from several requests; when
//! one of them fails or needs a permission the sign-in lacks, the parts that arrived are shown
//! and the missing part says why — it is never drawn as zeros or as "no data recorded".

use crate::api::ApiError;

/// Why a part is missing.
#[derive(Debug, Clone, PartialEq)]
pub enum GapReason {
    /// The sign-in lacks the permission (OAuth scope) the part needs.
    NotGranted {
        /// The permission's name as the consent screen shows it.
        permission: String,
    },
    /// Its request failed (after any retries).
    Failed(ApiError),
}

/// A missing part of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// What is missing, as the tab names it ("HRV", "ECG readings").
    pub part: &'static str,
    pub reason: GapReason,
}

impl Gap {
    pub fn not_granted(part: &'static str, permission: impl Into<String>) -> Self {
        Self {
            part,
            reason: GapReason::NotGranted {
                permission: permission.into(),
            },
        }
    }

    pub fn failed(part: &'static str, error: ApiError) -> Self {
        Self {
            part,
            reason: GapReason::Failed(error),
        }
    }
}
