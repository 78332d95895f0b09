//! A linear memory's initial state, and putting a used memory back into it.
//!
//! An instance's memory right after instantiation is zeros except for what the data segments wrote.
//! [`MemoryImage::capture`] records its size and the host pages holding a non-zero byte (a few KiB
//! for a compiled Rust contract whose memory is over a MiB). [`MemoryImage::restore`] then makes a
//! used memory equal to it again without copying the whole memory.
//!
//! wasmer gives every memory a private anonymous mapping. A page of such a mapping that is neither
//! present nor swapped out has not been touched since it was mapped or last discarded: it reads as
//! zero. The
//! kernel reports both bits per page in `/proc/self/pagemap`. So restoring rewrites only the pages
//! reported present or swapped: with the image's bytes within the initial size, with zeros beyond it
//! (pages the call grew). The pages stay resident, so the next call does not fault them in again,
//! which on this kind of machine costs more than copying them. If the pagemap cannot be read, or too
//! many pages are resident ([`REWRITE_LIMIT`]), the whole memory is discarded instead
//! (`madvise(MADV_DONTNEED)`: every page then reads as zero) and the image's pages are written back.
//!
//! If the call grew the memory, it is then shrunk back (wasmer's `reset` and `grow` to the initial
//! size). The memories are `reserved_memory`'s: that only sets the length the code checks accesses
//! against, and the grown pages, rewritten with zeros above, read as zero when a later call grows
//! over them again.
//!
//! Either way the result depends only on the image, not on what the call did. This needs Linux;
//! elsewhere [`SUPPORTED`] is false and instances are never reused.

use wasmer::{Memory, Pages, Store, WASM_PAGE_SIZE};

/// Whether memories can be restored on this platform.
pub const SUPPORTED: bool = os::SUPPORTED;

/// Most resident bytes a restore rewrites; past it, the memory is discarded instead.
pub const REWRITE_LIMIT: usize = 256 * 1024;

/// Zeros to write from (host pages are at most a Wasm page).
static ZEROS: [u8; WASM_PAGE_SIZE] = [0; WASM_PAGE_SIZE];

/// The size and non-zero pages of a memory right after instantiation.
#[derive(Debug)]
pub struct MemoryImage {
    /// Size in Wasm pages.
    pages: u32,
    /// Host page size in bytes.
    page: usize,
    /// Each host page of the memory: its bytes if one is not zero.
    data: Vec<Option<Box<[u8]>>>,
}

impl MemoryImage {
    /// The image of `memory`, which must not have been used yet (called right after instantiation).
    /// `None` if it cannot be read.
    pub fn capture(store: &Store, memory: &Memory) -> Option<Self> {
        let view = memory.view(store);
        let page = os::page_size();
        if page == 0 || !WASM_PAGE_SIZE.is_multiple_of(page) {
            return None;
        }
        let len = usize::try_from(view.data_size()).ok()?;
        let touched = os::touched(view.data_ptr(), len, page, usize::MAX);
        let mut data = Vec::with_capacity(len / page);
        let mut buf = vec![0u8; page];
        for i in 0..len / page {
            let untouched = touched
                .as_ref()
                .is_some_and(|t| u32::try_from(i).map_or(true, |i| t.binary_search(&i).is_err()));
            if untouched {
                data.push(None);
                continue;
            }
            view.read((i * page) as u64, &mut buf).ok()?;
            data.push(
                buf.iter()
                    .any(|&b| b != 0)
                    .then(|| buf.clone().into_boxed_slice()),
            );
        }
        Some(MemoryImage {
            pages: view.size().0,
            page,
            data,
        })
    }

    /// Puts `memory` back into this image. `false` if that failed; the memory is then in no
    /// particular state and its instance must be dropped.
    pub fn restore(&self, store: &mut Store, memory: &Memory) -> bool {
        let (base, pages) = {
            let view = memory.view(store);
            (view.data_ptr(), view.size().0)
        };
        if pages < self.pages {
            return false;
        }
        let used = pages as usize * WASM_PAGE_SIZE;
        let touched = os::touched(base, used, self.page, REWRITE_LIMIT / self.page);
        // SAFETY: the `used` bytes at `base` are the whole memory, which belongs to this instance; no
        // call is using it and no reference to its bytes is live.
        if touched.is_none() && !unsafe { os::discard(base, used) } {
            return false;
        }
        {
            let view = memory.view(store);
            // SAFETY: as above; this is the only reference to the bytes while it lives.
            let bytes = unsafe { view.data_unchecked_mut() };
            let restored = match &touched {
                Some(touched) => self.rewrite(bytes, touched),
                None => self.write_data(bytes),
            };
            if !restored {
                return false;
            }
        }
        if pages > self.pages {
            // Shrinking only sets the length (see `reserved_memory`): the grown pages stay mapped,
            // out of the code's reach by its bounds checks, and were just rewritten with zeros.
            if memory.reset(store).is_err() || memory.grow(store, Pages(self.pages)).is_err() {
                return false;
            }
            let view = memory.view(store);
            if view.data_ptr() != base || view.size().0 != self.pages {
                return false;
            }
        }
        true
    }

    /// Puts a fresh `memory` (of an instance that has not run) into this image, growing it to the
    /// image's size: how an instance starts from what a Pollen-era module's `on_load` left without
    /// running it. `false` if that failed; the instance must then be dropped.
    pub fn install(&self, store: &mut Store, memory: &Memory) -> bool {
        let pages = memory.view(store).size().0;
        if pages > self.pages
            || (pages < self.pages && memory.grow(store, Pages(self.pages - pages)).is_err())
        {
            return false;
        }
        let view = memory.view(store);
        if view.size().0 != self.pages {
            return false;
        }
        let len = self.pages as usize * WASM_PAGE_SIZE;
        // SAFETY: the `len` bytes at the base are the whole memory, which belongs to this instance;
        // nothing runs in it and no reference to its bytes is live.
        if !unsafe { os::discard(view.data_ptr(), len) } {
            return false;
        }
        // SAFETY: as above; this is the only reference to the bytes while it lives.
        self.write_data(unsafe { view.data_unchecked_mut() })
    }

    /// Bytes of the 4 KiB blocks of `memory` that hold a non-zero byte, counted the same on every
    /// machine (the host's page size does not enter): what writing its image back costs.
    pub fn nonzero_bytes(store: &Store, memory: &Memory) -> u64 {
        const BLOCK: usize = 4096;
        let view = memory.view(store);
        let mut buf = [0u8; BLOCK];
        let mut total = 0;
        let mut at = 0u64;
        while at < view.data_size() {
            let n = (view.data_size() - at).min(BLOCK as u64) as usize;
            if view.read(at, &mut buf[..n]).is_err() {
                break;
            }
            if buf[..n].iter().any(|&b| b != 0) {
                total += n as u64;
            }
            at += n as u64;
        }
        total
    }

    /// Rewrites the `touched` host pages of `memory`: the image's bytes, or zeros.
    fn rewrite(&self, memory: &mut [u8], touched: &[u32]) -> bool {
        touched.iter().all(|&i| {
            let i = i as usize;
            let bytes = match self.data.get(i) {
                Some(Some(bytes)) => bytes,
                _ => &ZEROS[..self.page],
            };
            copy_page(memory, i * self.page, bytes)
        })
    }

    /// Writes the image's non-zero pages (over a memory that was just discarded: it reads as zero).
    fn write_data(&self, memory: &mut [u8]) -> bool {
        self.data.iter().enumerate().all(|(i, bytes)| match bytes {
            Some(bytes) => copy_page(memory, i * self.page, bytes),
            None => true,
        })
    }
}

/// Copies `bytes` into `memory` at `at`; `false` if they do not fit.
fn copy_page(memory: &mut [u8], at: usize, bytes: &[u8]) -> bool {
    match memory.get_mut(at..at.saturating_add(bytes.len())) {
        Some(dst) => {
            dst.copy_from_slice(bytes);
            true
        }
        None => false,
    }
}

/// The operating system calls, on the platforms where their effect is the one described above.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod os {
    use std::ffi::{c_int, c_void};
    use std::fs::File;
    use std::os::unix::fs::FileExt;
    use std::sync::OnceLock;

    pub const SUPPORTED: bool = true;

    const MADV_DONTNEED: c_int = 4;
    /// Pagemap entry bits: page present, page swapped out.
    const PRESENT: u64 = 1 << 63;
    const SWAPPED: u64 = 1 << 62;

    unsafe extern "C" {
        fn getpagesize() -> c_int;
        fn madvise(addr: *mut c_void, len: usize, advice: c_int) -> c_int;
    }

    /// The host page size.
    pub fn page_size() -> usize {
        static SIZE: OnceLock<usize> = OnceLock::new();
        // SAFETY: `getpagesize` has no preconditions.
        *SIZE.get_or_init(|| usize::try_from(unsafe { getpagesize() }).unwrap_or(0))
    }

    /// The host pages of the `len` bytes at `at` that are present or swapped out (that may hold
    /// something else than zeros), by index; `None` if the kernel does not say or there are more
    /// than `limit`.
    pub fn touched(at: *mut u8, len: usize, page: usize, limit: usize) -> Option<Vec<u32>> {
        static PAGEMAP: OnceLock<Option<File>> = OnceLock::new();
        /// Entries read at a time (on the stack: a heap buffer this size costs more than the read).
        const CHUNK: usize = 512;
        let file = PAGEMAP
            .get_or_init(|| File::open("/proc/self/pagemap").ok())
            .as_ref()?;
        if page == 0 || !(at as usize).is_multiple_of(page) {
            return None;
        }
        let pages = len / page;
        let first = (at as usize / page) as u64;
        let mut touched = Vec::new();
        let mut raw = [0u8; CHUNK * 8];
        let mut done = 0;
        while done < pages {
            let n = (pages - done).min(CHUNK);
            let buf = &mut raw[..n * 8];
            file.read_exact_at(buf, (first + done as u64) * 8).ok()?;
            for (i, entry) in buf.chunks_exact(8).enumerate() {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(entry);
                if u64::from_ne_bytes(bytes) & (PRESENT | SWAPPED) != 0 {
                    if touched.len() >= limit {
                        return None;
                    }
                    touched.push(u32::try_from(done + i).ok()?);
                }
            }
            done += n;
        }
        Some(touched)
    }

    /// Discards `len` bytes of a private anonymous mapping at `at` (page-aligned): they read as zero
    /// afterwards.
    ///
    /// # Safety
    /// The range must be mapped, private and anonymous, and not referenced by anything.
    pub unsafe fn discard(at: *mut u8, len: usize) -> bool {
        // SAFETY: per this function's contract.
        len == 0 || unsafe { madvise(at.cast(), len, MADV_DONTNEED) } == 0
    }
}

/// Elsewhere: nothing is discarded and instances are not reused.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
mod os {
    pub const SUPPORTED: bool = false;

    /// Unknown.
    pub fn page_size() -> usize {
        0
    }

    /// Unknown.
    pub fn touched(_: *mut u8, _: usize, _: usize, _: usize) -> Option<Vec<u32>> {
        None
    }

    /// Never discards.
    ///
    /// # Safety
    /// None needed; `unsafe` for the same signature as on Linux.
    pub unsafe fn discard(_: *mut u8, _: usize) -> bool {
        false
    }
}
