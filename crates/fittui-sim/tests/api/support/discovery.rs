//! Validates JSON responses against the schemas of Google's discovery document
//! (the root package's `tests/fixtures/google-health-v4.discovery.json`, read in place): every field must exist in the schema,
//! JSON types must match, int64 values must be strings of digits, durations `"<n>s"`,
//! timestamps RFC 3339, enum values from the enum.

use serde_json::Value;

/// The parsed discovery document.
pub struct Discovery {
    doc: Value,
}

impl Discovery {
    pub fn load() -> Self {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/google-health-v4.discovery.json"
        );
        let text = std::fs::read_to_string(path).expect("discovery document");
        Discovery {
            doc: serde_json::from_str(&text).expect("discovery json"),
        }
    }

    /// Checks an error body: `{"error": Status}` plus the canonical `status` name of the HTTP
    /// mapping (not part of the proto message).
    pub fn check_error(&self, body: &Value) {
        let mut error = body["error"].clone();
        let status = error
            .as_object_mut()
            .and_then(|o| o.remove("status"))
            .expect("error.status");
        let canonical = [
            "INVALID_ARGUMENT",
            "FAILED_PRECONDITION",
            "OUT_OF_RANGE",
            "UNAUTHENTICATED",
            "PERMISSION_DENIED",
            "NOT_FOUND",
            "ABORTED",
            "ALREADY_EXISTS",
            "RESOURCE_EXHAUSTED",
            "CANCELLED",
            "DATA_LOSS",
            "UNKNOWN",
            "INTERNAL",
            "NOT_IMPLEMENTED",
            "UNAVAILABLE",
            "DEADLINE_EXCEEDED",
        ];
        assert!(
            canonical.contains(&status.as_str().unwrap_or("")),
            "{status}"
        );
        assert_eq!(
            body.as_object().map(serde_json::Map::len),
            Some(1),
            "only `error`: {body}"
        );
        self.check("Status", &error);
    }

    /// Panics with a path to the offending value when `value` does not fit `schema`.
    pub fn check(&self, schema: &str, value: &Value) {
        let mut errors = Vec::new();
        self.check_ref(schema, value, "$", &mut errors);
        assert!(errors.is_empty(), "{schema}: {}", errors.join("\n"));
    }

    fn check_ref(&self, name: &str, value: &Value, at: &str, errors: &mut Vec<String>) {
        let Some(schema) = self.doc["schemas"].get(name) else {
            errors.push(format!("{at}: unknown schema {name}"));
            return;
        };
        let Some(obj) = value.as_object() else {
            errors.push(format!("{at}: expected an object for {name}, got {value}"));
            return;
        };
        for (key, v) in obj {
            match schema["properties"].get(key) {
                Some(prop) => self.check_prop(prop, v, &format!("{at}.{key}"), errors),
                None => errors.push(format!("{at}: field `{key}` is not in schema {name}")),
            }
        }
    }

    fn check_prop(&self, prop: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        if let Some(r) = prop.get("$ref").and_then(Value::as_str) {
            self.check_ref(r, v, at, errors);
            return;
        }
        let ty = prop.get("type").and_then(Value::as_str).unwrap_or("any");
        let ok = match ty {
            "string" => v.as_str().is_some_and(|s| string_ok(prop, s)),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "object" => v.is_object(),
            "array" => {
                match v.as_array() {
                    Some(items) if !items.is_empty() => {
                        for (i, item) in items.iter().enumerate() {
                            self.check_prop(&prop["items"], item, &format!("{at}[{i}]"), errors);
                        }
                    }
                    Some(_) => {
                        errors.push(format!("{at}: proto3 JSON omits empty repeated fields"));
                    }
                    None => errors.push(format!("{at}: expected an array, got {v}")),
                }
                true
            }
            _ => true,
        };
        if !ok {
            let format = prop.get("format").and_then(Value::as_str).unwrap_or("");
            errors.push(format!("{at}: {v} is not a valid {ty} {format}"));
        }
    }
}

/// A string value fits its format (int64 digits, duration, RFC 3339 UTC) and enum.
fn string_ok(prop: &Value, s: &str) -> bool {
    let format_ok = match prop.get("format").and_then(Value::as_str) {
        Some("int64" | "uint64") => {
            let digits = s.strip_prefix('-').unwrap_or(s);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        }
        Some("google-duration") => s
            .strip_suffix('s')
            .is_some_and(|n| n.parse::<f64>().is_ok()),
        Some("google-datetime") => s.ends_with('Z') && s.parse::<jiff::Timestamp>().is_ok(),
        _ => true,
    };
    let enum_ok = prop
        .get("enum")
        .and_then(Value::as_array)
        .is_none_or(|allowed| allowed.iter().any(|a| a.as_str() == Some(s)));
    format_ok && enum_ok
}
