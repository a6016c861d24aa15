using Matching.Testing;

namespace Matching.Data.Tests;

/// <summary>
/// One migrated database per test class (xunit class fixture), plus fresh empty ones on request. The store tests
/// are written once against this and run once per provider.
/// </summary>
public abstract class DatabaseFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The class's database, migrated.</summary>
    public MatchingDatabase Db { get; private set; } = null!;

    /// <summary>A new empty database (not migrated), disposed with the fixture.</summary>
    public async Task<DatabaseOptions> CreateEmptyAsync()
    {
        var database = await TestDatabase.CreateAsync(Provider);
        lock (_owned) _owned.Add(database);
        return database.Options;
    }

    /// <summary>Opens a database; it is disposed with the fixture (before the database itself is removed).</summary>
    public MatchingDatabase Open(DatabaseOptions options)
    {
        var db = MatchingDatabase.Open(options);
        lock (_owned) _owned.Add(db);
        return db;
    }

    public async Task InitializeAsync()
    {
        Db = Open(await CreateEmptyAsync());
        await Db.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        List<IAsyncDisposable> owned;
        lock (_owned) owned = [.. _owned];
        owned.Reverse();
        foreach (var item in owned) await item.DisposeAsync();
    }
}

public sealed class SqliteFixture : DatabaseFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresFixture : DatabaseFixture
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
