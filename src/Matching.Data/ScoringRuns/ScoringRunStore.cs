using System.Text.Json;
using Dapper;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;

namespace Matching.Data;

/// <summary>Scoring runs on either provider. The bulk writes of the lists are in <see cref="ShortlistWriter"/>.</summary>
internal sealed class ScoringRunStore(SqlDialect db, TimeProvider clock) : IScoringRunStore
{
    private const int IdsPerQuery = 500;

    private const string RunColumns = """
        r.id AS Id, r.status AS Status, r.trigger AS Trigger, r.owner AS Owner, r.started_at AS StartedAt,
        r.heartbeat_at AS HeartbeatAt, r.finished_at AS FinishedAt, r.top_n AS TopN, r.job_filter AS JobFilter,
        r.scorer_version AS ScorerVersion, r.taxonomy_version AS TaxonomyVersion, r.previous_run_id AS PreviousRunId,
        r.profiles AS Profiles, r.jobs_total AS JobsTotal, r.jobs_scored AS JobsScored, r.results AS Results,
        r.new_entries AS NewEntries, r.dropped AS Dropped, r.moved_up AS MovedUp, r.moved_down AS MovedDown,
        r.unchanged AS Unchanged, r.load_ms AS LoadMs, r.score_ms AS ScoreMs, r.write_ms AS WriteMs, r.error AS Error,
        r.webhook_status AS WebhookStatus, r.webhook_attempts AS WebhookAttempts, r.webhook_error AS WebhookError,
        r.webhook_at AS WebhookAt
        """;

    // ---- the lock and the run's life ----------------------------------------------------------------------------

    public Task<IScoringLease?> TryAcquireLockAsync(TimeSpan lease, CancellationToken ct) =>
        db is PostgresDialect
            ? PostgresRunLease.TryAcquireAsync(db, PostgresRunLease.ScoringLockKey, ct)
            : SqliteRunLease.TryAcquireAsync(db, clock, lease, SqliteRunLease.LockRow.Scoring, ct);

    private const string AbandonRunning = """
        UPDATE scoring_runs
        SET status = 'abandoned', finished_at = @Now,
            error = 'The process running it stopped before it finished (killed, crashed or lost the scoring lock).'
        WHERE status = 'running'
        RETURNING id
        """;

    public async Task<IReadOnlyList<string>> AbandonStaleRunsAsync(CancellationToken ct)
    {
        List<string> abandoned;
        await using (var connection = await db.OpenAsync(ct))
        {
            abandoned = (await connection.QueryAsync<string>(new CommandDefinition(AbandonRunning,
                new { Now = UtcTime.Now(clock) }, cancellationToken: ct))).AsList();
        }
        foreach (var id in abandoned) await DeleteRowsAsync(id, ct);
        return abandoned;
    }

    private const string InsertRun = """
        INSERT INTO scoring_runs (id, status, trigger, owner, started_at, heartbeat_at, top_n, job_filter,
                                  scorer_version, taxonomy_version, previous_run_id)
        VALUES (@Id, 'running', @Trigger, @Owner, @Now, @Now, @TopN, @JobFilter, @ScorerVersion, @TaxonomyVersion, @PreviousRunId)
        """;

    public async Task CreateRunAsync(NewScoringRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(InsertRun, new
        {
            run.Id,
            run.Trigger,
            run.Owner,
            Now = UtcTime.Now(clock),
            run.TopN,
            JobFilter = run.JobFilter is null ? (DbJson?)null : StoredJson.Write(run.JobFilter),
            run.ScorerVersion,
            run.TaxonomyVersion,
            run.PreviousRunId,
        }, cancellationToken: ct));
    }

    private const string Heartbeat = """
        UPDATE scoring_runs
        SET heartbeat_at = @Now, profiles = @Profiles, jobs_total = @JobsTotal, jobs_scored = @JobsScored
        WHERE id = @Id AND status = 'running'
        """;

    public async Task HeartbeatAsync(string runId, int profiles, int jobsTotal, int jobsScored, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Heartbeat,
            new { Id = runId, Now = UtcTime.Now(clock), Profiles = profiles, JobsTotal = jobsTotal, JobsScored = jobsScored },
            cancellationToken: ct));
    }

    public int ParallelWriters => db is PostgresDialect ? Math.Clamp(Environment.ProcessorCount, 2, 4) : 1;

    public Task WriteAsync(string runId, IReadOnlyList<JobShortlist> batch, CancellationToken ct) =>
        ShortlistWriter.WriteAsync(db, runId, batch, ct);

    // The one statement that publishes a run: from here on readers see its lists instead of the previous ones.
    private const string Publish = """
        UPDATE scoring_runs
        SET status = 'succeeded', finished_at = @Now, heartbeat_at = @Now, profiles = @Profiles, jobs_total = @JobsTotal,
            jobs_scored = @JobsScored, results = @Results, new_entries = @New, dropped = @Dropped, moved_up = @MovedUp,
            moved_down = @MovedDown, unchanged = @Unchanged, load_ms = @LoadMs, score_ms = @ScoreMs, write_ms = @WriteMs
        WHERE id = @Id AND status = 'running'
        """;

    public async Task<bool> PublishAsync(string runId, RunCompletion completion, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(Publish, CompletionParameters(runId, completion), cancellationToken: ct)) == 1;
    }

    private const string Fail = """
        UPDATE scoring_runs
        SET status = 'failed', finished_at = @Now, heartbeat_at = @Now, error = @Error,
            profiles = COALESCE(@Profiles, profiles), jobs_total = COALESCE(@JobsTotal, jobs_total),
            jobs_scored = COALESCE(@JobsScored, jobs_scored), load_ms = @LoadMs, score_ms = @ScoreMs, write_ms = @WriteMs
        WHERE id = @Id AND status = 'running'
        """;

    public async Task FailAsync(string runId, string error, RunCompletion? partial, CancellationToken ct)
    {
        await using (var connection = await db.OpenAsync(ct))
        {
            await connection.ExecuteAsync(new CommandDefinition(Fail, new
            {
                Id = runId,
                Now = UtcTime.Now(clock),
                Error = error.Length > 2000 ? error[..2000] : error,
                partial?.Profiles,
                partial?.JobsTotal,
                partial?.JobsScored,
                partial?.Timings.LoadMs,
                partial?.Timings.ScoreMs,
                partial?.Timings.WriteMs,
            }, cancellationToken: ct));
        }
        await DeleteRowsAsync(runId, ct);
    }

    private object CompletionParameters(string runId, RunCompletion c) => new
    {
        Id = runId,
        Now = UtcTime.Now(clock),
        c.Profiles,
        c.JobsTotal,
        c.JobsScored,
        c.Results,
        c.Changes.New,
        c.Changes.Dropped,
        c.Changes.MovedUp,
        c.Changes.MovedDown,
        c.Changes.Unchanged,
        c.Timings.LoadMs,
        c.Timings.ScoreMs,
        c.Timings.WriteMs,
    };

    // ---- retention ----------------------------------------------------------------------------------------------

    // A job's latest list is served until a newer run scores the job, however many runs (limited to other jobs) came
    // since; so besides the newest runs, the runs holding some job's latest list stay.
    private const string ExpiredRuns = """
        WITH newest AS (
            SELECT id FROM scoring_runs ORDER BY started_at DESC, id DESC LIMIT @Keep
        ), serving AS (
            SELECT latest.run_id
            FROM (SELECT rj.run_id AS run_id,
                         ROW_NUMBER() OVER (PARTITION BY rj.job_id ORDER BY r.started_at DESC, r.id DESC) AS n
                  FROM scoring_run_jobs rj
                  JOIN scoring_runs r ON r.id = rj.run_id
                  WHERE r.status = 'succeeded') latest
            WHERE latest.n = 1
        )
        SELECT id FROM scoring_runs
        WHERE status <> 'running'
          AND id NOT IN (SELECT id FROM newest)
          AND id NOT IN (SELECT run_id FROM serving)
        ORDER BY started_at
        """;

    private const string DeleteRun = """
        DELETE FROM scoring_runs WHERE id = @Id
        """;

    public async Task<IReadOnlyList<string>> ApplyRetentionAsync(int keep, CancellationToken ct)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), "At least one run must be kept.");
        List<string> expired;
        await using (var connection = await db.OpenAsync(ct))
        {
            expired = (await connection.QueryAsync<string>(new CommandDefinition(ExpiredRuns, new { Keep = keep }, cancellationToken: ct))).AsList();
        }
        foreach (var id in expired)
        {
            await DeleteRowsAsync(id, ct);
            await using var connection = await db.OpenAsync(ct);
            await connection.ExecuteAsync(new CommandDefinition(DeleteRun, new { Id = id }, cancellationToken: ct));
        }
        return expired;
    }

    private const string DeleteRunRows = """
        DELETE FROM scoring_results WHERE run_id = @Id;
        DELETE FROM scoring_dropped WHERE run_id = @Id;
        DELETE FROM scoring_run_jobs WHERE run_id = @Id;
        """;

    /// <summary>A run's lists, in one transaction: readers never see a run with part of its lists.</summary>
    private async Task DeleteRowsAsync(string runId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(DeleteRunRows, new { Id = runId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private const string RecordWebhook = """
        UPDATE scoring_runs
        SET webhook_status = @Status, webhook_attempts = @Attempts, webhook_error = @Error, webhook_at = @At
        WHERE id = @Id
        """;

    public async Task RecordWebhookAsync(string runId, WebhookDelivery delivery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await using var connection = await db.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(RecordWebhook, new
        {
            Id = runId,
            delivery.Status,
            delivery.Attempts,
            Error = delivery.Error is { Length: > 2000 } e ? e[..2000] : delivery.Error,
            At = new UtcTime(delivery.At),
        }, cancellationToken: ct));
    }

    // ---- what a run reads ---------------------------------------------------------------------------------------

    private const string LatestListsSelect = """
        SELECT s.job_id AS JobId, s.run_id AS RunId, s.profile_id AS ProfileId, s.rank AS Rank, s.score_units AS ScoreUnits
        FROM (SELECT rj.job_id AS job_id, rj.run_id AS run_id,
                     ROW_NUMBER() OVER (PARTITION BY rj.job_id ORDER BY r.started_at DESC, r.id DESC) AS n
              FROM scoring_run_jobs rj
              JOIN scoring_runs r ON r.id = rj.run_id
              WHERE r.status = 'succeeded' {0}) latest
        JOIN scoring_results s ON s.run_id = latest.run_id AND s.job_id = latest.job_id
        WHERE latest.n = 1
        ORDER BY s.job_id, s.rank
        """;

    public async Task<IReadOnlyDictionary<string, PreviousShortlist>> LatestShortlistsAsync(IReadOnlyCollection<string>? jobIds, CancellationToken ct)
    {
        var lists = new Dictionary<string, PreviousShortlist>(StringComparer.Ordinal);
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        if (jobIds is null)
        {
            Collect(await connection.QueryAsync<PreviousRow>(new CommandDefinition(
                string.Format(LatestListsSelect, ""), transaction: tx, cancellationToken: ct)));
        }
        else
        {
            var sql = string.Format(LatestListsSelect, "AND " + db.IsAnyOf("rj.job_id", "@JobIds"));
            foreach (var chunk in jobIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
                Collect(await connection.QueryAsync<PreviousRow>(new CommandDefinition(sql, new { JobIds = chunk }, tx, cancellationToken: ct)));
        }
        return lists;

        void Collect(IEnumerable<PreviousRow> rows)
        {
            string? job = null;
            string? run = null;
            List<PreviousEntry>? entries = null;
            foreach (var row in rows)
            {
                if (!string.Equals(row.JobId, job, StringComparison.Ordinal))
                {
                    if (job is not null) lists[job] = new PreviousShortlist(run!, entries!);
                    (job, run, entries) = (row.JobId, row.RunId, []);
                }
                entries!.Add(new PreviousEntry(row.ProfileId, row.Rank, row.ScoreUnits));
            }
            if (job is not null) lists[job] = new PreviousShortlist(run!, entries!);
        }
    }

    private const string SelectLatestSucceeded = $"""
        SELECT {RunColumns}
        FROM scoring_runs r
        WHERE r.status = 'succeeded'
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT 1
        """;

    public Task<ScoringRun?> LatestSucceededAsync(CancellationToken ct) => SingleRunAsync(SelectLatestSucceeded, null, ct);

    public Task<LoadedIndex> LoadIndexAsync(SkillTaxonomy taxonomy, MatchIndexOptions? options, CancellationToken ct) =>
        IndexLoader.LoadAsync(db, taxonomy, options, ct);

    // ---- reads --------------------------------------------------------------------------------------------------

    private const string SelectRun = $"""
        SELECT {RunColumns}
        FROM scoring_runs r
        WHERE r.id = @Id
        """;

    public Task<ScoringRun?> GetAsync(string id, CancellationToken ct) => SingleRunAsync(SelectRun, new { Id = id }, ct);

    /// <summary>The one run a query selects, or null.</summary>
    private async Task<ScoringRun?> SingleRunAsync(string sql, object? parameters, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(sql, parameters, cancellationToken: ct)))?.ToRun();
    }

    private const string ListRuns = $"""
        SELECT {RunColumns}
        FROM scoring_runs r
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT @Limit
        """;

    public async Task<IReadOnlyList<ScoringRun>> ListAsync(int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(ListRuns, new { Limit = Math.Max(1, limit) }, cancellationToken: ct));
        return rows.Select(r => r.ToRun()).ToList();
    }

    private const string SelectRunning = $"""
        SELECT {RunColumns}
        FROM scoring_runs r
        WHERE r.status = 'running'
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT 1
        """;

    public Task<ScoringRun?> GetRunningAsync(CancellationToken ct) => SingleRunAsync(SelectRunning, null, ct);

    private const string SelectListRun = $"""
        SELECT {RunColumns},
               rj.results AS JobResults, rj.new_entries AS JobNew, rj.dropped AS JobDropped, rj.moved_up AS JobMovedUp,
               rj.moved_down AS JobMovedDown, rj.unchanged AS JobUnchanged
        FROM scoring_run_jobs rj
        JOIN scoring_runs r ON r.id = rj.run_id
        WHERE rj.job_id = @JobId AND r.status = 'succeeded' AND (@RunId IS NULL OR r.id = @RunId)
        ORDER BY r.started_at DESC, r.id DESC
        LIMIT 1
        """;

    private const string SelectEntries = """
        SELECT s.rank AS Rank, s.profile_id AS ProfileId, p.external_id AS ExternalId, s.score_units AS ScoreUnits,
               s.missing_required AS MissingRequired, s.previous_rank AS PreviousRank,
               s.previous_score_units AS PreviousScoreUnits
        FROM scoring_results s
        JOIN profiles p ON p.id = s.profile_id
        WHERE s.run_id = @RunId AND s.job_id = @JobId
        ORDER BY s.rank
        LIMIT @Limit
        """;

    private const string SelectDropped = """
        SELECT d.profile_id AS ProfileId, p.external_id AS ExternalId, d.previous_rank AS PreviousRank,
               d.previous_score_units AS PreviousScoreUnits
        FROM scoring_dropped d
        JOIN profiles p ON p.id = d.profile_id
        WHERE d.run_id = @RunId AND d.job_id = @JobId
        ORDER BY d.previous_rank
        """;

    public async Task<StoredShortlist?> GetShortlistAsync(string jobId, string? runId, int limit, CancellationToken ct)
    {
        // One snapshot: retention may delete the run between the statements otherwise.
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginReadAsync(connection, ct);
        var run = await connection.QuerySingleOrDefaultAsync<ListRunRow>(new CommandDefinition(SelectListRun,
            new { JobId = jobId, RunId = runId }, tx, cancellationToken: ct));
        if (run is null) return null;
        var parameters = new { RunId = run.Id, JobId = jobId, Limit = Math.Max(1, limit) };
        var entries = await connection.QueryAsync<EntryRow>(new CommandDefinition(SelectEntries, parameters, tx, cancellationToken: ct));
        var dropped = await connection.QueryAsync<DropRow>(new CommandDefinition(SelectDropped, parameters, tx, cancellationToken: ct));
        return new StoredShortlist(
            run.ToRun(),
            jobId,
            run.JobResults,
            new ChangeTotals(run.JobNew, run.JobDropped, run.JobMovedUp, run.JobMovedDown, run.JobUnchanged),
            entries.Select(e => new StoredMatch(e.Rank, e.ProfileId, e.ExternalId, ScoreUnits.ToScore(e.ScoreUnits),
                JsonSerializer.Deserialize<List<string>>(e.MissingRequired) ?? [],
                e.PreviousRank, e.PreviousScoreUnits is { } p ? ScoreUnits.ToScore(p) : null)).ToList(),
            dropped.Select(d => new StoredDrop(d.ProfileId, d.ExternalId, d.PreviousRank, ScoreUnits.ToScore(d.PreviousScoreUnits))).ToList());
    }

    // ---- rows ---------------------------------------------------------------------------------------------------

    private record RunRow
    {
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Trigger { get; init; } = "";
        public string Owner { get; init; } = "";
        public UtcTime StartedAt { get; init; }
        public UtcTime HeartbeatAt { get; init; }
        public UtcTime? FinishedAt { get; init; }
        public int TopN { get; init; }
        public string? JobFilter { get; init; }
        public string ScorerVersion { get; init; } = "";
        public string TaxonomyVersion { get; init; } = "";
        public string? PreviousRunId { get; init; }
        public int Profiles { get; init; }
        public int JobsTotal { get; init; }
        public int JobsScored { get; init; }
        public int Results { get; init; }
        public int NewEntries { get; init; }
        public int Dropped { get; init; }
        public int MovedUp { get; init; }
        public int MovedDown { get; init; }
        public int Unchanged { get; init; }
        public long? LoadMs { get; init; }
        public long? ScoreMs { get; init; }
        public long? WriteMs { get; init; }
        public string? Error { get; init; }
        public string? WebhookStatus { get; init; }
        public int? WebhookAttempts { get; init; }
        public string? WebhookError { get; init; }
        public UtcTime? WebhookAt { get; init; }

        public ScoringRun ToRun() => new(
            Id, Status, Trigger, Owner, StartedAt.Value, HeartbeatAt.Value, FinishedAt?.Value, TopN,
            JobFilter is null ? null : StoredJson.Read<List<string>>(JobFilter),
            ScorerVersion, TaxonomyVersion, PreviousRunId, Profiles, JobsTotal, JobsScored, Results,
            new ChangeTotals(NewEntries, Dropped, MovedUp, MovedDown, Unchanged),
            new RunTimings(LoadMs, ScoreMs, WriteMs),
            Error,
            WebhookStatus is null ? null : new WebhookDelivery(WebhookStatus, WebhookAttempts ?? 0, WebhookError, WebhookAt?.Value ?? default));
    }

    private sealed record ListRunRow : RunRow
    {
        public int JobResults { get; init; }
        public int JobNew { get; init; }
        public int JobDropped { get; init; }
        public int JobMovedUp { get; init; }
        public int JobMovedDown { get; init; }
        public int JobUnchanged { get; init; }
    }

    private sealed record PreviousRow
    {
        public string JobId { get; init; } = "";
        public string RunId { get; init; } = "";
        public string ProfileId { get; init; } = "";
        public int Rank { get; init; }
        public int ScoreUnits { get; init; }
    }

    private sealed record EntryRow
    {
        public int Rank { get; init; }
        public string ProfileId { get; init; } = "";
        public string? ExternalId { get; init; }
        public int ScoreUnits { get; init; }
        public string MissingRequired { get; init; } = "[]";
        public int? PreviousRank { get; init; }
        public int? PreviousScoreUnits { get; init; }
    }

    private sealed record DropRow
    {
        public string ProfileId { get; init; } = "";
        public string? ExternalId { get; init; }
        public int PreviousRank { get; init; }
        public int PreviousScoreUnits { get; init; }
    }
}
