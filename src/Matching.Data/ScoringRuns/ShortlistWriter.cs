using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Data;

/// <summary>
/// Writes a batch of job lists in one transaction: binary COPY on PostgreSQL, one prepared insert per table on
/// SQLite. A profile erased while the run was scoring makes the foreign key refuse the batch; the writer then
/// rolls it back and names the erased profiles (<see cref="ProfilesGoneException"/>), so the runner can drop them
/// and write the batch again.
/// </summary>
internal static class ShortlistWriter
{
    private const string NoneMissing = "[]";
    private const int SqliteForeignKeyViolation = 787;
    private const int IdsPerQuery = 500;

    public static async Task WriteAsync(SqlDialect db, string runId, IReadOnlyList<JobShortlist> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return;
        try
        {
            if (db is PostgresDialect postgres) await CopyAsync(postgres, runId, batch, ct);
            else await InsertAsync(db, runId, batch, ct);
        }
        catch (DbException e) when (IsForeignKeyViolation(e))
        {
            var gone = await GoneProfilesAsync(db, batch, ct);
            if (gone.Count == 0) throw;
            throw new ProfilesGoneException(gone);
        }
    }

    private static bool IsForeignKeyViolation(DbException e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation }
            or SqliteException { SqliteExtendedErrorCode: SqliteForeignKeyViolation };

    // ---- PostgreSQL ---------------------------------------------------------------------------------------------

    private const string CopyResults = """
        COPY scoring_results (run_id, job_id, rank, profile_id, score_units, missing_required, previous_rank, previous_score_units)
        FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyDropped = """
        COPY scoring_dropped (run_id, job_id, profile_id, previous_rank, previous_score_units) FROM STDIN (FORMAT BINARY)
        """;

    private const string CopyJobs = """
        COPY scoring_run_jobs (run_id, job_id, results, new_entries, dropped, moved_up, moved_down, unchanged) FROM STDIN (FORMAT BINARY)
        """;

    private static async Task CopyAsync(PostgresDialect db, string runId, IReadOnlyList<JobShortlist> batch, CancellationToken ct)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var results = await connection.BeginBinaryImportAsync(CopyResults, ct))
        {
            foreach (var job in batch)
            foreach (var e in job.Entries)
            {
                await results.StartRowAsync(ct);
                await results.WriteAsync(runId, NpgsqlDbType.Text, ct);
                await results.WriteAsync(job.JobId, NpgsqlDbType.Text, ct);
                await results.WriteAsync(e.Rank, NpgsqlDbType.Integer, ct);
                await results.WriteAsync(e.ProfileId, NpgsqlDbType.Text, ct);
                await results.WriteAsync(e.ScoreUnits, NpgsqlDbType.Integer, ct);
                await results.WriteAsync(Missing(e), NpgsqlDbType.Text, ct);
                await WriteNullableAsync(results, e.PreviousRank, ct);
                await WriteNullableAsync(results, e.PreviousScoreUnits, ct);
            }
            await results.CompleteAsync(ct);
        }
        if (batch.Any(j => j.Dropped.Count > 0))
        {
            await using var dropped = await connection.BeginBinaryImportAsync(CopyDropped, ct);
            foreach (var job in batch)
            foreach (var d in job.Dropped)
            {
                await dropped.StartRowAsync(ct);
                await dropped.WriteAsync(runId, NpgsqlDbType.Text, ct);
                await dropped.WriteAsync(job.JobId, NpgsqlDbType.Text, ct);
                await dropped.WriteAsync(d.ProfileId, NpgsqlDbType.Text, ct);
                await dropped.WriteAsync(d.PreviousRank, NpgsqlDbType.Integer, ct);
                await dropped.WriteAsync(d.PreviousScoreUnits, NpgsqlDbType.Integer, ct);
            }
            await dropped.CompleteAsync(ct);
        }
        await using (var jobs = await connection.BeginBinaryImportAsync(CopyJobs, ct))
        {
            foreach (var job in batch)
            {
                await jobs.StartRowAsync(ct);
                await jobs.WriteAsync(runId, NpgsqlDbType.Text, ct);
                await jobs.WriteAsync(job.JobId, NpgsqlDbType.Text, ct);
                await jobs.WriteAsync(job.Entries.Count, NpgsqlDbType.Integer, ct);
                await jobs.WriteAsync(job.Changes.New, NpgsqlDbType.Integer, ct);
                await jobs.WriteAsync(job.Changes.Dropped, NpgsqlDbType.Integer, ct);
                await jobs.WriteAsync(job.Changes.MovedUp, NpgsqlDbType.Integer, ct);
                await jobs.WriteAsync(job.Changes.MovedDown, NpgsqlDbType.Integer, ct);
                await jobs.WriteAsync(job.Changes.Unchanged, NpgsqlDbType.Integer, ct);
            }
            await jobs.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter importer, int? value, CancellationToken ct) =>
        value is { } v ? importer.WriteAsync(v, NpgsqlDbType.Integer, ct) : importer.WriteNullAsync(ct);

    // ---- SQLite -------------------------------------------------------------------------------------------------

    private const string InsertResult = """
        INSERT INTO scoring_results (run_id, job_id, rank, profile_id, score_units, missing_required, previous_rank, previous_score_units)
        VALUES (@RunId, @JobId, @Rank, @ProfileId, @ScoreUnits, @MissingRequired, @PreviousRank, @PreviousScoreUnits)
        """;

    private const string InsertDropped = """
        INSERT INTO scoring_dropped (run_id, job_id, profile_id, previous_rank, previous_score_units)
        VALUES (@RunId, @JobId, @ProfileId, @PreviousRank, @PreviousScoreUnits)
        """;

    private const string InsertJob = """
        INSERT INTO scoring_run_jobs (run_id, job_id, results, new_entries, dropped, moved_up, moved_down, unchanged)
        VALUES (@RunId, @JobId, @Results, @New, @Dropped, @MovedUp, @MovedDown, @Unchanged)
        """;

    private static async Task InsertAsync(SqlDialect db, string runId, IReadOnlyList<JobShortlist> batch, CancellationToken ct)
    {
        var results = batch.SelectMany(j => j.Entries.Select(e => new
        {
            RunId = runId,
            j.JobId,
            e.Rank,
            e.ProfileId,
            e.ScoreUnits,
            MissingRequired = Missing(e),
            e.PreviousRank,
            e.PreviousScoreUnits,
        })).ToList();
        var dropped = batch.SelectMany(j => j.Dropped.Select(d => new
        {
            RunId = runId,
            j.JobId,
            d.ProfileId,
            d.PreviousRank,
            d.PreviousScoreUnits,
        })).ToList();
        var jobs = batch.Select(j => new
        {
            RunId = runId,
            j.JobId,
            Results = j.Entries.Count,
            j.Changes.New,
            j.Changes.Dropped,
            j.Changes.MovedUp,
            j.Changes.MovedDown,
            j.Changes.Unchanged,
        }).ToList();

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(connection, ct);
        if (results.Count > 0) await connection.ExecuteAsync(new CommandDefinition(InsertResult, results, tx, cancellationToken: ct));
        if (dropped.Count > 0) await connection.ExecuteAsync(new CommandDefinition(InsertDropped, dropped, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertJob, jobs, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    // ---- both ---------------------------------------------------------------------------------------------------

    private static string Missing(ShortlistEntry e) =>
        e.MissingRequired.Count == 0 ? NoneMissing : JsonSerializer.Serialize(e.MissingRequired);

    private static async Task<IReadOnlySet<string>> GoneProfilesAsync(SqlDialect db, IReadOnlyList<JobShortlist> batch, CancellationToken ct)
    {
        var ids = batch.SelectMany(j => j.Entries.Select(e => e.ProfileId).Concat(j.Dropped.Select(d => d.ProfileId)))
            .ToHashSet(StringComparer.Ordinal);
        var sql = $"SELECT id FROM profiles WHERE {db.IsAnyOf("id", "@Ids")}";
        await using var connection = await db.OpenAsync(ct);
        foreach (var chunk in ids.ToList().Chunk(IdsPerQuery))
            foreach (var id in await connection.QueryAsync<string>(new CommandDefinition(sql, new { Ids = chunk }, cancellationToken: ct)))
                ids.Remove(id);
        return ids;
    }
}
