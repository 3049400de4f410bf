//! Themes: templates, CSS, fonts and the PDF style. The default theme is
//! compiled into the binary; a theme folder overrides it file by file.

mod strings;
pub use strings::{STRINGS_FILE, Strings};

use crate::error::{Error, Result};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Built-in files of the default theme, by path relative to the theme folder.
pub static DEFAULT_FILES: &[(&str, &[u8])] = &[
    (
        "html/article.html",
        include_bytes!("../../themes/default/html/article.html"),
    ),
    (
        "html/index.html",
        include_bytes!("../../themes/default/html/index.html"),
    ),
    (
        "css/article.css",
        include_bytes!("../../themes/default/css/article.css"),
    ),
    (
        "epub/style.css",
        include_bytes!("../../themes/default/epub/style.css"),
    ),
    (
        "pdf/style.toml",
        include_bytes!("../../themes/default/pdf/style.toml"),
    ),
    (
        "fonts/NotoSerif-Regular.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Regular.ttf"),
    ),
    (
        "fonts/NotoSerif-Italic.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Italic.ttf"),
    ),
    (
        "fonts/NotoSerif-Bold.ttf",
        include_bytes!("../../themes/default/fonts/NotoSerif-Bold.ttf"),
    ),
    (
        "fonts/NotoSans-Bold.ttf",
        include_bytes!("../../themes/default/fonts/NotoSans-Bold.ttf"),
    ),
    (
        "fonts/NotoSansMono-Regular.ttf",
        include_bytes!("../../themes/default/fonts/NotoSansMono-Regular.ttf"),
    ),
    (
        "epub/chapter.xhtml",
        include_bytes!("../../themes/default/epub/chapter.xhtml"),
    ),
    (
        "strings.toml",
        include_bytes!("../../themes/default/strings.toml"),
    ),
    (
        "fonts/OFL.txt",
        include_bytes!("../../themes/default/fonts/OFL.txt"),
    ),
];

/// A theme: the built-in default, optionally overridden from a folder.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Folder whose files override the built-in ones.
    pub dir: Option<PathBuf>,
}

/// Largest theme file read (a stylesheet or template is a few KB).
pub const MAX_THEME_FILE: u64 = 16 << 20;

/// Reads theme file `p` of folder `dir`: only a regular file inside the theme
/// folder (after following symlinks), of at most [`MAX_THEME_FILE`] bytes. A
/// link to `/etc/passwd` or a FIFO is an error, never published or waited on.
fn read_override(dir: &Path, p: &Path) -> Result<Vec<u8>> {
    let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let real = std::fs::canonicalize(p).map_err(|e| Error::io(p, e))?;
    if !real.starts_with(&root) {
        return Err(Error::input(
            p,
            format!(
                "theme file resolves to {}, outside the theme folder; galley reads theme files only inside it",
                real.display()
            ),
        ));
    }
    let meta = std::fs::metadata(&real).map_err(|e| Error::io(p, e))?;
    if !meta.is_file() {
        return Err(Error::input(
            p,
            "theme file is not a regular file (a FIFO, device or folder)",
        ));
    }
    if meta.len() > MAX_THEME_FILE {
        return Err(Error::TooLarge {
            path: p.to_path_buf(),
            limit: MAX_THEME_FILE,
        });
    }
    std::fs::read(&real).map_err(|e| Error::io(p, e))
}

impl Theme {
    /// A theme whose files in `dir` override the defaults.
    pub fn from_dir(dir: impl Into<PathBuf>) -> Result<Self> {
        let dir = dir.into();
        if !dir.is_dir() {
            return Err(Error::input(
                &dir,
                "theme folder not found (use `galley theme export` to create one)",
            ));
        }
        Ok(Theme { dir: Some(dir) })
    }

    /// The bytes of theme file `name` (`css/article.css`): the override when
    /// the theme folder has it, else the built-in one.
    pub fn file(&self, name: &str) -> Result<Cow<'static, [u8]>> {
        if let Some(dir) = &self.dir {
            let p = dir.join(name);
            if std::fs::symlink_metadata(&p).is_ok() {
                return read_override(dir, &p).map(Cow::Owned);
            }
        }
        DEFAULT_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| Cow::Borrowed(*b))
            .ok_or_else(|| Error::input(name, "no such theme file"))
    }

    /// Theme file as text.
    pub fn text(&self, name: &str) -> Result<String> {
        let bytes = self.file(name)?;
        String::from_utf8(bytes.into_owned())
            .map_err(|_| Error::input(name, "theme file is not UTF-8"))
    }

    /// The user-visible strings for language `lang` (`strings.toml`: the
    /// theme folder's tables over the built-in ones).
    ///
    /// # Errors
    /// When the theme's `strings.toml` cannot be read or is not tables of
    /// strings.
    pub fn strings(&self, lang: &str) -> Result<Strings> {
        let own = match &self.dir {
            Some(dir) if std::fs::symlink_metadata(dir.join(STRINGS_FILE)).is_ok() => {
                Some(self.text(STRINGS_FILE)?)
            }
            _ => None,
        };
        Strings::load(own.as_deref(), lang)
    }

    /// Writes every built-in file into `dir` (for `galley theme export`);
    /// refuses to overwrite existing files.
    pub fn export(dir: &Path) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (name, bytes) in DEFAULT_FILES {
            let p = dir.join(name);
            if p.exists() {
                return Err(Error::input(&p, "already exists; not overwriting"));
            }
            crate::fsio::write_atomic(&p, bytes)?;
            written.push(p);
        }
        Ok(written)
    }
}
