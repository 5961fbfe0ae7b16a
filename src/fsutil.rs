//! File system helpers that every writer and reader of user files goes through: writes that
//! are atomic and never follow a planted link, and reads that take only regular files and
//! stop at a size limit while reading (a FIFO would block forever, `/dev/zero` never ends).

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Writes a file so that readers only ever see the old or the new contents: a new temporary
/// file with an unguessable name in the same folder (created exclusively, so a symlink planted
/// there is never followed), flushed to disk, then renamed over the target.
pub fn write_atomically(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let mut tmp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Where a new article file goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    Write(PathBuf),
    /// The same text is already there.
    AlreadyThere(PathBuf),
}

/// The file for an article with `id` and file text `contents` in `into`: `id.md`, else `id-2.md`,
/// `id-3.md` ... The same text already in one of them is [`Slot::AlreadyThere`]; a name holding
/// another text is passed over unless `may_replace` says it may be replaced; `skip` passes over
/// names that must not be touched (the import's own inputs).
pub fn article_slot(
    into: &Path,
    id: &str,
    contents: &str,
    skip: &dyn Fn(&Path) -> bool,
    may_replace: &dyn Fn(&Path) -> bool,
) -> Slot {
    let mut n = 1;
    loop {
        let target = into.join(if n == 1 { format!("{id}.md") } else { format!("{id}-{n}.md") });
        n += 1;
        if skip(&target) {
            continue;
        }
        match std::fs::read_to_string(&target) {
            Ok(existing) if existing == contents => return Slot::AlreadyThere(target),
            Ok(_) if may_replace(&target) => return Slot::Write(target),
            Err(_) if !target.exists() => return Slot::Write(target),
            _ => {}
        }
    }
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("is not a regular file (a {0})")]
    NotRegular(&'static str),
    #[error("is larger than the limit of {0} bytes")]
    TooLarge(u64),
    #[error("is {size} bytes, over the limit of {limit} bytes")]
    Oversized { size: u64, limit: u64 },
}

impl ReadError {
    /// What to do about it, for messages.
    pub fn fix(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "check that the file exists and that you may read it",
            ReadError::NotRegular(_) => "give a regular file",
            ReadError::TooLarge(_) | ReadError::Oversized { .. } => {
                "split the article, or raise `max_article_bytes` in the config"
            }
        }
    }
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "named pipe"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else if t.is_socket() {
        "socket"
    } else {
        "special file"
    }
}

/// Reads a regular file of at most `limit` bytes. Anything else (a folder, a FIFO, a device)
/// is refused without blocking; the limit holds while reading, so a file that grows meanwhile
/// cannot exhaust memory.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::Oversized { size: meta.len(), limit });
    }
    read_listed_file(path, limit)
}

/// [`read_regular_file`] for a file a folder walk has just found to be a regular file: the
/// same checks, made on the opened file only (the path looked up once, not twice: the lookups
/// were a fifth of loading a large library, and the walk that finds the files is serial).
pub fn read_listed_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    // Non-blocking open: if the path was swapped for a FIFO since the check, opening it does
    // not wait for a writer; the check below then refuses it.
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::Oversized { size: meta.len(), limit });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge(limit));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.md");
        write_atomically(&target, b"one").unwrap();
        write_atomically(&target, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left behind");
    }

    #[test]
    fn a_planted_symlink_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        // The first version's temporary name was predictable: plant links under such names.
        for guess in [format!(".a.md.tmp-{}", std::process::id()), ".a.md.tmp".into()] {
            std::os::unix::fs::symlink(&victim, dir.path().join(guess)).unwrap();
        }
        write_atomically(&dir.path().join("a.md"), b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read_to_string(dir.path().join("a.md")).unwrap(), "new");
    }

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
            0,
        )
        .unwrap();
        assert!(matches!(read_regular_file(&fifo, 100), Err(ReadError::NotRegular("named pipe"))));
        assert!(matches!(read_regular_file(Path::new("/dev/zero"), 100), Err(ReadError::NotRegular("device"))));
        assert!(matches!(read_regular_file(dir.path(), 100), Err(ReadError::NotRegular("folder"))));
        let big = dir.path().join("big.md");
        std::fs::write(&big, vec![b'x'; 101]).unwrap();
        assert!(matches!(read_regular_file(&big, 100), Err(ReadError::Oversized { size: 101, limit: 100 })));
        assert!(matches!(read_listed_file(&big, 100), Err(ReadError::Oversized { size: 101, limit: 100 })));
        assert_eq!(read_regular_file(&big, 101).unwrap().len(), 101);
    }
}
