//! Schema migrations of both backends, in one list: each step has its
//! SQLite and its PostgreSQL text (empty where a backend needs nothing,
//! e.g. leases, which only several nodes need). A database records the
//! steps it has had; opening it applies the rest in order, each in its own
//! transaction with its version row.

/// One numbered schema step.
pub struct Migration {
    pub version: i64,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sqlite: include_str!("migrations/0001_initial.sqlite.sql"),
        postgres: include_str!("migrations/0001_initial.postgres.sql"),
    },
    Migration {
        version: 2,
        sqlite: "",
        postgres: include_str!("migrations/0002_leases.postgres.sql"),
    },
    Migration {
        version: 3,
        sqlite: include_str!("migrations/0003_attachments.sqlite.sql"),
        postgres: include_str!("migrations/0003_attachments.postgres.sql"),
    },
    Migration {
        version: 4,
        sqlite: "",
        postgres: include_str!("migrations/0004_node_events.postgres.sql"),
    },
];

const VERSIONS_TABLE: &str =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)";

/// Brings an SQLite database up to the newest step.
pub fn apply_sqlite(connection: &mut rusqlite::Connection) -> Result<(), rusqlite::Error> {
    connection.execute_batch(VERSIONS_TABLE)?;
    for migration in MIGRATIONS {
        let tx = connection.transaction()?;
        let done: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?1)",
            [migration.version],
            |r| r.get(0),
        )?;
        if !done {
            tx.execute_batch(migration.sqlite)?;
            tx.execute(
                "INSERT INTO schema_migrations (version) VALUES (?1)",
                [migration.version],
            )?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Brings a PostgreSQL database up to the newest step. Several nodes may
/// start at once: an advisory lock lets one migrate while the others wait.
pub async fn apply_postgres(
    client: &mut tokio_postgres::Client,
) -> Result<(), tokio_postgres::Error> {
    // Any fixed number: the key of "samenbord migrates" among advisory locks.
    const LOCK: i64 = 0x5a3e_b0d0;
    client
        .execute("SELECT pg_advisory_lock($1)", &[&LOCK])
        .await?;
    let result = async {
        client.batch_execute(VERSIONS_TABLE).await?;
        for migration in MIGRATIONS {
            let tx = client.transaction().await?;
            let done = tx
                .query_opt(
                    "SELECT 1 FROM schema_migrations WHERE version = $1",
                    &[&migration.version],
                )
                .await?
                .is_some();
            if !done {
                tx.batch_execute(migration.postgres).await?;
                tx.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)",
                    &[&migration.version],
                )
                .await?;
            }
            tx.commit().await?;
        }
        Ok(())
    }
    .await;
    client
        .execute("SELECT pg_advisory_unlock($1)", &[&LOCK])
        .await?;
    result
}
