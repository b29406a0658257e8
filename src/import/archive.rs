//! The files of an export, wherever they are: one or several `.zip` parts, a `.tgz`, or an
//! extracted folder. Entries are listed first (names and sizes, nothing inflated), then read
//! one at a time, so a health file is the most that is ever in memory and the huge non-health
//! entries (`UserActivityProbabilities`, …) are never inflated from a zip or a folder. A
//! `.tgz` can only be read front to back: it is streamed once per pass, skipping (but, being
//! one gzip stream, necessarily inflating) what is not asked for.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest single file read into memory (the biggest health files are tens of MB).
pub const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;

/// What [`Export::read_each`] calls with each entry: its bytes, or why they could not be read.
pub type Visit<'a> = dyn FnMut(&Entry, Result<Vec<u8>, String>) + 'a;

/// Where one entry lives.
#[derive(Debug, Clone)]
enum Location {
    Zip { part: usize, index: usize },
    Dir(PathBuf),
    Tar { part: usize },
}

/// One file of the export.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Its path inside the export (`/`-separated), as listed.
    pub name: String,
    /// Uncompressed size in bytes.
    pub size: u64,
    location: Location,
}

/// What cannot be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a readable zip archive ({detail})", path.display())]
    Zip { path: PathBuf, detail: String },
    #[error("{}: not a zip, a .tgz or a folder", path.display())]
    Unknown { path: PathBuf },
}

#[derive(Debug)]
enum Part {
    Zip(PathBuf),
    Tgz(PathBuf),
    Dir,
}

/// Every part of one export, merged.
#[derive(Debug)]
pub struct Export {
    parts: Vec<Part>,
    entries: Vec<Entry>,
    /// Bytes of all the parts on disk.
    pub disk_bytes: u64,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ArchiveError + '_ {
    move |source| ArchiveError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn zip_err(path: &Path, e: &zip::result::ZipError) -> ArchiveError {
    ArchiveError::Zip {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Whether `name` (any case) ends like a gzipped tar.
#[allow(clippy::case_sensitive_file_extension_comparisons)] // lower-cased first
fn is_tgz(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".tgz") || name.ends_with(".tar.gz")
}

impl Export {
    /// Opens and lists every path (zips by their central directory, folders by walking them,
    /// a `.tgz` by one streamed pass over its headers).
    pub fn open(paths: &[PathBuf]) -> Result<Export, ArchiveError> {
        let mut export = Export {
            parts: Vec::new(),
            entries: Vec::new(),
            disk_bytes: 0,
        };
        for path in paths {
            let meta = std::fs::metadata(path).map_err(io_err(path))?;
            let part = export.parts.len();
            if meta.is_dir() {
                export.parts.push(Part::Dir);
                let mut files = Vec::new();
                walk(path, &mut files).map_err(io_err(path))?;
                files.sort();
                for file in files {
                    let size = std::fs::metadata(&file).map_or(0, |m| m.len());
                    export.disk_bytes += size;
                    let rel = file.strip_prefix(path).unwrap_or(&file);
                    let name = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    export.entries.push(Entry {
                        name,
                        size,
                        location: Location::Dir(file),
                    });
                }
            } else if is_tgz(path) {
                export.disk_bytes += meta.len();
                export.parts.push(Part::Tgz(path.clone()));
                let mut listed = Vec::new();
                export.tar_pass(part, &mut |name, size, _| {
                    listed.push((name.to_string(), size));
                    None
                })?;
                for (name, size) in listed {
                    export.entries.push(Entry {
                        name,
                        size,
                        location: Location::Tar { part },
                    });
                }
            } else {
                export.disk_bytes += meta.len();
                let file = File::open(path).map_err(io_err(path))?;
                let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
                    if matches!(e, zip::result::ZipError::InvalidArchive(_)) && !looks_zip(path) {
                        ArchiveError::Unknown { path: path.clone() }
                    } else {
                        zip_err(path, &e)
                    }
                })?;
                export.parts.push(Part::Zip(path.clone()));
                for index in 0..zip.len() {
                    let Ok(file) = zip.by_index_raw(index) else {
                        continue;
                    };
                    if file.is_dir() {
                        continue;
                    }
                    export.entries.push(Entry {
                        name: file.name().to_string(),
                        size: file.size(),
                        location: Location::Zip { part, index },
                    });
                }
            }
        }
        Ok(export)
    }

    /// Every file listed, in archive order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Whether reading needs front-to-back passes (a `.tgz` part).
    pub fn streamed(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Tgz(_)))
    }

    /// Reads `entries` (of this export), calling `f` with each one's bytes or why it could
    /// not be read. Zips and folders are read in the order given; `.tgz` parts in one pass
    /// each, in archive order.
    pub fn read_each(&self, entries: &[&Entry], f: &mut Visit<'_>) -> Result<(), ArchiveError> {
        let mut zips: Vec<Option<zip::ZipArchive<BufReader<File>>>> =
            self.parts.iter().map(|_| None).collect();
        let mut tar_parts: Vec<usize> = Vec::new();
        for entry in entries {
            match &entry.location {
                Location::Dir(path) => {
                    let bytes = if entry.size > MAX_ENTRY_BYTES {
                        Err(too_big(entry.size))
                    } else {
                        std::fs::read(path).map_err(|e| e.to_string())
                    };
                    f(entry, bytes);
                }
                Location::Zip { part, index } => {
                    let Part::Zip(path) = &self.parts[*part] else {
                        continue;
                    };
                    if zips[*part].is_none() {
                        let file = File::open(path).map_err(io_err(path))?;
                        zips[*part] = Some(
                            zip::ZipArchive::new(BufReader::new(file))
                                .map_err(|e| zip_err(path, &e))?,
                        );
                    }
                    let Some(zip) = zips[*part].as_mut() else {
                        continue;
                    };
                    f(entry, read_zip_entry(zip, *index, entry.size));
                }
                Location::Tar { part } => {
                    if !tar_parts.contains(part) {
                        tar_parts.push(*part);
                    }
                }
            }
        }
        for part in tar_parts {
            let wanted: std::collections::HashMap<&str, &Entry> = entries
                .iter()
                .filter(|e| matches!(e.location, Location::Tar { part: p } if p == part))
                .map(|e| (e.name.as_str(), *e))
                .collect();
            self.tar_pass(part, &mut |name, _, reader| {
                let entry = wanted.get(name)?;
                let mut bytes = Vec::with_capacity(entry.size.min(MAX_ENTRY_BYTES) as usize);
                let result = if entry.size > MAX_ENTRY_BYTES {
                    Err(too_big(entry.size))
                } else {
                    reader
                        .read_to_end(&mut bytes)
                        .map(|_| bytes)
                        .map_err(|e| e.to_string())
                };
                f(entry, result);
                Some(())
            })?;
        }
        Ok(())
    }

    /// One front-to-back pass over a `.tgz` part: `visit(name, size, reader)` for each file.
    fn tar_pass(
        &self,
        part: usize,
        visit: &mut dyn FnMut(&str, u64, &mut dyn Read) -> Option<()>,
    ) -> Result<(), ArchiveError> {
        let Part::Tgz(path) = &self.parts[part] else {
            return Ok(());
        };
        let file = File::open(path).map_err(io_err(path))?;
        let gz = flate2::read::GzDecoder::new(BufReader::new(file));
        let mut tar = tar::Archive::new(gz);
        let entries = tar.entries().map_err(io_err(path))?;
        for entry in entries {
            // A truncated or corrupt stream ends the pass; what was read stands.
            let Ok(mut entry) = entry else {
                tracing::warn!("{}: the archive ends early", path.display());
                break;
            };
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let Ok(name) = entry.path().map(|p| p.to_string_lossy().into_owned()) else {
                continue;
            };
            let size = entry.size();
            visit(&name, size, &mut entry);
        }
        Ok(())
    }
}

fn too_big(size: u64) -> String {
    format!(
        "{} MB: larger than any health file ({} MB at most)",
        size / 1_000_000,
        MAX_ENTRY_BYTES / 1_000_000
    )
}

fn read_zip_entry(
    zip: &mut zip::ZipArchive<BufReader<File>>,
    index: usize,
    size: u64,
) -> Result<Vec<u8>, String> {
    if size > MAX_ENTRY_BYTES {
        return Err(too_big(size));
    }
    let mut file = zip.by_index(index).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(size as usize);
    // `take`: a lying size in a damaged header cannot make the read unbounded.
    (&mut file)
        .take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// Whether the file starts like a zip (so a "not a zip" message is not shown for a damaged
/// one).
fn looks_zip(path: &Path) -> bool {
    let mut magic = [0u8; 2];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| &magic == b"PK")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&entry.path(), out)?;
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    Ok(())
}
