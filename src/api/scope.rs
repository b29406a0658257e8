//! Permissions as people see them: an OAuth scope turned into the name its consent screen shows.

/// The human name of a scope: `…/auth/googlehealth.health_metrics_and_measurements.readonly` →
/// `health metrics and measurements`; a legacy Fitbit scope (`heartrate`) stays as it is.
pub fn permission_name(scope: &str) -> String {
    let last = scope.rsplit('/').next().unwrap_or(scope);
    let bare = last.strip_prefix("googlehealth.").unwrap_or(last);
    let bare = bare
        .strip_suffix(".readonly")
        .or_else(|| bare.strip_suffix(".writeonly"))
        .unwrap_or(bare);
    match bare {
        "ecg" => "ECG".to_string(),
        other => other.replace('_', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_as_their_consent_screen_names() {
        assert_eq!(
            permission_name(
                "https://www.googleapis.com/auth/googlehealth.health_metrics_and_measurements.readonly"
            ),
            "health metrics and measurements"
        );
        assert_eq!(
            permission_name("https://www.googleapis.com/auth/googlehealth.ecg.readonly"),
            "ECG"
        );
        assert_eq!(permission_name("heartrate"), "heartrate");
    }
}
