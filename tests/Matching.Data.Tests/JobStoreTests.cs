using Matching.Core.Jobs;
using static Matching.Data.Tests.TestData;

namespace Matching.Data.Tests;

/// <summary>The job store's contract, run against SQLite and PostgreSQL alike.</summary>
public abstract class JobStoreTests(DatabaseFixture fixture)
{
    private IJobStore Jobs => fixture.Db.Jobs;
    private static CancellationToken Ct => CancellationToken.None;

    private static JobWrite NewJob(string? externalId = null, string status = JobStatus.Open) => new(
        externalId, "ML engineer", "Computer vision team",
        status, [new Requirement("pytorch", 1.0, true, 0.75), new Requirement("rag", 0.5), new Requirement("sql", 0.25, false, 0.25)]);

    [Fact]
    public async Task Created_job_reads_back_with_its_requirements()
    {
        var write = NewJob(NewExternalId("job"));

        var job = await Jobs.CreateAsync(write, Ct);
        var read = await Jobs.GetAsync(job.Id, Ct);

        Assert.StartsWith("j_", job.Id);
        Assert.NotNull(read);
        Assert.Equal((write.ExternalId, write.Title, write.Description, write.Status), (read.ExternalId, read.Title, read.Description, read.Status));
        Assert.Equal(write.Requirements, read.Requirements);
        Assert.Equal(job.CreatedAt, read.CreatedAt);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
        Assert.Equal(job.Id, (await Jobs.FindByExternalIdAsync(write.ExternalId!, Ct))?.Id);
    }

    [Fact]
    public async Task Update_replaces_the_job_and_keeps_its_id_and_creation_time()
    {
        var job = await Jobs.CreateAsync(NewJob(NewExternalId("job")), Ct);
        var replacement = new JobWrite(NewExternalId("job"), "Data engineer", null, JobStatus.Closed, [new Requirement("postgresql")]);

        var updated = await Jobs.UpdateAsync(job.Id, replacement, Ct);
        var read = await Jobs.GetAsync(job.Id, Ct);

        Assert.NotNull(updated);
        Assert.Equal(job.Id, read!.Id);
        Assert.Equal(job.CreatedAt, read.CreatedAt);
        Assert.True(read.UpdatedAt >= job.UpdatedAt);
        Assert.Equal(("Data engineer", (string?)null, JobStatus.Closed), (read.Title, read.Description, read.Status));
        Assert.Equal([new Requirement("postgresql", 1.0, false, 0.5)], read.Requirements);
        Assert.Equal(replacement.ExternalId, read.ExternalId);
        Assert.Null(await Jobs.FindByExternalIdAsync(job.ExternalId!, Ct));
    }

    [Fact]
    public async Task Unknown_job_is_null_on_get_and_update_and_false_on_delete()
    {
        Assert.Null(await Jobs.GetAsync("j_missing", Ct));
        Assert.Null(await Jobs.UpdateAsync("j_missing", NewJob(), Ct));
        Assert.False(await Jobs.DeleteAsync("j_missing", Ct));
        Assert.Null(await Jobs.FindByExternalIdAsync("nobody", Ct));
    }

    [Fact]
    public async Task Delete_removes_the_job()
    {
        var job = await Jobs.CreateAsync(NewJob(NewExternalId("job")), Ct);

        Assert.True(await Jobs.DeleteAsync(job.Id, Ct));

        Assert.Null(await Jobs.GetAsync(job.Id, Ct));
        Assert.Null(await Jobs.FindByExternalIdAsync(job.ExternalId!, Ct));
        Assert.False(await Jobs.DeleteAsync(job.Id, Ct));
    }

    [Fact]
    public async Task Creating_a_job_with_a_taken_external_id_throws_DuplicateExternalIdException()
    {
        var externalId = NewExternalId("job");
        var first = await Jobs.CreateAsync(NewJob(externalId), Ct);

        var e = await Assert.ThrowsAsync<DuplicateExternalIdException>(() => Jobs.CreateAsync(NewJob(externalId), Ct));

        Assert.Equal(externalId, e.ExternalId);
        Assert.Equal(first.Id, (await Jobs.FindByExternalIdAsync(externalId, Ct))!.Id);
    }

    [Fact]
    public async Task Updating_a_job_to_another_jobs_external_id_throws_and_changes_nothing()
    {
        var a = await Jobs.CreateAsync(NewJob(NewExternalId("job")), Ct);
        var b = await Jobs.CreateAsync(NewJob(NewExternalId("job")), Ct);

        await Assert.ThrowsAsync<DuplicateExternalIdException>(() => Jobs.UpdateAsync(b.Id, NewJob(a.ExternalId) with { Title = "Changed" }, Ct));

        var read = await Jobs.GetAsync(b.Id, Ct);
        Assert.Equal((b.ExternalId, b.Title), (read!.ExternalId, read.Title));
    }

    [Fact]
    public async Task Jobs_without_external_id_can_be_many()
    {
        var a = await Jobs.CreateAsync(NewJob(), Ct);
        var b = await Jobs.CreateAsync(NewJob(), Ct);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Null((await Jobs.GetAsync(b.Id, Ct))!.ExternalId);
    }

    [Fact]
    public async Task List_filters_by_status_and_pages_without_duplicates_or_gaps()
    {
        var closed = new List<string>();
        for (var i = 0; i < 7; i++) closed.Add((await Jobs.CreateAsync(NewJob(status: JobStatus.Closed), Ct)).Id);
        var open = (await Jobs.CreateAsync(NewJob(), Ct)).Id;

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Jobs.ListAsync(new JobQuery(JobStatus.Closed, 3, cursor), Ct);
            Assert.All(page.Items, j => Assert.Equal(JobStatus.Closed, j.Status));
            listed.AddRange(page.Items.Select(j => j.Id));
            cursor = page.NextCursor;
        } while (cursor is not null);
        var all = (await Jobs.ListAsync(new JobQuery(null, 200, null), Ct)).Items.Select(j => j.Id).ToList();

        Assert.Equal(closed.Order(StringComparer.Ordinal), listed.Where(closed.Contains));
        Assert.Equal(listed.Distinct().Count(), listed.Count);
        Assert.DoesNotContain(open, listed);
        Assert.Contains(open, all);
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task List_rejects_a_cursor_it_did_not_issue()
    {
        await Assert.ThrowsAsync<InvalidCursorException>(() => Jobs.ListAsync(new JobQuery(null, 10, "!!"), Ct));
    }

    [Fact]
    public async Task An_unknown_status_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Jobs.CreateAsync(NewJob(status: "paused"), Ct));
    }

    [Fact]
    public async Task Unicode_job_text_round_trips()
    {
        var write = NewJob(NewExternalId("вакансия-🚀")) with { Title = "Инженер ML «Зрение» 数据", Description = "Ёлки 🌲\nи палки" };

        var job = await Jobs.CreateAsync(write, Ct);
        var read = await Jobs.GetAsync(job.Id, Ct);

        Assert.Equal((write.ExternalId, write.Title, write.Description), (read!.ExternalId, read.Title, read.Description));
    }
}

public sealed class SqliteJobStoreTests(SqliteFixture fixture) : JobStoreTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresJobStoreTests(PostgresFixture fixture) : JobStoreTests(fixture), IClassFixture<PostgresFixture>;
