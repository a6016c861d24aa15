using Matching.Data;
using Microsoft.Data.Sqlite;

namespace Matching.Testing;

/// <summary>
/// A fresh, empty database for either provider: a SQLite file in a temp folder of its own, or a new database on
/// the shared <see cref="PostgresServer"/>. Deleted or dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly PostgresTestDatabase? _postgres;

    private TestDatabase(DatabaseOptions options, string? folder, PostgresTestDatabase? postgres)
    {
        Options = options;
        _folder = folder;
        _postgres = postgres;
    }

    public DatabaseOptions Options { get; }
    public DatabaseProvider Provider => Options.Provider;

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var database = await PostgresServer.CreateDatabaseAsync();
            return new TestDatabase(new DatabaseOptions(provider, database.ConnectionString), null, database);
        }
        var folder = Path.Combine(Path.GetTempPath(), "matching-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "matching.db") }.ToString();
        return new TestDatabase(new DatabaseOptions(provider, connectionString), folder, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_folder is null) return;
        using (var connection = new SqliteConnection(Options.ConnectionString)) SqliteConnection.ClearPool(connection);
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
