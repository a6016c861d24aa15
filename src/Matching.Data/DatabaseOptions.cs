namespace Matching.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which store to use. <see cref="ConnectionString"/> is an ADO.NET connection string for that provider:
/// <c>Data Source=data/matching.db</c> for SQLite (the folder is created), <c>Host=…;Database=…;Username=…</c> for PostgreSQL.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString);

/// <summary>A migration script failed; the database is left at the last script that succeeded.</summary>
public sealed class DatabaseMigrationException(string message, Exception? inner) : Exception(message, inner);
