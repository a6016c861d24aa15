using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Dapper;

namespace Matching.Data;

/// <summary>Who holds the scoring lock: <c>host:pid:nonce</c>, so a lock left by a dead process can be recognised.</summary>
internal static class LockOwner
{
    // The nonces of leases this process holds: a lock row naming this pid but another nonce was left by an earlier
    // process that had the same pid (a restarted container's process is pid 1 again).
    private static readonly ConcurrentDictionary<string, bool> Held = new(StringComparer.Ordinal);

    public static string Create()
    {
        var owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
        Held[owner] = true;
        return owner;
    }

    public static void Forget(string owner) => Held.TryRemove(owner, out _);

    /// <summary>True only when the owner was certainly a process of this host that is gone; unknown means alive.</summary>
    public static bool IsDead(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], out var pid))
            return false;
        if (pid == Environment.ProcessId) return !Held.ContainsKey(owner);
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}

/// <summary>
/// PostgreSQL: a session-level advisory lock on a connection of its own, held for the whole run. If the process dies
/// its connection closes and the server releases the lock at once; renewing checks the connection is still there.
/// </summary>
internal sealed class PostgresRunLease : IScoringLease
{
    // "Matching" in ASCII plus 3 and 4: the keys after the migration (…031) and change-feed (…032) locks in SqlDialect.cs.
    public const string ScoringLockKey = "5575865783963709034";
    public const string ReextractionLockKey = "5575865783963709035";

    private const string TryLock = "SELECT pg_try_advisory_lock({0})";
    private const string Unlock = "SELECT pg_advisory_unlock({0})";
    private const string Ping = "SELECT 1";

    private readonly DbConnection _connection;
    private readonly string _key;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private PostgresRunLease(DbConnection connection, string key, string owner)
    {
        _connection = connection;
        _key = key;
        Owner = owner;
    }

    public string Owner { get; }

    /// <param name="key">The advisory lock: <see cref="ScoringLockKey"/> for scoring runs, <see cref="ReextractionLockKey"/> for re-extraction.</param>
    public static async Task<IScoringLease?> TryAcquireAsync(SqlDialect db, string key, CancellationToken ct)
    {
        var connection = await db.OpenAsync(ct);
        try
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(string.Format(TryLock, key), cancellationToken: ct)))
                return new PostgresRunLease(connection, key, LockOwner.Create());
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await _connection.ExecuteScalarAsync<int>(new CommandDefinition(Ping, cancellationToken: ct));
            return true;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await _connection.ExecuteScalarAsync<bool>(new CommandDefinition(string.Format(Unlock, _key)));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            // The connection is gone, and the lock with it.
        }
        finally
        {
            await _connection.DisposeAsync();
            LockOwner.Forget(Owner);
            _gate.Release();
        }
    }
}

/// <summary>
/// SQLite: the single row of a lock table (<c>scoring_lock</c>, or <c>reextraction_lock</c> for re-extraction), held
/// while its owner keeps extending <c>expires_at</c>. A killed process stops extending it; the next run takes it once it
/// has expired, or at once when the owner was a process of this host that no longer exists.
/// </summary>
internal sealed class SqliteRunLease : IScoringLease
{
    /// <summary>A lock table and the name of its one row (the migrations allow only that name).</summary>
    public sealed record LockRow(string Table, string Name)
    {
        public static readonly LockRow Scoring = new("scoring_lock", "scoring");
        public static readonly LockRow Reextraction = new("reextraction_lock", "reextraction");
    }

    // {0} is the lock table; the row's name is a parameter.
    private const string Take = """
        INSERT INTO {0} (name, owner, acquired_at, expires_at)
        VALUES (@Name, @Owner, @Now, @Expires)
        ON CONFLICT (name) DO UPDATE
        SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
        WHERE {0}.expires_at < @Now OR {0}.owner = @DeadOwner
        """;

    private const string CurrentOwner = """
        SELECT owner FROM {0} WHERE name = @Name
        """;

    private const string Extend = """
        UPDATE {0} SET expires_at = @Expires WHERE name = @Name AND owner = @Owner
        """;

    private const string Release = """
        DELETE FROM {0} WHERE name = @Name AND owner = @Owner
        """;

    private readonly SqlDialect _db;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lease;
    private readonly LockRow _row;

    private SqliteRunLease(SqlDialect db, TimeProvider clock, TimeSpan lease, LockRow row, string owner)
    {
        _db = db;
        _clock = clock;
        _lease = lease;
        _row = row;
        Owner = owner;
    }

    public string Owner { get; }

    public static async Task<IScoringLease?> TryAcquireAsync(SqlDialect db, TimeProvider clock, TimeSpan lease, LockRow row,
        CancellationToken ct)
    {
        var owner = LockOwner.Create();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var holder = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            string.Format(CurrentOwner, row.Table), new { row.Name }, tx, cancellationToken: ct));
        var now = UtcTime.Now(clock);
        var taken = await connection.ExecuteAsync(new CommandDefinition(string.Format(Take, row.Table), new
        {
            row.Name,
            Owner = owner,
            Now = now,
            Expires = new UtcTime(now.Value + lease),
            DeadOwner = holder is not null && LockOwner.IsDead(holder) ? holder : null,
        }, tx, cancellationToken: ct));
        if (taken == 0)
        {
            LockOwner.Forget(owner);
            return null;
        }
        await tx.CommitAsync(ct);
        return new SqliteRunLease(db, clock, lease, row, owner);
    }

    public async Task<bool> RenewAsync(CancellationToken ct)
    {
        await using var connection = await _db.OpenAsync(ct);
        var now = UtcTime.Now(_clock);
        return await connection.ExecuteAsync(new CommandDefinition(string.Format(Extend, _row.Table),
            new { _row.Name, Owner, Expires = new UtcTime(now.Value + _lease) }, cancellationToken: ct)) == 1;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = await _db.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync(new CommandDefinition(string.Format(Release, _row.Table), new { _row.Name, Owner }));
        }
        finally
        {
            LockOwner.Forget(Owner);
        }
    }
}
