//! Is the file at the store's path a panel store? Asked before anything is
//! written to it.
//!
//! A `panel.db` can be something else: a folder, an empty file, another
//! program's SQLite database that happens to carry the name. Opening such a
//! file the usual way would add tables and switch it to WAL, which changes a
//! file that is not panel's. So the file is first looked at read-only: a
//! panel store carries panel's `application_id` in its header; a store made
//! before that mark existed is recognised by its schema version and tables,
//! and gets the mark when it is next opened for writing.

use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::Result;
use rusqlite::{Connection, OpenFlags};

use super::{StoreError, classify, migrations};

/// `PRAGMA application_id` of a panel store: "PANL".
pub const APPLICATION_ID: i32 = 0x5041_4E4C;

/// The tables every panel store has had since its first schema.
const FIRST_TABLES: [&str; 4] = ["ledger", "meta", "receipts", "shared_content"];

/// Checks that `path` (which exists) is a panel store without changing it.
pub fn check(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| super::classify_io(e, path))?;
    if meta.is_dir() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what: "a folder",
        }
        .into());
    }
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
            what: "not a regular file",
        }
        .into());
    }
    if meta.len() == 0 {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            detail: "it is empty (0 bytes)".into(),
        }
        .into());
    }
    let mut header = [0u8; 16];
    let read = fs::File::open(path)
        .and_then(|mut f| f.read(&mut header))
        .map_err(|e| super::classify_io(e, path))?;
    if read < 16 || &header != b"SQLite format 3\0" {
        return Err(StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: "file is not a database".into(),
        }
        .into());
    }
    let conn = open_read_only(path)?;
    recognise(&conn, path)
}

/// A read-only connection that changes nothing on disk. In a folder that
/// cannot be written, a WAL store cannot make its `-shm` file, so it is
/// opened as immutable: nobody can be writing it there.
pub fn open_read_only(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let plain = Connection::open_with_flags(path, flags)
        .and_then(|c| probe(&c).map(|()| c))
        .map_err(|e| classify(e, path));
    match plain {
        Ok(conn) => Ok(conn),
        Err(e) if is_store_error(&e) && !cannot_open(&e) => Err(e),
        Err(_) => {
            let uri = format!("file:{}?immutable=1", uri_path(path));
            let conn = Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
                .map_err(|e| classify(e, path))?;
            probe(&conn).map_err(|e| classify(e, path))?;
            Ok(conn)
        }
    }
}

fn probe(conn: &Connection) -> rusqlite::Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))
}

fn is_store_error(e: &anyhow::Error) -> bool {
    e.downcast_ref::<StoreError>().is_some()
}

fn cannot_open(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<StoreError>(),
        Some(StoreError::ReadOnly { .. } | StoreError::Io { .. })
    )
}

/// A path as the path part of a `file:` URI.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for &byte in path.as_os_str().as_encoded_bytes() {
        match byte {
            b'%' | b'?' | b'#' => out.push_str(&format!("%{byte:02X}")),
            _ if byte.is_ascii() => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// Panel's mark, or a schema only panel makes.
fn recognise(conn: &Connection, path: &Path) -> Result<()> {
    let foreign = |detail: String| -> anyhow::Error {
        StoreError::Foreign {
            path: path.to_path_buf(),
            detail,
        }
        .into()
    };
    let pragma = |name: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
            .map_err(|e| classify(e, path))
    };
    let application_id = pragma("application_id")?;
    if application_id == i64::from(APPLICATION_ID) {
        return Ok(());
    }
    if application_id != 0 {
        return Err(foreign(format!(
            "its application_id is {application_id:#x}, another program's"
        )));
    }
    let version = pragma("user_version")?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .and_then(|mut stmt| {
            stmt.query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()
        })
        .map_err(|e| classify(e, path))?;
    let has_panel_tables = FIRST_TABLES.iter().all(|t| tables.iter().any(|n| n == t));
    if version >= 1 && has_panel_tables {
        // A newer panel's store is recognised here and refused as too new
        // by the migrations.
        return Ok(());
    }
    let shown = if tables.is_empty() {
        "no tables".to_string()
    } else {
        format!("tables {}", tables.join(", "))
    };
    Err(foreign(format!(
        "a SQLite database of another program (schema version {version}, {shown}; panel's are \
         version 1 to {} with {})",
        migrations::latest_version(),
        FIRST_TABLES.join(", ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_escape_what_a_uri_reserves() {
        assert_eq!(uri_path(Path::new("/a b/p?x#%.db")), "/a b/p%3Fx%23%25.db");
        assert_eq!(uri_path(Path::new("/ä/p.db")), "/%C3%A4/p.db");
    }

    #[test]
    fn a_foreign_database_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("panel.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x');")
                .unwrap();
        }
        let before = fs::read(&path).unwrap();
        let err = check(&path).unwrap_err();
        assert!(
            matches!(err.downcast_ref(), Some(StoreError::Foreign { .. })),
            "{err:#}"
        );
        assert!(err.to_string().contains("tables notes"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("panel.db-wal").exists());
    }
}
