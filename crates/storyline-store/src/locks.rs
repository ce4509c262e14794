//! Who may write a data directory, and how readers stay out of the way.
//!
//! [`WriterLock`]: one process at a time writes an embedded data directory.
//! It holds an advisory lock (`flock`) on `storyline.lock` for as long as it
//! has the directory open, with its pid written in the file; a second writer
//! is refused at once with [`StoreError::Busy`] naming that pid, instead of
//! waiting on SQLite's busy timeout. The lock goes with the process, however
//! it ends (a `kill -9` included).
//!
//! [`ReaderDirectory`]: the tantivy directory of read-only opens. tantivy
//! takes `.tantivy-meta.lock` while a reader opens segments, so that the
//! writer's garbage collection does not delete them meanwhile, and creates
//! the file to do so, which fails in a read-only folder ("Failed to acquire
//! Lockfile"). Readers lock the file the writer made, opened read-only, and
//! take no lock when there is none: they create and modify nothing.

use crate::StoreError;
use fs4::fs_std::FileExt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// The exclusive right to write one data directory, held until dropped.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    /// The lock file inside a data directory.
    pub const FILE: &'static str = "storyline.lock";

    /// Takes the lock of `data` (an existing directory) without waiting.
    pub fn acquire(data: &Path) -> Result<Self, StoreError> {
        let path = data.join(Self::FILE);
        let io = |source| StoreError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock_exclusive() {
            Ok(true) => {}
            Ok(false) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                return Err(StoreError::Busy {
                    path: data.display().to_string(),
                    pid: holder.trim().parse().ok(),
                });
            }
            Err(e) => return Err(io(e)),
        }
        // The holder's pid, for the message a second writer gets.
        file.set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "{}", std::process::id()))
            .map_err(io)?;
        Ok(WriterLock { _file: file })
    }
}

/// A read-only view of an index directory: every read goes to the
/// [`MmapDirectory`]; locks are taken on lock files that already exist,
/// opened read-only, or not at all; writes are refused.
#[derive(Clone, Debug)]
pub struct ReaderDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReaderDirectory {
    /// Opens the index folder `root` for reading.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let inner = MmapDirectory::open(root)
            .map_err(|e| StoreError::Corrupt(format!("index directory {}: {e}", root.display())))?;
        Ok(ReaderDirectory {
            inner,
            root: root.to_path_buf(),
        })
    }
}

fn read_only_io() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::PermissionDenied,
        "the index was opened read-only",
    )
}

impl Directory for ReaderDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only_io()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only_io()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(read_only_io())
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }

    /// The writer's lock file, opened read-only and locked as tantivy locks
    /// it (an `flock` works on a read-only descriptor); no lock when the
    /// file does not exist (no writer has collected garbage here yet) or
    /// cannot be opened.
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let Ok(file) = File::open(self.root.join(&lock.filepath)) else {
            return Ok(DirectoryLock::from(Box::new(())));
        };
        if lock.is_blocking {
            FileExt::lock_exclusive(&file).map_err(LockError::wrap_io_error)?;
        } else if !FileExt::try_lock_exclusive(&file).map_err(|_| LockError::LockBusy)? {
            return Err(LockError::LockBusy);
        }
        Ok(DirectoryLock::from(Box::new(file)))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
