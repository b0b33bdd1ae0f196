//! Opening the store's file: for writing (making a new store only where no
//! file exists) or for reading (creating nothing, read-only where the home
//! cannot be written).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;
use rusqlite::{Connection, MAIN_DB, OpenFlags};

use super::identity::{self, APPLICATION_ID};
use super::migrations;
use super::{BUSY_TIMEOUT, StoreError, classify, classify_anyhow, classify_io, is_busy, keys};

/// A read-write connection to the panel store at `path`, made first when no
/// file is there.
pub fn for_writing(path: &Path) -> Result<Connection> {
    let dir = folder_of(path);
    check_home(dir)?;
    crate::paths::create_private_dir(dir).map_err(|e| match e.downcast::<std::io::Error>() {
        Ok(io) => classify_io(io, dir),
        Err(other) => other,
    })?;
    if !exists(path)? {
        create_new(path)?;
    }
    identity::check(path)?;
    check_writable(dir, path)?;
    let conn = open_read_write(path)?;
    if conn.is_readonly(MAIN_DB).unwrap_or(false) {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            detail: "the file is write-protected".into(),
        }
        .into());
    }
    prepare(conn, path)
}

/// A connection to the existing panel store at `path`, or `None` when no
/// file is there. Read-write when the home allows it, so an older store is
/// brought up to date; read-only otherwise.
pub fn for_reading(path: &Path) -> Result<Option<Connection>> {
    check_home(folder_of(path))?;
    if !exists(path)? {
        return Ok(None);
    }
    identity::check(path)?;
    let writable = open_read_write(path).and_then(|conn| match conn.is_readonly(MAIN_DB) {
        Ok(false) => prepare(conn, path),
        _ => Err(anyhow::anyhow!("read-only")),
    });
    match writable {
        Ok(conn) => Ok(Some(conn)),
        Err(e) if is_fatal(&e) => Err(e),
        Err(_) => {
            let conn = identity::open_read_only(path)?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
            if version > migrations::latest_version() {
                return Err(migrations::too_new(path, version));
            }
            if version < migrations::latest_version() || keys::load(&conn)?.is_none() {
                return Err(StoreError::ReadOnly {
                    path: path.to_path_buf(),
                    detail: "the store was made by an older panel and must be brought up to date \
                             once, which needs writing"
                        .into(),
                }
                .into());
            }
            Ok(Some(conn))
        }
    }
}

/// Errors a read-only connection would not get around.
fn is_fatal(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(
            StoreError::TooNew { .. }
                | StoreError::Corrupt { .. }
                | StoreError::Foreign { .. }
                | StoreError::Busy { .. }
                | StoreError::DiskFull { .. }
        )
    )
}

fn folder_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("/"))
}

fn exists(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(classify_io(e, path)),
    }
}

/// Refuses a home that is a dangling symbolic link or not a folder.
pub fn check_home(dir: &Path) -> Result<()> {
    if let Ok(link) = fs::symlink_metadata(dir)
        && link.file_type().is_symlink()
        && fs::metadata(dir).is_err()
    {
        let target = fs::read_link(dir).unwrap_or_else(|_| PathBuf::from("?"));
        return Err(StoreError::DanglingHome {
            home: dir.to_path_buf(),
            target,
        }
        .into());
    }
    if let Ok(meta) = fs::metadata(dir)
        && !meta.is_dir()
    {
        return Err(StoreError::NotAFile {
            path: dir.to_path_buf(),
            what: "a file, not a folder",
        }
        .into());
    }
    Ok(())
}

/// SQLite needs to make `-wal` and `-shm` files beside the store; an
/// unnamed temporary file tells whether it can, and leaves nothing behind.
fn check_writable(dir: &Path, path: &Path) -> Result<()> {
    use std::io::ErrorKind;
    match tempfile::tempfile_in(dir) {
        Ok(_) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
            ) || e.raw_os_error() == Some(1) =>
        {
            Err(StoreError::ReadOnly {
                path: path.to_path_buf(),
                detail: format!("the folder {} cannot be written: {e}", dir.display()),
            }
            .into())
        }
        Err(_) => Ok(()),
    }
}

fn open_read_write(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))
}

/// The pragmas every connection needs, then the schema brought up to date.
fn prepare(mut conn: Connection, path: &Path) -> Result<Connection> {
    configure(&conn).map_err(|e| classify_anyhow(e, path))?;
    migrations::migrate(&mut conn, path).map_err(|e| classify_anyhow(e, path))?;
    mark(&conn).map_err(|e| classify_anyhow(e, path))?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Several processes opening an old store at once race to switch it to
    // WAL; the loser sees SQLITE_BUSY without the busy handler running.
    let mut attempts = 0;
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(_) => break,
            Err(e) if is_busy(&e) && attempts < 200 => {
                attempts += 1;
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(e) => return Err(e.into()),
        }
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// Gives a store made before panel marked its stores the mark.
fn mark(conn: &Connection) -> Result<()> {
    let id: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}

/// Makes a complete new store beside `path` and links it into place, so
/// that the name only ever holds a whole panel store. When another process
/// made one first, theirs is kept.
fn create_new(path: &Path) -> Result<()> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("panel.db");
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}.new-"))
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|e| classify_io(e, path))?;
    let result = (|| -> Result<()> {
        let mut conn = Connection::open(temp.path()).map_err(|e| classify(e, path))?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| classify(e, path))?;
        migrations::migrate(&mut conn, path).map_err(|e| classify_anyhow(e, path))?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
            .map_err(|e| classify(e, path))?;
        {
            let tx = conn.transaction().map_err(|e| classify(e, path))?;
            keys::load_or_create(&tx)?;
            tx.commit().map_err(|e| classify(e, path))?;
        }
        conn.close().map_err(|(_, e)| classify(e, path))?;
        match fs::hard_link(temp.path(), path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(classify_io(e, path)),
        }
    })();
    for suffix in ["-wal", "-shm"] {
        let mut side = temp.path().as_os_str().to_owned();
        side.push(suffix);
        let _ = fs::remove_file(side);
    }
    drop(temp);
    result
}
