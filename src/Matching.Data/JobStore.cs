using System.Data.Common;
using Dapper;
using Matching.Core.Jobs;

namespace Matching.Data;

/// <summary>Jobs on either provider. Each write is a single statement, so it is atomic on its own.</summary>
internal sealed class JobStore(SqlDialect db, TimeProvider clock) : IJobStore
{
    private const string JobColumns = """
        id AS Id, external_id AS ExternalId, title AS Title, description AS Description, status AS Status,
        requirements AS Requirements, created_at AS CreatedAt, updated_at AS UpdatedAt, filter AS Filter
        """;

    // A taken external id makes the insert a no-op instead of an error, which is then reported as such.
    private const string InsertJob = """
        INSERT INTO jobs (id, external_id, title, description, status, requirements, created_at, updated_at, filter)
        VALUES (@Id, @ExternalId, @Title, @Description, @Status, @Requirements, @Now, @Now, @Filter)
        ON CONFLICT (external_id) DO NOTHING
        """;

    public async Task<Job> CreateAsync(JobWrite write, CancellationToken ct)
    {
        Validate(write);
        var now = UtcTime.Now(clock);
        var id = "j_" + Guid.CreateVersion7().ToString("N");
        await using var connection = await db.OpenAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertJob, new
        {
            Id = id,
            write.ExternalId,
            write.Title,
            write.Description,
            write.Status,
            Requirements = StoredJson.Write(write.Requirements),
            Filter = FilterParameter(write.Filter),
            Now = now,
        }, cancellationToken: ct));
        if (inserted == 0) throw new DuplicateExternalIdException(write.ExternalId!);
        return new Job(id, write.ExternalId, write.Title, write.Description, write.Status, write.Requirements, now.Value, now.Value,
            Stored(write.Filter));
    }

    private const string SelectJob = $"""
        SELECT {JobColumns}
        FROM jobs
        WHERE id = @Id
        """;

    public async Task<Job?> GetAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(SelectJob, new { Id = id }, cancellationToken: ct));
        return row?.ToJob();
    }

    private const string SelectJobByExternalId = $"""
        SELECT {JobColumns}
        FROM jobs
        WHERE external_id = @ExternalId
        """;

    public async Task<Job?> FindByExternalIdAsync(string externalId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(
            new CommandDefinition(SelectJobByExternalId, new { ExternalId = externalId }, cancellationToken: ct));
        return row?.ToJob();
    }

    private const string ListJobs = $"""
        SELECT {JobColumns}
        FROM jobs
        WHERE id > @After AND (@Status IS NULL OR status = @Status)
        ORDER BY id
        LIMIT @Take
        """;

    public async Task<Page<Job>> ListAsync(JobQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var after = PageCursor.After(query.Cursor);
        var limit = Math.Max(1, query.Limit);
        await using var connection = await db.OpenAsync(ct);
        var rows = (await connection.QueryAsync<JobRow>(new CommandDefinition(ListJobs,
            new { After = after, query.Status, Take = limit + 1 }, cancellationToken: ct))).AsList();
        var next = PageCursor.Next(rows, limit, r => r.Id);
        return new Page<Job>(rows.Select(r => r.ToJob()).ToList(), next);
    }

    private const string UpdateJob = """
        UPDATE jobs
        SET external_id = @ExternalId, title = @Title, description = @Description, status = @Status,
            requirements = @Requirements, updated_at = @Now, filter = @Filter
        WHERE id = @Id
        RETURNING created_at AS CreatedAt
        """;

    public async Task<Job?> UpdateAsync(string id, JobWrite write, CancellationToken ct)
    {
        Validate(write);
        var now = UtcTime.Now(clock);
        await using var connection = await db.OpenAsync(ct);
        CreatedRow? updated;
        try
        {
            updated = await connection.QuerySingleOrDefaultAsync<CreatedRow>(new CommandDefinition(UpdateJob, new
            {
                Id = id,
                write.ExternalId,
                write.Title,
                write.Description,
                write.Status,
                Requirements = StoredJson.Write(write.Requirements),
                Filter = FilterParameter(write.Filter),
                Now = now,
            }, cancellationToken: ct));
        }
        catch (DbException e) when (db.IsUniqueViolation(e))
        {
            throw new DuplicateExternalIdException(write.ExternalId!);
        }
        return updated is null
            ? null
            : new Job(id, write.ExternalId, write.Title, write.Description, write.Status, write.Requirements, updated.CreatedAt.Value, now.Value,
                Stored(write.Filter));
    }

    private const string DeleteJob = """
        DELETE FROM jobs WHERE id = @Id
        """;

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(DeleteJob, new { Id = id }, cancellationToken: ct)) > 0;
    }

    /// <summary>The filter as stored (null for none or an empty one).</summary>
    private static DbJson? FilterParameter(Core.Scoring.MatchFilter? filter) =>
        SearchDocuments.WriteFilter(filter) is { } json ? new DbJson(json) : null;

    /// <summary>The filter as it reads back.</summary>
    private static Core.Scoring.MatchFilter? Stored(Core.Scoring.MatchFilter? filter) =>
        SearchDocuments.ReadFilter(SearchDocuments.WriteFilter(filter));

    private static void Validate(JobWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(write.Requirements);
        if (write.Status is not (JobStatus.Open or JobStatus.Closed))
            throw new ArgumentException($"Job status must be '{JobStatus.Open}' or '{JobStatus.Closed}', not '{write.Status}'.", nameof(write));
        StorableText.EnsureExternalId(write.ExternalId);
        StorableText.Ensure(write.Title, "title");
        StorableText.Ensure(write.Description, "description");
    }

    private sealed record CreatedRow
    {
        public UtcTime CreatedAt { get; init; }
    }

    private sealed record JobRow
    {
        public string Id { get; init; } = "";
        public string? ExternalId { get; init; }
        public string Title { get; init; } = "";
        public string? Description { get; init; }
        public string Status { get; init; } = "";
        public string Requirements { get; init; } = "[]";
        public UtcTime CreatedAt { get; init; }
        public UtcTime UpdatedAt { get; init; }
        public string? Filter { get; init; }

        public Job ToJob() => new(Id, ExternalId, Title, Description, Status,
            StoredJson.Read<List<Requirement>>(Requirements), CreatedAt.Value, UpdatedAt.Value, SearchDocuments.ReadFilter(Filter));
    }
}
