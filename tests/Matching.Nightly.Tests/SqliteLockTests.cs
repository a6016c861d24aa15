using System.Diagnostics;
using System.Globalization;
using Dapper;
using Matching.Data;
using Microsoft.Data.Sqlite;

namespace Matching.Nightly.Tests;

/// <summary>SQLite has no advisory locks: the lock is a row with an owner and an expiry, recoverable after a crash.</summary>
public sealed class SqliteLockTests
{
    private static string At(TimeSpan fromNow) =>
        (DateTime.UtcNow + fromNow).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task HoldAsync(ScratchDatabase s, string owner, TimeSpan expiresIn)
    {
        await using var connection = new SqliteConnection(s.Options.ConnectionString);
        await connection.ExecuteAsync("""
            INSERT INTO scoring_lock (name, owner, acquired_at, expires_at) VALUES ('scoring', @Owner, @Now, @Expires)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            """, new { Owner = owner, Now = At(TimeSpan.Zero), Expires = At(expiresIn) });
    }

    [Fact]
    public async Task A_lock_left_by_a_dead_process_of_this_host_is_taken_over_at_once()
    {
        await using var s = await ScratchDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        await HoldAsync(s, $"{Environment.MachineName}:{gone.Id}:deadbeef", TimeSpan.FromHours(1));

        await using var lease = await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.NotNull(lease);
        Assert.StartsWith($"{Environment.MachineName}:{Environment.ProcessId}:", lease.Owner);
    }

    [Fact]
    public async Task A_lock_of_another_host_is_respected_until_its_lease_expires()
    {
        await using var s = await ScratchDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await HoldAsync(s, "some-other-host:1:cafebabe", TimeSpan.FromMinutes(5));
        Assert.Null(await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None));

        await HoldAsync(s, "some-other-host:1:cafebabe", TimeSpan.FromSeconds(-1));
        await using var lease = await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.NotNull(lease);
    }

    [Fact]
    public async Task A_live_lease_renews_and_knows_when_it_was_taken_over()
    {
        await using var s = await ScratchDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var first = await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(await first.RenewAsync(CancellationToken.None));
        Assert.Null(await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None));

        await HoldAsync(s, "some-other-host:1:cafebabe", TimeSpan.FromMinutes(5)); // e.g. it stalled past its lease
        Assert.False(await first.RenewAsync(CancellationToken.None));
    }
}
