//! Where the export's files go: memory (tests), a directory, one or more standalone zips
//! (deflate; entries marked *stored* are not compressed), or one or more `.tgz` files.
//!
//! Every sink is deterministic: entry order is the generation order, zip and tar entries carry
//! the export instant as their modification time, gzip headers carry no time.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use jiff::Timestamp;
use zip::write::SimpleFileOptions;

use super::TakeoutError;

/// Receives the export's files, in order.
pub trait Sink {
    /// Adds one file; `stored` asks for no compression (zip only).
    fn add(&mut self, path: &str, data: &[u8], stored: bool) -> Result<(), TakeoutError>;
}

/// Keeps the files in memory (path → bytes), for tests and for checking an export. A worn day's
/// heart rate at 1-second spacing is ~12 MB of JSON and CSV: for long windows, set
/// `TakeoutSpec::heart_every_secs` higher or write to a file.
#[derive(Debug, Default)]
pub struct MemSink {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Paths in the order they were added.
    pub order: Vec<String>,
}

impl Sink for MemSink {
    fn add(&mut self, path: &str, data: &[u8], _stored: bool) -> Result<(), TakeoutError> {
        if self.files.insert(path.to_string(), data.to_vec()).is_some() {
            return Err(TakeoutError::Duplicate(path.to_string()));
        }
        self.order.push(path.to_string());
        Ok(())
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> TakeoutError + '_ {
    move |source| TakeoutError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the files under a directory.
#[derive(Debug)]
pub struct DirSink {
    root: PathBuf,
    pub bytes: u64,
}

impl DirSink {
    pub fn new(root: &Path) -> Result<Self, TakeoutError> {
        std::fs::create_dir_all(root).map_err(io(root))?;
        Ok(DirSink {
            root: root.to_path_buf(),
            bytes: 0,
        })
    }
}

impl Sink for DirSink {
    fn add(&mut self, path: &str, data: &[u8], _stored: bool) -> Result<(), TakeoutError> {
        let full = path
            .split('/')
            .fold(self.root.clone(), |acc, part| acc.join(part));
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::write(&full, data).map_err(io(&full))?;
        self.bytes += data.len() as u64;
        Ok(())
    }
}

fn zip_err(path: &Path) -> impl FnOnce(zip::result::ZipError) -> TakeoutError + '_ {
    move |e| TakeoutError::Archive {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// One or more standalone zip files; file `i` goes to part `i mod N` (round robin).
pub struct ZipSink {
    parts: Vec<(PathBuf, zip::ZipWriter<BufWriter<File>>)>,
    options: SimpleFileOptions,
    next: usize,
}

impl ZipSink {
    pub fn new(paths: &[PathBuf], now: Timestamp) -> Result<Self, TakeoutError> {
        let mut parts = Vec::with_capacity(paths.len());
        for path in paths {
            let file = File::create(path).map_err(io(path))?;
            parts.push((path.clone(), zip::ZipWriter::new(BufWriter::new(file))));
        }
        let utc = jiff::tz::TimeZone::UTC.to_datetime(now);
        let to_u8 = |v: i8| u8::try_from(v).unwrap_or(0);
        let stamp = zip::DateTime::from_date_and_time(
            u16::try_from(utc.year()).unwrap_or(1980),
            to_u8(utc.month()),
            to_u8(utc.day()),
            to_u8(utc.hour()),
            to_u8(utc.minute()),
            to_u8(utc.second()),
        )
        .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(stamp)
            .unix_permissions(0o644);
        Ok(ZipSink {
            parts,
            options,
            next: 0,
        })
    }

    /// Writes the central directories; returns the part paths.
    pub fn finish(self) -> Result<Vec<PathBuf>, TakeoutError> {
        let mut out = Vec::with_capacity(self.parts.len());
        for (path, writer) in self.parts {
            let mut buf = writer.finish().map_err(zip_err(&path))?;
            buf.flush().map_err(io(&path))?;
            out.push(path);
        }
        Ok(out)
    }
}

impl Sink for ZipSink {
    fn add(&mut self, path: &str, data: &[u8], stored: bool) -> Result<(), TakeoutError> {
        let n = self.parts.len().max(1);
        let options = if stored {
            self.options
                .compression_method(zip::CompressionMethod::Stored)
                .compression_level(None)
        } else {
            self.options
        };
        let Some((file, writer)) = self.parts.get_mut(self.next % n) else {
            return Ok(());
        };
        self.next += 1;
        writer.start_file(path, options).map_err(zip_err(file))?;
        writer.write_all(data).map_err(io(file))?;
        Ok(())
    }
}

/// One or more `.tgz` files (tar inside gzip); file `i` goes to part `i mod N`.
pub struct TgzSink {
    parts: Vec<(PathBuf, tar::Builder<GzEncoder<BufWriter<File>>>)>,
    mtime: u64,
    next: usize,
}

impl TgzSink {
    pub fn new(paths: &[PathBuf], now: Timestamp) -> Result<Self, TakeoutError> {
        let mut parts = Vec::with_capacity(paths.len());
        for path in paths {
            let file = File::create(path).map_err(io(path))?;
            let gz = GzEncoder::new(BufWriter::new(file), Compression::new(6));
            let mut builder = tar::Builder::new(gz);
            builder.mode(tar::HeaderMode::Deterministic);
            parts.push((path.clone(), builder));
        }
        Ok(TgzSink {
            parts,
            mtime: u64::try_from(now.as_second()).unwrap_or(0),
            next: 0,
        })
    }

    /// Writes the tar trailers and gzip footers; returns the part paths.
    pub fn finish(self) -> Result<Vec<PathBuf>, TakeoutError> {
        let mut out = Vec::with_capacity(self.parts.len());
        for (path, builder) in self.parts {
            let gz = builder.into_inner().map_err(io(&path))?;
            let mut buf = gz.finish().map_err(io(&path))?;
            buf.flush().map_err(io(&path))?;
            out.push(path);
        }
        Ok(out)
    }
}

impl Sink for TgzSink {
    fn add(&mut self, path: &str, data: &[u8], _stored: bool) -> Result<(), TakeoutError> {
        let n = self.parts.len().max(1);
        let Some((file, builder)) = self.parts.get_mut(self.next % n) else {
            return Ok(());
        };
        self.next += 1;
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(self.mtime);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, path, data)
            .map_err(io(file))?;
        Ok(())
    }
}
