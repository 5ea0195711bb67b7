//! Writing the crate: all or nothing. The new tree is written beside the target and
//! swapped in with renames, so a failure or a kill leaves the previous tree intact.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::Files;

/// Differences between the files on disk and the files the generator would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files the generator writes that do not exist.
    pub missing: Vec<String>,
    /// Files on disk that the generator does not write (they would be deleted).
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares `files` with the tree at `out` without changing anything.
pub fn check(out: &Path, files: &Files) -> std::io::Result<Drift> {
    let mut drift = Drift::default();
    for (path, contents) in files {
        match fs::read(out.join(path)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => drift.changed.push(path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => drift.missing.push(path.clone()),
            Err(e) => return Err(e),
        }
    }
    if out.exists() {
        for path in list_files(out)? {
            if !files.contains_key(&path) {
                drift.extra.push(path);
            }
        }
    }
    Ok(drift)
}

/// Replaces the tree at `out` with exactly `files`.
pub fn write_atomically(out: &Path, files: &Files) -> std::io::Result<()> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} has no file name", out.display())))?
        .to_string_lossy()
        .into_owned();
    recover(parent, &name)?;
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    write_synced(&staging, files)?;
    // Lets a test kill a run at the worst moment: everything staged, nothing swapped yet.
    if let Some(pause) =
        std::env::var("OPENAPI_RUST_GEN_PAUSE_BEFORE_SWAP_MS").ok().and_then(|v| v.parse().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(pause));
    }
    if out.exists() {
        fs::rename(out, &previous)?;
    }
    fs::rename(&staging, out)?;
    if previous.exists() {
        fs::remove_dir_all(&previous)?;
    }
    Ok(())
}

/// How many threads write and flush the staged files.
const WRITERS: usize = 4;

/// Writes every file below `root` and flushes each to the disk, on a few threads: most of
/// the time goes to waiting for the disk to confirm each flush, and those waits overlap.
fn write_synced(root: &Path, files: &Files) -> std::io::Result<()> {
    let files: Vec<(&String, &String)> = files.iter().collect();
    let per_writer = files.len().div_ceil(WRITERS).max(1);
    std::thread::scope(|scope| {
        let writers: Vec<_> = files
            .chunks(per_writer)
            .map(|chunk| {
                scope.spawn(move || -> std::io::Result<()> {
                    for (path, contents) in chunk {
                        let target = root.join(path);
                        if let Some(dir) = target.parent() {
                            fs::create_dir_all(dir)?;
                        }
                        let mut file = fs::File::create(&target)?;
                        file.write_all(contents.as_bytes())?;
                        file.sync_all()?;
                    }
                    Ok(())
                })
            })
            .collect();
        writers.into_iter().try_for_each(|writer| {
            writer.join().unwrap_or_else(|_| Err(std::io::Error::other("a writer thread panicked")))
        })
    })
}

/// Finishes or undoes a swap that a killed run left half done: if the target is missing
/// but the previous tree was moved aside, it is put back.
fn recover(parent: &Path, name: &str) -> std::io::Result<()> {
    let out = parent.join(name);
    let previous = parent.join(format!(".{name}.old"));
    if previous.exists() {
        if out.exists() {
            fs::remove_dir_all(&previous)?;
        } else {
            fs::rename(&previous, &out)?;
        }
    }
    Ok(())
}

/// Every file below `root`, as `/`-separated relative paths, sorted.
fn list_files(root: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    Ok(out)
}
