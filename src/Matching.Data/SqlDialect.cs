using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Data;

/// <summary>
/// What differs between the providers: opening connections, the kind of transaction, list parameters and how the
/// change feed keeps commit order. The SQL itself is shared and lives in the stores.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    public abstract DatabaseProvider Provider { get; }

    public abstract ValueTask<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction for a write: nothing of it is visible until commit, and a failure leaves nothing.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A read-only transaction: several statements see one snapshot.</summary>
    public abstract ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A condition that <paramref name="column"/> is one of the values of the list parameter.</summary>
    public abstract string IsAnyOf(string column, string parameter);

    /// <summary>Run right before a change row is inserted; see <c>db/postgres/0001_initial.sql</c>.</summary>
    public abstract Task OrderChangeFeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    public abstract bool IsUniqueViolation(DbException exception);

    public abstract ValueTask DisposeAsync();
}

internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    // Advisory lock keys of this application: "Matching" in ASCII (0x4D61746368696E67), and the next number.
    public const string MigrationLockKey = "5575865783963709031";
    public const string ChangeFeedLockKey = "5575865783963709032";

    public NpgsqlDataSource DataSource => dataSource;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct) =>
        await dataSource.OpenConnectionAsync(ct);

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public override async ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    public override string IsAnyOf(string column, string parameter) => $"{column} = ANY({parameter})";

    // Sequences are handed out in nextval() order but become visible in commit order, so a reader polling
    // "seq > last" could pass over one that commits late. Serialising the last step of every profile write on one
    // transaction-scoped lock (held from just before the change row's nextval() until commit) makes the two orders
    // the same. The lock is taken last, after the row locks, so it is held for the shortest time and cannot deadlock.
    private const string LockChangeFeed = "SELECT pg_advisory_xact_lock(" + ChangeFeedLockKey + ")";

    public override Task OrderChangeFeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(LockChangeFeed, transaction: transaction, cancellationToken: ct));

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private readonly SqliteConnection? _keepAlive;
    private int _walChecked;

    public SqliteDialect(string connectionString, bool inMemory)
    {
        ConnectionString = connectionString;
        if (!inMemory) return;
        // A shared in-memory database lives as long as one connection to it is open.
        _keepAlive = new SqliteConnection(connectionString);
        _keepAlive.Open();
        _walChecked = 1;
    }

    public string ConnectionString { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    private const string ConnectionPragmas = "PRAGMA busy_timeout = 10000;";

    // WAL lets readers (and the match index's streaming read) run while one writer commits. It is a property of the
    // file, so it is set once, on the first connection.
    private const string WalPragma = "PRAGMA journal_mode = WAL;";

    public override async ValueTask<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(ConnectionPragmas, cancellationToken: ct));
            if (Volatile.Read(ref _walChecked) == 0)
            {
                await connection.ExecuteScalarAsync<string>(new CommandDefinition(WalPragma, cancellationToken: ct));
                Volatile.Write(ref _walChecked, 1);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // BEGIN IMMEDIATE takes the write lock up front: a transaction that reads and then writes can then never fail
    // half-way with SQLITE_BUSY, and writers commit one at a time, which also orders the change feed.
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override string IsAnyOf(string column, string parameter) => $"{column} IN {parameter}";

    public override Task OrderChangeFeedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        Task.CompletedTask;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public override async ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
        if (_keepAlive is not null) await _keepAlive.DisposeAsync();
    }
}
