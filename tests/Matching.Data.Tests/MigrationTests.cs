using System.Data.Common;
using Dapper;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>Migrations and health, run against SQLite and PostgreSQL alike.</summary>
public abstract class MigrationTests(DatabaseFixture fixture)
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var db = fixture.Db;
        var (profile, _) = await db.Profiles.UpsertAsync(Write(NewExternalId(), ("python", 0.5)), Compose, Ct);

        db.Migrate();
        await db.MigrateAsync(Ct);

        Assert.NotNull(await db.Profiles.GetAsync(profile.Id, Ct));
        Assert.Equal(db.MigrationScripts.Count, await JournalCountAsync(db));
        Assert.True((await db.Health.CheckAsync(Ct)).Ok);
    }

    [Fact]
    public async Task Every_migration_script_of_the_provider_is_embedded_in_order()
    {
        var scripts = fixture.Db.MigrationScripts;

        Assert.NotEmpty(scripts);
        Assert.EndsWith($".{fixture.Provider}.0001_initial.sql", scripts[0]);
        Assert.Equal(scripts.Order(StringComparer.Ordinal), scripts);
        Assert.All(scripts, s => Assert.Contains($".Migrations.{fixture.Provider}.", s));
    }

    [Fact]
    public async Task A_fresh_database_is_not_ready_until_migrated()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());

        var before = await db.Health.CheckAsync(Ct);
        await db.MigrateAsync(Ct);
        var after = await db.Health.CheckAsync(Ct);

        Assert.False(before.Ok);
        Assert.Contains("not migrated", before.Detail);
        Assert.True(after.Ok, after.Detail);
        Assert.Equal(0, await db.Profiles.CountAsync(Ct));
    }

    [Fact]
    public async Task Replicas_migrating_one_fresh_database_at_once_all_succeed()
    {
        var options = await fixture.CreateEmptyAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => fixture.Open(options)).ToList();

        await Task.WhenAll(replicas.Select(r => Task.Run(() => r.MigrateAsync(Ct))));

        Assert.Equal(replicas[0].MigrationScripts.Count, await JournalCountAsync(replicas[0]));
        foreach (var r in replicas) Assert.True((await r.Health.CheckAsync(Ct)).Ok);
    }

    [Fact]
    public async Task A_failing_migration_names_its_script_and_leaves_nothing_half_applied()
    {
        var db = fixture.Open(await fixture.CreateEmptyAsync());
        await using (var connection = await db.OpenConnectionAsync(Ct))
            await connection.ExecuteAsync("CREATE TABLE jobs (unrelated INTEGER)"); // collides with 0001_initial

        var e = await Assert.ThrowsAsync<DatabaseMigrationException>(() => db.MigrateAsync(Ct));

        Assert.Contains("0001_initial.sql", e.Message);
        Assert.False((await db.Health.CheckAsync(Ct)).Ok);
        await using var check = await db.OpenConnectionAsync(Ct);
        await Assert.ThrowsAnyAsync<DbException>(() => check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM profiles"));
    }

    [Fact]
    public async Task An_unreachable_database_is_reported_not_ready_and_cannot_be_migrated()
    {
        var unreachable = fixture.Provider == DatabaseProvider.Postgres
            ? new DatabaseOptions(DatabaseProvider.Postgres, "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3")
            : new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.GetTempPath()}"); // a folder, not a file
        var db = fixture.Open(unreachable);

        var health = await db.Health.CheckAsync(Ct);

        Assert.False(health.Ok);
        Assert.Contains("not reachable", health.Detail);
        await Assert.ThrowsAsync<DatabaseMigrationException>(() => db.MigrateAsync(Ct));
    }

    [Fact]
    public void A_connection_string_that_is_not_one_is_refused_on_open()
    {
        Assert.Throws<ArgumentException>(() => MatchingDatabase.Open(new DatabaseOptions(fixture.Provider, "")));
        Assert.Throws<ArgumentException>(() => MatchingDatabase.Open(new DatabaseOptions(fixture.Provider, "Nonsense Keyword=1")));
    }

    private static async Task<long> JournalCountAsync(MatchingDatabase db)
    {
        await using var connection = await db.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_versions");
    }
}

public sealed class SqliteMigrationTests(SqliteFixture fixture) : MigrationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresMigrationTests(PostgresFixture fixture) : MigrationTests(fixture), IClassFixture<PostgresFixture>;
