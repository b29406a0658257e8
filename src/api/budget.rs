//! The request budget as an API reports it (or as fittui meters it locally), and how two
//! reports of the same window combine.

/// Remaining request budget as the API last reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateBudget {
    pub limit: u32,
    pub remaining: u32,
    pub resets_at: jiff::Timestamp,
}

impl RateBudget {
    /// Combines a newer report with this one. Within one window the budget only goes down,
    /// but concurrent answers arrive in any order (and the legacy API's headers lag), so the
    /// lowest count of the same window wins; a later window replaces it.
    #[must_use]
    pub fn merge(self, newer: RateBudget) -> RateBudget {
        let same_window = self
            .resets_at
            .duration_since(newer.resets_at)
            .abs()
            .as_secs()
            < 60;
        if same_window {
            RateBudget {
                remaining: self.remaining.min(newer.remaining),
                ..newer
            }
        } else if newer.resets_at > self.resets_at {
            newer
        } else {
            self
        }
    }
}
