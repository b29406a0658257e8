//! Google's `pageToken` paging, once: [`collect_pages`] and [`each_page`] walk a listing page
//! by page, capped at [`MAX_PAGES`], so no view hand-writes the loop.

use std::future::Future;

use crate::api::ApiError;

/// Never follow more pages than this for one view (a server bug must not loop forever).
const MAX_PAGES: usize = 20;

/// The `pageToken` walk of one listing, capped at [`MAX_PAGES`].
struct Pager {
    what: &'static str,
    token: Option<String>,
    pages: usize,
}

impl Pager {
    fn new(what: &'static str) -> Self {
        Self {
            what,
            token: None,
            pages: 0,
        }
    }

    /// The token to send for the next page (none for the first).
    fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Takes a page's `nextPageToken`; whether another page is to be asked for. At the cap the
    /// walk stops with what it has, and says so in the log.
    fn advance(&mut self, next: Option<String>) -> bool {
        self.pages += 1;
        match next {
            None => false,
            Some(_) if self.pages >= MAX_PAGES => {
                tracing::warn!(
                    "{}: still more pages after {MAX_PAGES}; showing what came so far",
                    self.what
                );
                false
            }
            Some(t) => {
                self.token = Some(t);
                true
            }
        }
    }
}

/// Walks every page of one listing (`what` names it in the log): `fetch` sends the request for
/// a page token (none for the first page) and answers the body; `take` takes the body's
/// content and answers its `nextPageToken`.
pub async fn each_page<Fut>(
    what: &'static str,
    fetch: impl Fn(Option<String>) -> Fut,
    mut take: impl FnMut(&[u8]) -> Result<Option<String>, ApiError>,
) -> Result<(), ApiError>
where
    Fut: Future<Output = Result<Vec<u8>, ApiError>>,
{
    let mut pager = Pager::new(what);
    loop {
        let body = fetch(pager.token().map(str::to_owned)).await?;
        if !pager.advance(take(&body)?) {
            return Ok(());
        }
    }
}

/// Every item of every page: `fetch` as for [`each_page`], `decode` reads one page.
pub async fn collect_pages<T, Fut>(
    what: &'static str,
    fetch: impl Fn(Option<String>) -> Fut,
    decode: impl Fn(&[u8]) -> Result<(Vec<T>, Option<String>), ApiError>,
) -> Result<Vec<T>, ApiError>
where
    Fut: Future<Output = Result<Vec<u8>, ApiError>>,
{
    let mut out = Vec::new();
    each_page(what, fetch, |body| {
        let (items, next) = decode(body)?;
        out.extend(items);
        Ok(next)
    })
    .await?;
    Ok(out)
}

/// `query` with the page's `pageToken`, when there is one (GET listings).
pub fn with_page_token(
    mut query: Vec<(&'static str, String)>,
    token: Option<String>,
) -> Vec<(&'static str, String)> {
    if let Some(t) = token {
        query.push(("pageToken", t));
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pager_follows_tokens_and_stops_at_the_last_page() {
        let mut p = Pager::new("steps");
        assert_eq!(p.token(), None);
        assert!(p.advance(Some("a".into())));
        assert_eq!(p.token(), Some("a"));
        assert!(!p.advance(None));
    }

    #[test]
    fn a_pager_stops_at_the_cap_even_when_the_server_offers_more() {
        let mut p = Pager::new("steps");
        let followed = (0..100)
            .take_while(|k| p.advance(Some(format!("t{k}"))))
            .count();
        // The first page plus the ones followed make MAX_PAGES requests.
        assert_eq!(followed + 1, MAX_PAGES);
    }
}
