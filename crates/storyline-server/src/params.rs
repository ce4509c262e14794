//! Checks of the query parameters that many handlers share, in one place so
//! that every endpoint and page answers the same mistake the same way.
//!
//! Paging: an `offset` past the end of a listing is an empty page, but an
//! offset above [`MAX_OFFSET`] is a 400 on every paged endpoint and page
//! (searches have their own, smaller bound, `api::MAX_SEARCH_OFFSET`). The
//! bound keeps `offset + limit` and the store's signed offsets from wrapping
//! around to the first page.

use crate::error::ServerError;

/// Largest `offset` a listing accepts: far beyond any listing a store
/// holds, and small enough that no arithmetic on it wraps.
pub const MAX_OFFSET: usize = u32::MAX as usize;

/// The `offset` parameter: 0 when absent, a 400 above [`MAX_OFFSET`].
pub fn offset(offset: Option<usize>) -> Result<usize, ServerError> {
    match offset.unwrap_or(0) {
        n @ 0..=MAX_OFFSET => Ok(n),
        n => Err(ServerError::BadRequest(format!(
            "`offset` must be at most {MAX_OFFSET}, got {n}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_up_to_the_bound_pass_and_larger_ones_are_a_400() {
        assert_eq!(offset(None).unwrap(), 0);
        assert_eq!(offset(Some(MAX_OFFSET)).unwrap(), MAX_OFFSET);
        let e = offset(Some(usize::MAX)).unwrap_err();
        assert_eq!(e.status(), axum::http::StatusCode::BAD_REQUEST);
    }
}
