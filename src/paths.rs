//! Where the panel keeps its files.
//!
//! `--home DIR` or `PANEL_HOME` puts the store and the configuration in one
//! folder; otherwise the data goes under `XDG_DATA_HOME` and the configuration
//! under `XDG_CONFIG_HOME`, and failing those the platform's usual places.
//! Relative paths are refused: a store that moves with the working directory
//! would split a panelist's receipts across folders without a word.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_file: PathBuf,
}

/// The environment that decides the paths, read once by `main`.
#[derive(Debug, Default, Clone)]
pub struct PathEnv {
    pub home_flag: Option<PathBuf>,
    pub panel_home: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
}

impl Paths {
    pub fn resolve(env: &PathEnv) -> Result<Paths> {
        if let Some(home) = &env.home_flag {
            return Ok(Paths::in_one_folder(absolute("--home", home)?));
        }
        if let Some(home) = &env.panel_home {
            return Ok(Paths::in_one_folder(absolute("PANEL_HOME", home)?));
        }
        let data_dir = match &env.xdg_data_home {
            Some(dir) => absolute("XDG_DATA_HOME", dir)?.join("panel"),
            None => project_dirs()?.data_dir().to_path_buf(),
        };
        let config_dir = match &env.xdg_config_home {
            Some(dir) => absolute("XDG_CONFIG_HOME", dir)?.join("panel"),
            None => project_dirs()?.config_dir().to_path_buf(),
        };
        Ok(Paths {
            data_dir,
            config_file: config_dir.join("config.toml"),
        })
    }

    fn in_one_folder(home: PathBuf) -> Paths {
        Paths {
            config_file: home.join("config.toml"),
            data_dir: home,
        }
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join("panel.db")
    }
}

fn absolute(source: &str, path: &Path) -> Result<PathBuf> {
    if path.as_os_str().is_empty() {
        bail!("{source} is empty; give an absolute path such as /home/me/.panel");
    }
    if !path.is_absolute() {
        bail!(
            "{source}={} is a relative path; give an absolute one such as /home/me/.panel",
            path.display()
        );
    }
    Ok(path.to_path_buf())
}

fn project_dirs() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "panel").context(
        "cannot find a home directory for the panel's files; set PANEL_HOME to an absolute path",
    )
}

/// Creates `dir` and whatever of its parents is missing, private to their
/// owner (0700). A folder that exists is left as it is: its mode is its
/// owner's choice (see [`home_warning`]).
pub fn create_private_dir(dir: &Path) -> Result<()> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => bail!(
            "{} exists but is not a folder; point --home or PANEL_HOME elsewhere",
            dir.display()
        ),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        Err(_) => {}
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    Ok(())
}

/// A warning when the existing folder `dir` lets other users in: the
/// store's own files are private (0600), but their names and sizes show.
pub fn home_warning(dir: &Path) -> Option<String> {
    let mode = fs::metadata(dir).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: other users can open the panel home {} (mode {:o}); `chmod 700 {}` makes \
             it private",
            dir.display(),
            mode & 0o7777,
            dir.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_flag_wins_over_everything() {
        let env = PathEnv {
            home_flag: Some("/a".into()),
            panel_home: Some("/b".into()),
            xdg_data_home: Some("/c".into()),
            xdg_config_home: Some("/d".into()),
        };
        let paths = Paths::resolve(&env).unwrap();
        assert_eq!(paths.database(), PathBuf::from("/a/panel.db"));
        assert_eq!(paths.config_file, PathBuf::from("/a/config.toml"));
    }

    #[test]
    fn xdg_folders_split_data_and_config() {
        let env = PathEnv {
            xdg_data_home: Some("/c".into()),
            xdg_config_home: Some("/d".into()),
            ..PathEnv::default()
        };
        let paths = Paths::resolve(&env).unwrap();
        assert_eq!(paths.database(), PathBuf::from("/c/panel/panel.db"));
        assert_eq!(paths.config_file, PathBuf::from("/d/panel/config.toml"));
    }

    #[test]
    fn relative_paths_are_refused() {
        for env in [
            PathEnv {
                home_flag: Some("rel".into()),
                ..PathEnv::default()
            },
            PathEnv {
                panel_home: Some("rel".into()),
                ..PathEnv::default()
            },
            PathEnv {
                xdg_data_home: Some("rel".into()),
                ..PathEnv::default()
            },
        ] {
            let err = Paths::resolve(&env).unwrap_err().to_string();
            assert!(err.contains("relative"), "{err}");
        }
    }
}
