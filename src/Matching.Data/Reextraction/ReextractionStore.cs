using System.Data.Common;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Profiles;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Data;

/// <summary>
/// Re-extraction runs on either provider. A profile's write is <see cref="ProfileStore.RewriteExtractionAsync"/>, the
/// ingest's path, with the run's checkpoint in the same transaction.
/// </summary>
internal sealed class ReextractionStore(SqlDialect db, ProfileStore profiles, TimeProvider clock) : IReextractionStore
{
    private const int SqliteForeignKeyViolation = 787;

    private const string RunColumns = """
        r.id AS Id, r.status AS Status, r.trigger AS Trigger, r.owner AS Owner, r.extractor_version AS ExtractorVersion,
        r.taxonomy_version AS TaxonomyVersion, r.started_at AS StartedAt, r.updated_at AS UpdatedAt,
        r.finished_at AS FinishedAt, r.last_profile_id AS LastProfileId, r.total AS Total, r.done AS Done,
        r.changed AS Changed, r.unchanged AS Unchanged, r.failed AS Failed, r.skipped AS Skipped, r.resumes AS Resumes,
        r.error AS Error
        """;

    // Synthetic profiles carry a placeholder questionnaire: never due, whatever the target (see 0030_extractor_versions.sql).
    private const string IsDue = """
        p.extractor_version <> 'synthetic' AND (p.extractor_version <> @Extractor OR p.taxonomy_version <> @Taxonomy)
        """;

    private const string DueColumns = """
        p.id AS Id, p.language AS Language, p.questionnaire AS Questionnaire, p.extractor_version AS ExtractorVersion,
        p.taxonomy_version AS TaxonomyVersion, p.updated_at AS UpdatedAt
        """;

    // ---- the lock and the run's life ----------------------------------------------------------------------------

    public async Task<IRunLease?> TryAcquireLockAsync(TimeSpan lease, CancellationToken ct) =>
        db is PostgresDialect
            ? await PostgresRunLease.TryAcquireAsync(db, PostgresRunLease.ReextractionLockKey, ct)
            : await SqliteRunLease.TryAcquireAsync(db, clock, lease, SqliteRunLease.LockRow.Reextraction, ct);

    private const string CountDue = $"""
        SELECT COUNT(*) FROM profiles p WHERE {IsDue}
        """;

    public async Task<int> CountDueAsync(ExtractionVersions target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await db.OpenAsync(ct);
        return checked((int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountDue,
            new { target.Extractor, target.Taxonomy }, cancellationToken: ct)));
    }

    // Walks the primary key from the cursor and filters: one page costs about `limit` due rows plus the current ones
    // between them, and the whole run one pass over the table.
    private const string SelectDuePage = $"""
        SELECT {DueColumns}
        FROM profiles p
        WHERE p.id > @After AND {IsDue}
        ORDER BY p.id
        LIMIT @Limit
        """;

    public async Task<IReadOnlyList<DueProfile>> ReadDueAsync(ExtractionVersions target, string afterId, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<DueRow>(new CommandDefinition(SelectDuePage,
            new { After = afterId, Limit = Math.Max(1, limit), target.Extractor, target.Taxonomy }, cancellationToken: ct));
        return rows.Select(r => r.ToDue()).ToList();
    }

    private const string SelectDueOne = $"""
        SELECT {DueColumns}
        FROM profiles p
        WHERE p.id = @Id AND {IsDue}
        """;

    public async Task<DueProfile?> ReadDueAsync(ExtractionVersions target, string profileId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<DueRow>(new CommandDefinition(SelectDueOne,
            new { Id = profileId, target.Extractor, target.Taxonomy }, cancellationToken: ct));
        return row?.ToDue();
    }

    private const string InsertRun = """
        INSERT INTO reextraction_runs (id, status, trigger, owner, extractor_version, taxonomy_version, started_at, updated_at, total)
        VALUES (@Id, 'running', @Trigger, @Owner, @Extractor, @Taxonomy, @Now, @Now, @Total)
        """;

    public async Task<ReextractionRun> CreateRunAsync(string id, string trigger, string owner, ExtractionVersions target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var total = await CountDueAsync(target, ct);
        await using (var connection = await db.OpenAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertRun, new
            {
                Id = id,
                Trigger = trigger,
                Owner = owner,
                target.Extractor,
                target.Taxonomy,
                Now = UtcTime.Now(clock),
                Total = total,
            }, cancellationToken: ct));
        }
        return await GetAsync(id, ct) ?? throw new InvalidOperationException($"Re-extraction run {id} vanished after it was recorded.");
    }

    private const string SelectRunning = $"""
        SELECT {RunColumns}
        FROM reextraction_runs r
        WHERE r.status = 'running'
        ORDER BY r.started_at DESC, r.id DESC
        """;

    public async Task<IReadOnlyList<ReextractionRun>> GetRunningAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(SelectRunning, cancellationToken: ct));
        return rows.Select(r => r.ToRun()).ToList();
    }

    private const string Resume = """
        UPDATE reextraction_runs SET owner = @Owner, resumes = resumes + 1, updated_at = @Now
        WHERE id = @Id AND status = 'running'
        """;

    public async Task<ReextractionRun> ResumeRunAsync(string runId, string owner, CancellationToken ct)
    {
        await using (var connection = await db.OpenAsync(ct))
        {
            var resumed = await connection.ExecuteAsync(new CommandDefinition(Resume,
                new { Id = runId, Owner = owner, Now = UtcTime.Now(clock) }, cancellationToken: ct));
            if (resumed == 0) throw new InvalidOperationException($"Re-extraction run {runId} is not running; it cannot be resumed.");
        }
        return (await GetAsync(runId, ct))!;
    }

    private const string Abandon = """
        UPDATE reextraction_runs
        SET status = 'abandoned', finished_at = @Now, updated_at = @Now,
            error = 'The process running it stopped before it finished (killed, crashed or lost the lock), and the extractor or taxonomy version has changed since, so it was not resumed.'
        WHERE id = @Id AND status = 'running'
        """;

    public async Task AbandonRunAsync(string runId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Abandon, new { Id = runId, Now = UtcTime.Now(clock) }, cancellationToken: ct));
    }

    // ---- one profile --------------------------------------------------------------------------------------------

    // The run's progress, committed with each profile's outcome. The owner test makes a process that lost the run to
    // another (an expired SQLite lease taken over) roll back instead of writing beside it.
    private const string Checkpoint = """
        UPDATE reextraction_runs
        SET last_profile_id = @ProfileId, done = done + 1, changed = changed + @Changed, unchanged = unchanged + @Unchanged,
            failed = failed + @Failed, skipped = skipped + @Skipped, updated_at = @Now
        WHERE id = @RunId AND owner = @Owner AND status = 'running'
        """;

    private async Task CheckpointAsync(DbConnection connection, DbTransaction tx, string runId, string owner, string profileId,
        ReextractionOutcome outcome, CancellationToken ct)
    {
        var updated = await connection.ExecuteAsync(new CommandDefinition(Checkpoint, new
        {
            RunId = runId,
            Owner = owner,
            ProfileId = profileId,
            Changed = outcome == ReextractionOutcome.Changed ? 1 : 0,
            Unchanged = outcome == ReextractionOutcome.Unchanged ? 1 : 0,
            Failed = outcome == ReextractionOutcome.Failed ? 1 : 0,
            Skipped = outcome == ReextractionOutcome.Skipped ? 1 : 0,
            Now = UtcTime.Now(clock),
        }, tx, cancellationToken: ct));
        if (updated == 0) throw new RunTakenOverException(runId);
    }

    public async Task<ReextractionOutcome> WriteAsync(string runId, string owner, DueProfile read, ExtractedProfile extracted,
        ExtractionVersions target, ComposeSkills compose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(extracted);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(compose);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        var outcome = await profiles.RewriteExtractionAsync(connection, tx, read.Id, new UtcTime(read.UpdatedAt), extracted, target,
            compose, o => CheckpointAsync(connection, tx, runId, owner, read.Id, o, ct), ct);
        if (outcome != ReextractionOutcome.Skipped) await tx.CommitAsync(ct);
        return outcome;
    }

    // Only while the profile is still the one read: a failure of an older version means nothing.
    private const string InsertFailure = """
        INSERT INTO reextraction_failures (run_id, profile_id, code)
        SELECT @RunId, @ProfileId, @Code
        WHERE EXISTS (SELECT 1 FROM profiles WHERE id = @ProfileId AND updated_at = @ReadAt)
        """;

    public async Task<ReextractionOutcome> RecordFailureAsync(string runId, string owner, DueProfile read, string code, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            await using var connection = await db.OpenAsync(ct);
            await using var tx = await db.BeginWriteAsync(connection, ct);
            var recorded = await connection.ExecuteAsync(new CommandDefinition(InsertFailure,
                new { RunId = runId, ProfileId = read.Id, Code = code, ReadAt = new UtcTime(read.UpdatedAt) }, tx, cancellationToken: ct));
            if (recorded == 0) return ReextractionOutcome.Skipped;
            await CheckpointAsync(connection, tx, runId, owner, read.Id, ReextractionOutcome.Failed, ct);
            await tx.CommitAsync(ct);
            return ReextractionOutcome.Failed;
        }
        catch (DbException e) when (e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }
                                        or SqliteException { SqliteExtendedErrorCode: SqliteForeignKeyViolation })
        {
            // Erased between the check and the insert (PostgreSQL, read committed): nothing was recorded.
            return ReextractionOutcome.Skipped;
        }
    }

    public async Task RecordSkippedAsync(string runId, string owner, string profileId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        await CheckpointAsync(connection, tx, runId, owner, profileId, ReextractionOutcome.Skipped, ct);
        await tx.CommitAsync(ct);
    }

    private const string Heartbeat = """
        UPDATE reextraction_runs SET updated_at = @Now WHERE id = @Id AND owner = @Owner AND status = 'running'
        """;

    public async Task HeartbeatAsync(string runId, string owner, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Heartbeat, new { Id = runId, Owner = owner, Now = UtcTime.Now(clock) },
            cancellationToken: ct));
    }

    private const string Finish = """
        UPDATE reextraction_runs SET status = @Status, finished_at = @Now, updated_at = @Now, error = @Error
        WHERE id = @Id AND owner = @Owner AND status = 'running'
        """;

    public async Task<bool> FinishAsync(string runId, string owner, string status, string? error, CancellationToken ct)
    {
        if (status is not (ReextractionStatus.Succeeded or ReextractionStatus.Failed))
            throw new ArgumentOutOfRangeException(nameof(status), status, "A run finishes as succeeded or failed.");
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(Finish, new
        {
            Id = runId,
            Owner = owner,
            Status = status,
            Now = UtcTime.Now(clock),
            Error = error is { Length: > 2000 } ? error[..2000] : error,
        }, cancellationToken: ct)) == 1;
    }

    // The failure lists go with their runs (ON DELETE CASCADE).
    private const string DeleteExpired = """
        DELETE FROM reextraction_runs
        WHERE status <> 'running'
          AND id NOT IN (SELECT id FROM reextraction_runs ORDER BY started_at DESC, id DESC LIMIT @Keep)
        """;

    public async Task<int> ApplyRetentionAsync(int keep, CancellationToken ct)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), "At least one run must be kept.");
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteExpired, new { Keep = keep }, cancellationToken: ct));
    }

    // ---- reads --------------------------------------------------------------------------------------------------

    private const string SelectRun = $"""
        SELECT {RunColumns}
        FROM reextraction_runs r
        WHERE r.id = @Id
        """;

    public async Task<ReextractionRun?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(SelectRun, new { Id = id }, cancellationToken: ct)))?.ToRun();
    }

    private const string SelectLatest = $"""
        SELECT {RunColumns}
        FROM reextraction_runs r
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT 1
        """;

    public async Task<ReextractionRun?> LatestAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(SelectLatest, cancellationToken: ct)))?.ToRun();
    }

    private const string CountFailures = """
        SELECT code AS Code, COUNT(*) AS Count
        FROM reextraction_failures
        WHERE run_id = @Id
        GROUP BY code
        ORDER BY code
        """;

    public async Task<IReadOnlyDictionary<string, int>> FailureCountsAsync(string runId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<CodeCountRow>(new CommandDefinition(CountFailures, new { Id = runId }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Code, r => checked((int)r.Count), StringComparer.Ordinal);
    }

    private const string SelectFailures = """
        SELECT profile_id AS ProfileId, code AS Code
        FROM reextraction_failures
        WHERE run_id = @Id
        ORDER BY profile_id
        LIMIT @Limit
        """;

    public async Task<IReadOnlyList<ReextractionFailure>> FailuresAsync(string runId, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<FailureRow>(new CommandDefinition(SelectFailures,
            new { Id = runId, Limit = Math.Max(1, limit) }, cancellationToken: ct));
        return rows.Select(r => new ReextractionFailure(r.ProfileId, r.Code)).ToList();
    }

    // ---- rows ---------------------------------------------------------------------------------------------------

    private sealed record RunRow
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Trigger { get; init; } = "";
        public string Owner { get; init; } = "";
        public string ExtractorVersion { get; init; } = "";
        public string TaxonomyVersion { get; init; } = "";
        public UtcTime StartedAt { get; init; }
        public UtcTime UpdatedAt { get; init; }
        public UtcTime? FinishedAt { get; init; }
        public string LastProfileId { get; init; } = "";
        public int Total { get; init; }
        public int Done { get; init; }
        public int Changed { get; init; }
        public int Unchanged { get; init; }
        public int Failed { get; init; }
        public int Skipped { get; init; }
        public int Resumes { get; init; }
        public string? Error { get; init; }

        public ReextractionRun ToRun() => new(Id, Status, Trigger, Owner, new ExtractionVersions(ExtractorVersion, TaxonomyVersion),
            StartedAt.Value, UpdatedAt.Value, FinishedAt?.Value, LastProfileId,
            new ReextractionCounts(Total, Done, Changed, Unchanged, Failed, Skipped), Resumes, Error);
    }

    private sealed record DueRow
    {
        public string Id { get; init; } = "";
        public string Language { get; init; } = "";
        public string Questionnaire { get; init; } = "{}";
        public string ExtractorVersion { get; init; } = "";
        public string TaxonomyVersion { get; init; } = "";
        public UtcTime UpdatedAt { get; init; }

        public DueProfile ToDue() => new(Id, Language, StoredJson.Read<Questionnaire>(Questionnaire),
            new ExtractionVersions(ExtractorVersion, TaxonomyVersion), UpdatedAt.Value);
    }

    private sealed record CodeCountRow
    {
        public string Code { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed record FailureRow
    {
        public string ProfileId { get; init; } = "";
        public string Code { get; init; } = "";
    }
}
