using Matching.Data;
using Matching.Testing;

namespace Matching.Api.Tests;

/// <summary>One API over one fresh database for a test class; ready (index loaded) before the first test.</summary>
public abstract class ApiFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ApiFactory? _factory;

    public ApiFactory Factory => _factory ?? throw new InvalidOperationException("The fixture is not initialised.");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(provider);
        _factory = new ApiFactory(provider.ToString(), _database.Options.ConnectionString);
        await _factory.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }
}

public sealed class SqliteApiFixture() : ApiFixture(DatabaseProvider.Sqlite);

public sealed class PostgresApiFixture() : ApiFixture(DatabaseProvider.Postgres);
