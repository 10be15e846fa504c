//! Buffers for answer bodies, sized so that wasm memory stays flat across refreshes.
//!
//! Wasm memory never shrinks, and in its allocator a freed block is soon split by small
//! allocations. So when every refresh freed its ~170 KB sync-list body and asked for one a
//! few bytes longer (counters gain digits), now and then no free block fitted and memory grew
//! by a new high-water mark. Instead each URL keeps its buffer from answer to answer, sized in
//! whole 64 KiB pages.

const PAGE: usize = 64 << 10;

/// The capacity for a body of `len` bytes: large ones are rounded up to whole pages, so an
/// answer that grows by a few bytes still fits.
pub fn capacity(len: usize) -> usize {
    if len < PAGE {
        len
    } else {
        len.div_ceil(PAGE) * PAGE
    }
}

/// The buffer for the next answer to a URL, of `expected` bytes (0: not known, as for a
/// compressed answer): the previous answer's, emptied, unless it is far too large.
pub fn for_next(previous: Option<String>, expected: usize) -> Vec<u8> {
    let want = capacity(expected);
    let mut buf = match previous.map(String::into_bytes) {
        Some(b) if expected == 0 || b.capacity() <= 2 * want.max(PAGE) => b,
        _ => Vec::new(),
    };
    buf.clear();
    buf.reserve_exact(want);
    buf
}

/// Gives back what a buffer that grew past its answer holds beyond [`capacity`].
pub fn trim(buf: &mut Vec<u8>) {
    buf.shrink_to(capacity(buf.len()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_bodies_are_sized_exactly_and_large_ones_in_whole_pages() {
        assert_eq!(capacity(0), 0);
        assert_eq!(capacity(2119), 2119);
        assert_eq!(capacity(PAGE), PAGE);
        assert_eq!(capacity(PAGE + 1), 2 * PAGE);
        assert_eq!(capacity(171_790), 3 * PAGE);
        assert_eq!(capacity(171_939), 3 * PAGE);
    }

    #[test]
    fn the_previous_buffer_is_reused_when_it_is_about_the_right_size() {
        let mut prev = String::with_capacity(3 * PAGE);
        prev.push_str("{\"status\":1}");
        let ptr = prev.as_ptr();
        let buf = for_next(Some(prev), 171_939);
        assert_eq!(buf.as_ptr(), ptr, "the same memory, not a new block");
        assert!(buf.is_empty());
        assert_eq!(buf.capacity(), 3 * PAGE);
    }

    #[test]
    fn a_buffer_too_small_grows_and_one_far_too_large_is_let_go() {
        let buf = for_next(Some(String::with_capacity(100)), 171_939);
        assert!(buf.capacity() >= 3 * PAGE);
        let huge = String::with_capacity(13 << 20);
        let buf = for_next(Some(huge), 2119);
        assert_eq!(buf.capacity(), 2119);
    }

    #[test]
    fn an_unknown_length_keeps_the_previous_buffer() {
        let prev = String::with_capacity(5 * PAGE);
        let ptr = prev.as_ptr();
        let buf = for_next(Some(prev), 0);
        assert_eq!(buf.as_ptr(), ptr);
        assert_eq!(for_next(None, 0).capacity(), 0);
    }

    #[test]
    fn trimming_keeps_whole_pages() {
        let mut buf = Vec::with_capacity(8 * PAGE);
        buf.resize(171_939, b' ');
        trim(&mut buf);
        assert_eq!(buf.capacity(), 3 * PAGE);
        let mut small = Vec::with_capacity(4096);
        small.resize(100, b' ');
        trim(&mut small);
        assert_eq!(small.capacity(), 100);
    }
}
