//! Many TORRENT arguments at once: the `.torrent` files of a folder, the lines of a list file.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::error::Error;

/// The lines of a list of TORRENTs (`-` = stdin): blank lines and `#` comments skipped.
pub fn from_file(list: &Path, stdin: &mut dyn Read) -> Result<Vec<String>, Error> {
    let mut lines = Vec::new();
    each_line(list, stdin, &mut |line| {
        lines.push(line.to_string());
        Ok(())
    })?;
    Ok(lines)
}

/// Each line of a list of TORRENTs (`-` = stdin), read one at a time, so a list of a million
/// hashes is never held whole; blank lines and `#` comments skipped.
pub fn each_line(
    list: &Path,
    stdin: &mut dyn Read,
    f: &mut dyn FnMut(&str) -> Result<(), Error>,
) -> Result<(), Error> {
    let cannot = |e: std::io::Error| Error::input(format!("{}: cannot read: {e}", list.display()));
    let reader: Box<dyn BufRead + '_> = if list.as_os_str() == "-" {
        Box::new(std::io::BufReader::new(stdin))
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(list).map_err(cannot)?,
        ))
    };
    for line in reader.lines() {
        let line = line.map_err(cannot)?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            f(line)?;
        }
    }
    Ok(())
}

/// The `.torrent` files of a folder (and its subfolders with `recursive`), sorted.
pub fn torrent_files(dir: &std::path::Path, recursive: bool) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .map_err(|e| Error::input(format!("{}: cannot list: {e}", folder.display())))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let kind = entry
                .file_type()
                .map_err(|e| Error::input(format!("{}: {e}", path.display())))?;
            // A link to a .torrent counts (watch folders are often links); a link to a folder
            // is not followed, so a link loop cannot make --recursive endless.
            let is_file = if kind.is_symlink() {
                std::fs::metadata(&path).is_ok_and(|m| m.is_file())
            } else {
                kind.is_file()
            };
            if kind.is_dir() && recursive {
                pending.push(path);
            } else if is_file
                && path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("torrent"))
            {
                found.push(path.to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(Error::input(format!(
            "{}: no .torrent files",
            dir.display()
        )));
    }
    Ok(found)
}
