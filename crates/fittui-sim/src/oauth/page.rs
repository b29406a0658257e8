//! The small HTML pages of the authorization endpoints: a consent form with one checkbox per
//! requested scope (so a person can untick some) and Allow/Deny buttons, and error pages for
//! bad authorization requests (rendered, not redirected, as the real consent pages do).

use std::fmt::Write as _;

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn shell(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:32em;margin:3em auto}}\
         .error{{color:#a00}}</style></head><body>\n{}\n</body></html>\n",
        escape(title),
        body
    )
}

/// A consent page. `hidden` are the authorization parameters to post back; `scopes` are
/// (value, label, ticked) triples shown as checkboxes named `granted`.
pub fn consent(
    title: &str,
    app: &str,
    action: &str,
    hidden: &[(&str, &str)],
    scopes: &[(String, String, bool)],
) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>{}</h1>\n<p><strong>{}</strong> would like to access your data:</p>\n\
         <form method=\"post\" action=\"{}\">\n",
        escape(title),
        escape(app),
        escape(action)
    );
    for (name, value) in hidden {
        let _ = writeln!(
            body,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            escape(name),
            escape(value)
        );
    }
    body.push_str("<ul>\n");
    for (value, label, ticked) in scopes {
        let _ = writeln!(
            body,
            "<li><label><input type=\"checkbox\" name=\"granted\" value=\"{}\"{}> {}</label></li>",
            escape(value),
            if *ticked { " checked" } else { "" },
            escape(label)
        );
    }
    body.push_str(
        "</ul>\n<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n</form>",
    );
    shell(title, &body)
}

/// An error page showing `code - message`.
pub fn error(title: &str, code: &str, message: &str) -> String {
    shell(
        title,
        &format!(
            "<h1>{}</h1>\n<p class=\"error\" id=\"error\">{} - {}</p>",
            escape(title),
            escape(code),
            escape(message)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_escape_everything() {
        let page = consent(
            "Fitbit",
            "fittui <sim>",
            "/oauth2/authorize",
            &[("state", "a\"b")],
            &[
                ("sleep".into(), "Sleep".into(), true),
                ("weight".into(), "Weight".into(), false),
            ],
        );
        assert!(page.contains("fittui &lt;sim&gt;"));
        assert!(page.contains("value=\"a&quot;b\""));
        assert!(page.contains("name=\"granted\" value=\"sleep\" checked"));
        assert!(page.contains("name=\"granted\" value=\"weight\"> Weight"));
        let e = error("Fitbit", "invalid_request", "Missing <x>");
        assert!(e.contains("invalid_request - Missing &lt;x&gt;"));
    }
}
