//! Reading a content folder: `templates/*.toml` and `programmes/*.toml`.
//!
//! The core parses and validates (it never touches the disk); this module
//! only lists and reads the files, checks that each file is named after the
//! id inside it and that no id is used twice, and collects every problem of
//! every file into one list.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fs;
use std::path::{Path, PathBuf};

use samenbord_core::content_error::ContentError;
use samenbord_core::ids::{ProgrammeId, TemplateId};
use samenbord_core::programme::{Programme, parse_programme};
use samenbord_core::template::{CardTemplate, parse_template};

/// Everything that loaded without problems.
#[derive(Debug, Clone, Default)]
pub struct ContentLibrary {
    pub templates: BTreeMap<TemplateId, CardTemplate>,
    pub programmes: BTreeMap<ProgrammeId, Programme>,
}

/// The library plus every problem found; a file with problems is left out
/// of the library.
#[derive(Debug, Clone, Default)]
pub struct LoadedContent {
    pub library: ContentLibrary,
    pub errors: Vec<ContentError>,
}

/// Why a folder could not be read as content at all.
#[derive(Debug, thiserror::Error)]
pub enum ContentDirError {
    #[error("{path}: not a content folder (expected a 'templates' folder inside it)")]
    NoTemplates { path: PathBuf },
    #[error("{path}: cannot list files: {source}")]
    List {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads every template, then every programme (checked against the
/// templates). A missing `programmes` folder means no programmes.
pub fn load(dir: &Path) -> Result<LoadedContent, ContentDirError> {
    let templates_dir = dir.join("templates");
    if !templates_dir.is_dir() {
        return Err(ContentDirError::NoTemplates {
            path: dir.to_owned(),
        });
    }
    let mut loaded = LoadedContent::default();
    for (file, text) in read_toml_files(&templates_dir, &mut loaded.errors)? {
        match parse_template(&file, &text) {
            Ok(template) => add(
                &mut loaded.library.templates,
                &mut loaded.errors,
                &file,
                template.id.clone(),
                template,
            ),
            Err(errors) => loaded.errors.extend(errors),
        }
    }
    let programmes_dir = dir.join("programmes");
    if programmes_dir.is_dir() {
        for (file, text) in read_toml_files(&programmes_dir, &mut loaded.errors)? {
            match parse_programme(&file, &text, &loaded.library.templates) {
                Ok(programme) => add(
                    &mut loaded.library.programmes,
                    &mut loaded.errors,
                    &file,
                    programme.id.clone(),
                    programme,
                ),
                Err(errors) => loaded.errors.extend(errors),
            }
        }
    }
    Ok(loaded)
}

/// Adds an item unless its id is already taken or differs from its file
/// name (`<id>.toml`), which keeps ids findable from the folder listing.
fn add<K, V>(map: &mut BTreeMap<K, V>, errors: &mut Vec<ContentError>, file: &str, id: K, item: V)
where
    K: Ord + std::fmt::Display,
{
    let stem = Path::new(file)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != id.to_string() {
        let message = format!("'{id}' does not match the file name: expected {id}.toml");
        errors.push(ContentError::new(file, "id", message));
        return;
    }
    match map.entry(id) {
        Entry::Vacant(slot) => {
            slot.insert(item);
        }
        Entry::Occupied(taken) => {
            let message = format!("'{}' is used by another file", taken.key());
            errors.push(ContentError::new(file, "id", message));
        }
    }
}

/// The `.toml` files of a folder, sorted by name, with their text. A file
/// that cannot be read is reported and skipped.
fn read_toml_files(
    dir: &Path,
    errors: &mut Vec<ContentError>,
) -> Result<Vec<(String, String)>, ContentDirError> {
    let list_error = |source| ContentDirError::List {
        path: dir.to_owned(),
        source,
    };
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).map_err(list_error)? {
        let path = entry.map_err(list_error)?.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match fs::read_to_string(&path) {
            Ok(text) => files.push((name, text)),
            Err(error) => errors.push(ContentError::new(name, "", format!("cannot read: {error}"))),
        }
    }
    Ok(files)
}
