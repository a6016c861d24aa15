using Dapper;
using Matching.Testing;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>What only the embedded store has to do: create its folder, use WAL, and work in memory.</summary>
public sealed class SqliteTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Opening_a_file_in_a_missing_folder_creates_the_folder_and_uses_WAL()
    {
        var folder = Path.Combine(Path.GetTempPath(), "matching-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
        var file = Path.Combine(folder, "nested", "matching.db");
        try
        {
            await using (var db = MatchingDatabase.Open(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file}")))
            {
                await db.MigrateAsync(Ct);
                await db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);
                await using var connection = await db.OpenConnectionAsync(Ct);
                Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
                Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
                Assert.True(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout") > 0);
            }
            Assert.True(File.Exists(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_in_memory_database_keeps_its_data_while_open()
    {
        await using var db = MatchingDatabase.Open(new DatabaseOptions(DatabaseProvider.Sqlite, "Data Source=:memory:"));
        await db.MigrateAsync(Ct);

        var (profile, _) = await db.Profiles.UpsertAsync(Write(NewExternalId(), ("pytorch", 0.5)), Compose, Ct);

        Assert.NotNull(await db.Profiles.GetAsync(profile.Id, Ct));
        Assert.True((await db.Health.CheckAsync(Ct)).Ok);
    }

    [Fact]
    public async Task Two_processes_worth_of_databases_on_one_file_see_each_others_writes()
    {
        await using var file = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var a = MatchingDatabase.Open(file.Options);
        await using var b = MatchingDatabase.Open(file.Options);
        await Task.WhenAll(a.MigrateAsync(Ct), b.MigrateAsync(Ct));

        var (profile, _) = await a.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);

        Assert.NotNull(await b.Profiles.GetAsync(profile.Id, Ct));
        Assert.Equal(await a.Profiles.CurrentSequenceAsync(Ct), await b.Profiles.CurrentSequenceAsync(Ct));
    }
}
