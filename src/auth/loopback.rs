//! The sign-in redirect catcher: a one-shot HTTP listener on 127.0.0.1 (never another
//! interface) that waits for the browser to come back with `?code=…&state=…`, answers with a
//! short "you can close this tab" page, and ignores unrelated requests such as `/favicon.ico`.
//! Also parses a pasted redirect URL for `--no-browser`.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// What the browser brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    Code {
        code: String,
        state: Option<String>,
    },
    Denied {
        error: String,
        state: Option<String>,
    },
}

/// Why no usable callback arrived.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    #[error(
        "no answer from the browser within {0} s; run `fittui auth login` again (or add --no-browser to paste the redirect URL)"
    )]
    Timeout(u64),
    #[error("the redirect URL has no `code` (got: {0})")]
    NoCode(String),
    #[error("not a URL: {0}")]
    BadUrl(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads `code`/`state` (or `error`) from a redirect URL's query; the `#_=_` fragment Fitbit
/// appends is ignored.
pub fn parse_callback(url: &Url) -> Option<Callback> {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    for (k, v) in url.query_pairs() {
        match k.as_ref() {
            "code" => code = Some(v.into_owned()),
            "state" => state = Some(v.into_owned()),
            "error" => error = Some(v.into_owned()),
            _ => {}
        }
    }
    if let Some(error) = error {
        return Some(Callback::Denied { error, state });
    }
    code.map(|code| Callback::Code { code, state })
}

/// Parses a redirect URL the user pasted.
pub fn parse_pasted(text: &str) -> Result<Callback, CallbackError> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| CallbackError::BadUrl(text.to_string()))?;
    parse_callback(&url).ok_or_else(|| CallbackError::NoCode(text.to_string()))
}

/// Whether `uri` points at this machine over plain HTTP, so fittui can listen for it.
pub fn is_loopback_redirect(uri: &Url) -> bool {
    uri.scheme() == "http" && matches!(uri.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"))
}

/// A bound listener waiting for one redirect.
#[derive(Debug)]
pub struct Loopback {
    listener: TcpListener,
    redirect_uri: Url,
}

const PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>fittui</title></head>\
<body style=\"font-family:sans-serif;margin:3em\"><h2>fittui: {TITLE}</h2><p>{TEXT}</p></body></html>";

impl Loopback {
    /// Binds 127.0.0.1 on the port of `redirect_uri`, or on a free port when it is `None`
    /// (the redirect URI then becomes `http://127.0.0.1:<port>/`).
    pub async fn bind(redirect_uri: Option<&Url>) -> std::io::Result<Self> {
        let port = redirect_uri
            .and_then(Url::port_or_known_default)
            .unwrap_or(0);
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
        let redirect_uri = if let Some(uri) = redirect_uri {
            uri.clone()
        } else {
            let port = listener.local_addr()?.port();
            Url::parse(&format!("http://127.0.0.1:{port}/"))
                .map_err(|e| std::io::Error::other(e.to_string()))?
        };
        Ok(Self {
            listener,
            redirect_uri,
        })
    }

    pub fn redirect_uri(&self) -> &Url {
        &self.redirect_uri
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until a request on the redirect path carries `code` or `error` *with the
    /// expected `state`*, or `timeout`. Anything else is answered and the wait goes on: a
    /// callback with another `state` (a forged or stale one: any local program can reach this
    /// port) gets 400 and cannot end or hijack the sign-in. A code comes back with the
    /// browser's connection still open, so the page says "signed in" only once the caller
    /// knows (see [`BrowserReply`]).
    pub async fn wait(
        &self,
        timeout: Duration,
        expected_state: &str,
    ) -> Result<(Callback, Option<BrowserReply>), CallbackError> {
        let serve = async {
            loop {
                let (stream, _) = self.listener.accept().await?;
                if let Some(arrival) = self.handle(stream, expected_state).await? {
                    return Ok::<_, std::io::Error>(arrival);
                }
            }
        };
        match tokio::time::timeout(timeout, serve).await {
            Ok(result) => Ok(result?),
            Err(_) => Err(CallbackError::Timeout(timeout.as_secs())),
        }
    }

    async fn handle(
        &self,
        mut stream: TcpStream,
        expected_state: &str,
    ) -> std::io::Result<Option<(Callback, Option<BrowserReply>)>> {
        let mut buf = Vec::with_capacity(1024);
        let mut chunk = [0u8; 1024];
        // Read the request head (bounded); the body, if any, is irrelevant.
        while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
            let Ok(Ok(n)) =
                tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await
            else {
                return Ok(None);
            };
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let head = String::from_utf8_lossy(&buf);
        let target = head
            .lines()
            .next()
            .and_then(|line| line.split_whitespace().nth(1))
            .unwrap_or("/");
        let Ok(url) = self.redirect_uri.join(target) else {
            // A connection that cannot be answered is not a reason to stop waiting.
            let _ = respond(
                &mut stream,
                400,
                "bad request",
                "fittui could not read this request.",
            )
            .await;
            return Ok(None);
        };
        let callback = (url.path() == self.redirect_uri.path())
            .then(|| parse_callback(&url))
            .flatten();
        let answered = match callback {
            None => respond(&mut stream, 404, "not found", "Nothing here.").await,
            Some(callback) if callback.state() != Some(expected_state) => {
                tracing::warn!("refused a sign-in callback with a state fittui did not send");
                respond(
                    &mut stream,
                    400,
                    "sign-in refused",
                    "This answer does not belong to the sign-in fittui started, so it was refused. fittui is still waiting for the real one.",
                )
                .await
            }
            Some(callback @ Callback::Code { .. }) => {
                return Ok(Some((callback, Some(BrowserReply(stream)))));
            }
            Some(callback @ Callback::Denied { .. }) => {
                if let Callback::Denied { error, .. } = &callback {
                    let text = format!(
                        "The sign-in was not completed ({}). You can close this tab.",
                        html_escape(error)
                    );
                    let _ = respond(&mut stream, 200, "sign-in cancelled", &text).await;
                }
                return Ok(Some((callback, None)));
            }
        };
        // A browser (or anything else) that hung up early does not end the wait.
        let _ = answered;
        Ok(None)
    }
}

impl Callback {
    /// The `state` the callback carries.
    pub fn state(&self) -> Option<&str> {
        match self {
            Self::Code { state, .. } | Self::Denied { state, .. } => state.as_deref(),
        }
    }
}

/// The browser's connection for an accepted code, held open until the sign-in is known to
/// have worked (the code exchanged, the tokens saved), so the page never claims success early.
#[derive(Debug)]
pub struct BrowserReply(TcpStream);

impl BrowserReply {
    /// Tells the browser the sign-in worked.
    pub async fn signed_in(mut self, account: &str) {
        let text = format!(
            "Signed in as {}. You can close this tab and return to the terminal.",
            html_escape(account)
        );
        let _ = respond(&mut self.0, 200, "signed in", &text).await;
    }

    /// Tells the browser the sign-in failed, and why.
    pub async fn failed(mut self, why: &str) {
        let text = format!(
            "The sign-in did not complete: {}. The terminal says what to do next; you can close this tab.",
            html_escape(why)
        );
        let _ = respond(&mut self.0, 500, "sign-in failed", &text).await;
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn respond(
    stream: &mut TcpStream,
    status: u16,
    title: &str,
    text: &str,
) -> std::io::Result<()> {
    let body = PAGE.replace("{TITLE}", title).replace("{TEXT}", text);
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_urls() {
        assert_eq!(
            parse_pasted("http://127.0.0.1:8080/?code=abc&state=xyz#_=_").unwrap(),
            Callback::Code {
                code: "abc".into(),
                state: Some("xyz".into())
            }
        );
        assert!(matches!(
            parse_pasted("http://127.0.0.1:8080/?error=access_denied&state=s").unwrap(),
            Callback::Denied { .. }
        ));
        assert!(matches!(
            parse_pasted("not a url"),
            Err(CallbackError::BadUrl(_))
        ));
        assert!(matches!(
            parse_pasted("http://x/?state=1"),
            Err(CallbackError::NoCode(_))
        ));
    }

    #[test]
    fn loopback_detection() {
        assert!(is_loopback_redirect(
            &Url::parse("http://127.0.0.1:8080/").unwrap()
        ));
        assert!(is_loopback_redirect(
            &Url::parse("http://localhost/cb").unwrap()
        ));
        assert!(!is_loopback_redirect(
            &Url::parse("https://localhost:8000/").unwrap()
        ));
        assert!(!is_loopback_redirect(
            &Url::parse("http://example.com/").unwrap()
        ));
    }

    async fn get(addr: SocketAddr, path: &str) -> String {
        let mut s = TcpStream::connect(addr).await.unwrap();
        s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    }

    #[tokio::test]
    async fn ignores_favicon_then_takes_the_code_and_answers_once_known() {
        let lb = Loopback::bind(None).await.unwrap();
        let addr = lb.local_addr().unwrap();
        assert!(addr.ip().is_loopback());
        assert!(lb.redirect_uri().as_str().starts_with("http://127.0.0.1:"));
        let client = tokio::spawn(async move {
            let favicon = get(addr, "/favicon.ico").await;
            let page = get(addr, "/?code=c0de&state=st").await;
            (favicon, page)
        });
        let (cb, reply) = lb.wait(Duration::from_secs(10), "st").await.unwrap();
        assert_eq!(
            cb,
            Callback::Code {
                code: "c0de".into(),
                state: Some("st".into())
            }
        );
        // The browser has no page yet: it gets one when the sign-in is known to have worked.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!client.is_finished());
        reply.unwrap().signed_in("Sam R.").await;
        let (favicon, page) = client.await.unwrap();
        assert!(favicon.starts_with("HTTP/1.1 404"));
        assert!(
            page.starts_with("HTTP/1.1 200") && page.contains("Signed in as Sam R."),
            "{page}"
        );
    }

    #[tokio::test]
    async fn forged_callbacks_are_refused_and_the_wait_goes_on() {
        let lb = Loopback::bind(None).await.unwrap();
        let addr = lb.local_addr().unwrap();
        let client = tokio::spawn(async move {
            let denied = get(addr, "/?error=access_denied&state=WRONG").await;
            let code = get(addr, "/?code=evil&state=WRONG").await;
            let stateless = get(addr, "/?code=evil").await;
            let real = get(addr, "/?code=c0de&state=st").await;
            (denied, code, stateless, real)
        });
        let (cb, reply) = lb.wait(Duration::from_secs(10), "st").await.unwrap();
        assert_eq!(cb.state(), Some("st"));
        assert!(matches!(&cb, Callback::Code { code, .. } if code == "c0de"));
        reply.unwrap().failed("the code was refused").await;
        let (denied, code, stateless, real) = client.await.unwrap();
        for forged in [&denied, &code, &stateless] {
            assert!(
                forged.starts_with("HTTP/1.1 400") && forged.contains("still waiting"),
                "{forged}"
            );
        }
        assert!(
            real.starts_with("HTTP/1.1 500")
                && real.contains("did not complete")
                && !real.contains("Signed in"),
            "{real}"
        );
    }

    #[tokio::test]
    async fn a_denial_with_the_right_state_ends_the_wait() {
        let lb = Loopback::bind(None).await.unwrap();
        let addr = lb.local_addr().unwrap();
        let client = tokio::spawn(async move { get(addr, "/?error=access_denied&state=st").await });
        let (cb, reply) = lb.wait(Duration::from_secs(10), "st").await.unwrap();
        assert!(matches!(cb, Callback::Denied { .. }) && reply.is_none());
        assert!(client.await.unwrap().contains("sign-in cancelled"));
    }

    #[tokio::test]
    async fn times_out_with_a_clear_message() {
        let lb = Loopback::bind(None).await.unwrap();
        let err = lb.wait(Duration::from_millis(50), "st").await.unwrap_err();
        assert!(err.to_string().contains("no answer from the browser"));
    }
}
