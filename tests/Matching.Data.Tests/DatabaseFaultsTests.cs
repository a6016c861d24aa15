using Dapper;
using Matching.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>
/// What the API turns into 503 + Retry-After (a database that is down, restarting, or locked) and what stays a bug
/// (bad SQL, a constraint): real failures of both providers, classified.
/// </summary>
public sealed class DatabaseFaultsTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task A_closed_port_is_unavailable_and_the_name_carries_no_address()
    {
        await using var db = MatchingDatabase.Open(new DatabaseOptions(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3"));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Profiles.GetAsync("p_1", Ct));

        Assert.Equal("connection-refused", DatabaseFaults.Classify(error));
    }

    [Fact]
    public async Task A_session_the_server_terminated_is_unavailable_as_admin_shutdown()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var connection = new NpgsqlConnection(database.Options.ConnectionString);
        await connection.OpenAsync(Ct);
        var pid = connection.ProcessID;
        await using (var admin = new NpgsqlConnection(database.Options.ConnectionString))
            await admin.ExecuteAsync("SELECT pg_terminate_backend(@pid)", new { pid });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteScalarAsync<int>("SELECT 1"));

        Assert.True(DatabaseFaults.IsUnavailable(error), error.ToString());
    }

    [Fact]
    public async Task A_sqlite_file_locked_beyond_the_busy_timeout_is_unavailable()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = MatchingDatabase.Open(database.Options);
        await db.MigrateAsync(Ct);
        await using var holder = new SqliteConnection(database.Options.ConnectionString);
        await holder.OpenAsync(Ct);
        await holder.ExecuteAsync("BEGIN IMMEDIATE");
        var impatient = new SqliteConnectionStringBuilder(database.Options.ConnectionString) { DefaultTimeout = 1, Pooling = false }.ToString();
        await using var writer = new SqliteConnection(impatient);
        await writer.OpenAsync(Ct);
        await writer.ExecuteAsync("PRAGMA busy_timeout = 0");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => writer.ExecuteAsync("BEGIN IMMEDIATE"));

        Assert.Equal("sqlite-busy", DatabaseFaults.Classify(error));
        await holder.ExecuteAsync("ROLLBACK");
    }

    [Fact]
    public async Task Bad_sql_and_a_constraint_are_not_unavailability()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await using var db = MatchingDatabase.Open(database.Options);
        await db.MigrateAsync(Ct);
        await db.Profiles.UpsertAsync(Write("same-ext", ("python", 0.5)), Compose, Ct);
        await using var connection = await db.OpenConnectionAsync(Ct);

        var badSql = await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("SELECT no_such_column FROM profiles"));
        var duplicate = await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync(
            "INSERT INTO profiles (id, external_id) SELECT id, external_id FROM profiles LIMIT 1"));

        Assert.False(DatabaseFaults.IsUnavailable(badSql));
        Assert.False(DatabaseFaults.IsUnavailable(duplicate));
    }
}
