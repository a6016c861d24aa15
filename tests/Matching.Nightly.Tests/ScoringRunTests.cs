using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Data;
using Matching.Scoring;

namespace Matching.Nightly.Tests;

/// <summary>
/// A run end to end in process (the runner the console and the API share), over a real database. Written once, run
/// against SQLite and PostgreSQL.
/// </summary>
/// <remarks>
/// The data: five candidates whose only skill is Python, and a job asking for Python at level 1.0, so each score is
/// 100 × level and the order is plain to see.
/// </remarks>
public abstract class ScoringRunTests(DatabaseProvider provider)
{
    private const int Top = 4;

    private static ScoringRunOptions Options(int keep = 7, WebhookOptions? webhook = null) => new()
    {
        Keep = keep,
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        LockLease = TimeSpan.FromSeconds(10),
        BatchRows = 3,
        Webhook = webhook,
    };

    private static ScoringRunner Runner(ScratchDatabase s, ScoringRunOptions? options = null) =>
        new(s.Db, TestTaxonomy.Instance, options ?? Options());

    private static async Task<RunReport> RunAsync(ScoringRunner runner, IReadOnlyList<string>? jobs = null)
    {
        var start = await runner.TryStartAsync(new RunRequest(jobs, Top, ScoringRunTrigger.Console), CancellationToken.None);
        Assert.False(start.IsBusy, "the lock should be free");
        await using var run = start.Started!;
        return await run.ExecuteAsync(null, CancellationToken.None);
    }

    private sealed record Scene(ScratchDatabase Db, string A, string B, string C, string D, string E, string Job, string Closed);

    private async Task<Scene> SceneAsync()
    {
        var s = await ScratchDatabase.CreateAsync(provider);
        var a = await s.AddProfileAsync("a", ("python", 0.9));
        var b = await s.AddProfileAsync("b", ("python", 0.8));
        var c = await s.AddProfileAsync("c", ("python", 0.7));
        var d = await s.AddProfileAsync("d", ("python", 0.3));
        var e = await s.AddProfileAsync("e", ("python", 0.65));
        var job = await s.AddJobAsync("Python developer", JobStatus.Open, new Requirement("python", 1, false, 1.0));
        var closed = await s.AddJobAsync("Filled Python role", JobStatus.Closed, new Requirement("python", 1, false, 1.0));
        return new Scene(s, a, b, c, d, e, job, closed);
    }

    [Fact]
    public async Task Run_publishes_each_open_jobs_top_n_and_skips_closed_jobs()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;

        var report = await RunAsync(Runner(scene.Db));

        Assert.Equal(ScoringRunStatus.Succeeded, report.Status);
        var run = await scene.Db.Db.ScoringRuns.GetAsync(report.RunId!, CancellationToken.None);
        Assert.NotNull(run);
        Assert.Equal((ScoringRunStatus.Succeeded, 1, 1, Top, 5), (run.Status, run.JobsTotal, run.JobsScored, run.Results, run.Profiles));
        Assert.Equal(new ChangeTotals(Top, 0, 0, 0, 0), run.Changes);
        Assert.Equal(ScoringRules.ScorerVersion, run.ScorerVersion);
        Assert.Equal(TestTaxonomy.Instance.Version, run.TaxonomyVersion);
        Assert.NotNull(run.FinishedAt);
        Assert.NotNull(run.Timings.LoadMs);

        var list = await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None);
        Assert.NotNull(list);
        Assert.Equal(report.RunId, list.Run.Id);
        Assert.Equal([scene.A, scene.B, scene.C, scene.E], list.Entries.Select(e => e.ProfileId));
        Assert.Equal([90m, 80m, 70m, 65m], list.Entries.Select(e => e.Score));
        Assert.Equal(["a", "b", "c", "e"], list.Entries.Select(e => e.ExternalId));
        Assert.All(list.Entries, e => Assert.Null(e.PreviousRank));
        Assert.Null(await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Closed, null, 100, CancellationToken.None));
    }

    [Fact]
    public async Task A_jobs_default_filter_decides_who_may_be_on_its_list()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        // Only b and e are in Germany; a has no location at all, so a location filter never keeps it.
        foreach (var (id, country) in new[] { (scene.B, "DE"), (scene.C, "RU"), (scene.D, "DE"), (scene.E, "DE") })
            await scene.Db.Db.Profiles.ReplaceAttributesAsync(id, new Core.Profiles.ProfileAttributes
            {
                Location = new Core.Profiles.GeoLocation(country, null),
            }, CancellationToken.None);
        var filtered = (await scene.Db.Db.Jobs.CreateAsync(new JobWrite(null, "Python developer (Germany)", null, JobStatus.Open,
            [new Requirement("python", 1, false, 1.0)], new MatchFilter { Location = new LocationFilter(Countries: ["DE"]) }),
            CancellationToken.None)).Id;

        var report = await RunAsync(Runner(scene.Db));

        Assert.Equal(ScoringRunStatus.Succeeded, report.Status);
        var list = await scene.Db.Db.ScoringRuns.GetShortlistAsync(filtered, null, 100, CancellationToken.None);
        Assert.Equal([scene.B, scene.E, scene.D], list!.Entries.Select(e => e.ProfileId));
        var unfiltered = await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None);
        Assert.Equal([scene.A, scene.B, scene.C, scene.E], unfiltered!.Entries.Select(e => e.ProfileId));
    }

    [Fact]
    public async Task Second_run_marks_new_dropped_and_moved_against_the_previous_list()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var runner = Runner(scene.Db);
        var first = await RunAsync(runner);

        await scene.Db.SetLevelAsync(scene.C, "python", 1.0);  // 70 → 100: 3rd → 1st
        await scene.Db.SetLevelAsync(scene.D, "python", 0.85); // 30 → 85: new, 3rd
        await scene.Db.SetLevelAsync(scene.B, "python", 0.5);  // 80 → 50: out of the top 4
        var second = await RunAsync(runner);

        Assert.Equal(new ChangeTotals(New: 1, Dropped: 1, MovedUp: 1, MovedDown: 1, Unchanged: 1), second.Changes);
        var run = await scene.Db.Db.ScoringRuns.GetAsync(second.RunId!, CancellationToken.None);
        Assert.Equal(first.RunId, run!.PreviousRunId);
        Assert.Equal(second.Changes, run.Changes);

        var list = (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))!;
        Assert.Equal(second.RunId, list.Run.Id);
        Assert.Equal([scene.C, scene.A, scene.D, scene.E], list.Entries.Select(e => e.ProfileId));
        var c = list.Entries[0];
        Assert.Equal((1, 3, 100m, 70m), (c.Rank, c.PreviousRank!.Value, c.Score, c.PreviousScore!.Value));
        Assert.Equal((2, 1), (list.Entries[1].Rank, list.Entries[1].PreviousRank!.Value));
        Assert.Null(list.Entries[2].PreviousRank);
        Assert.Equal((4, 4), (list.Entries[3].Rank, list.Entries[3].PreviousRank!.Value));
        var dropped = Assert.Single(list.Dropped);
        Assert.Equal((scene.B, 2, 80m), (dropped.ProfileId, dropped.PreviousRank, dropped.PreviousScore));

        // The first run's list is still there, as it was.
        var old = (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, first.RunId, 100, CancellationToken.None))!;
        Assert.Equal([scene.A, scene.B, scene.C, scene.E], old.Entries.Select(e => e.ProfileId));
    }

    [Fact]
    public async Task A_second_start_while_a_run_holds_the_lock_is_refused_and_names_the_running_run()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var runner = Runner(scene.Db);

        var first = await runner.TryStartAsync(new RunRequest(null, Top, ScoringRunTrigger.Console), CancellationToken.None);
        Assert.False(first.IsBusy);
        await using (var run = first.Started!)
        {
            var second = await Runner(scene.Db).TryStartAsync(new RunRequest(null, Top, ScoringRunTrigger.Api), CancellationToken.None);
            Assert.True(second.IsBusy);
            Assert.Equal(run.Id, second.Running?.Id);
            Assert.Equal(ScoringRunStatus.Succeeded, (await run.ExecuteAsync(null, CancellationToken.None)).Status);
        }

        // Released at the end of the run.
        Assert.Equal(ScoringRunStatus.Succeeded, (await RunAsync(runner)).Status);
    }

    [Fact]
    public async Task Dry_run_scores_and_compares_but_writes_nothing()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;

        var report = await Runner(scene.Db).DryRunAsync(new RunRequest(null, Top, ScoringRunTrigger.Console), null, CancellationToken.None);

        Assert.True(report.DryRun);
        Assert.Null(report.RunId);
        Assert.Equal((1, Top), (report.JobsScored, report.Results));
        Assert.Equal(new ChangeTotals(Top, 0, 0, 0, 0), report.Changes);
        foreach (var table in new[] { "scoring_runs", "scoring_run_jobs", "scoring_results", "scoring_dropped" })
            Assert.Equal(0, await scene.Db.CountAsync($"SELECT count(*) FROM {table}"));
    }

    [Fact]
    public async Task Retention_keeps_the_last_runs_and_deletes_older_ones_with_their_lists()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var runner = Runner(scene.Db, Options(keep: 2));

        var first = await RunAsync(runner);
        var second = await RunAsync(runner);
        var third = await RunAsync(runner);

        var kept = await scene.Db.Db.ScoringRuns.ListAsync(10, CancellationToken.None);
        Assert.Equal([third.RunId, second.RunId], kept.Select(r => r.Id));
        Assert.Equal(0, await scene.Db.CountAsync("SELECT count(*) FROM scoring_results WHERE run_id = @Id", new { Id = first.RunId }));
        Assert.Equal(0, await scene.Db.CountAsync("SELECT count(*) FROM scoring_run_jobs WHERE run_id = @Id", new { Id = first.RunId }));
        Assert.Null(await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, first.RunId, 100, CancellationToken.None));
        Assert.Equal(Top, (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, second.RunId, 100, CancellationToken.None))!.Entries.Count);
        // Nothing changed between the runs: every place is unchanged.
        Assert.Equal(new ChangeTotals(0, 0, 0, 0, Top), third.Changes);
    }

    [Fact]
    public async Task Retention_keeps_an_older_run_while_it_holds_a_jobs_latest_list()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var other = await scene.Db.AddJobAsync("Another Python role", JobStatus.Open, new Requirement("python", 1, false, 0.5));
        var runner = Runner(scene.Db, Options(keep: 1));

        var full = await RunAsync(runner);
        var some = await RunAsync(runner, [scene.Job]);
        Assert.Equal((2, 1), (full.JobsScored, some.JobsScored));

        // keep = 1, but the full run still serves the other job.
        Assert.Equal([some.RunId, full.RunId], (await scene.Db.Db.ScoringRuns.ListAsync(10, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal(full.RunId, (await scene.Db.Db.ScoringRuns.GetShortlistAsync(other, null, 100, CancellationToken.None))!.Run.Id);
        Assert.Equal(some.RunId, (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))!.Run.Id);

        var again = await RunAsync(runner);
        Assert.Equal([again.RunId], (await scene.Db.Db.ScoringRuns.ListAsync(10, CancellationToken.None)).Select(r => r.Id));
    }

    [Fact]
    public async Task Erasing_a_profile_removes_its_stored_scores()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var runner = Runner(scene.Db);
        await RunAsync(runner);
        await scene.Db.SetLevelAsync(scene.B, "python", 0.1); // B drops out: a dropped row refers to it too
        await RunAsync(runner);
        Assert.True(await scene.Db.CountAsync("SELECT count(*) FROM scoring_dropped WHERE profile_id = @Id", new { Id = scene.B }) > 0);

        Assert.True(await scene.Db.Db.Profiles.DeleteAsync(scene.A, CancellationToken.None));
        Assert.True(await scene.Db.Db.Profiles.DeleteAsync(scene.B, CancellationToken.None));

        var list = (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))!;
        Assert.DoesNotContain(scene.A, list.Entries.Select(e => e.ProfileId));
        Assert.Empty(list.Dropped);
        foreach (var table in new[] { "scoring_results", "scoring_dropped" })
            Assert.Equal(0, await scene.Db.CountAsync($"SELECT count(*) FROM {table} WHERE profile_id IN (@A, @B)", new { scene.A, scene.B }));
    }

    [Fact]
    public async Task Profiles_erased_while_the_run_is_scoring_are_left_out_and_the_run_completes()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var loader = Runner(scene.Db);
        var runner = new ScoringRunner(scene.Db.Db, TestTaxonomy.Instance, Options())
        {
            // The index still holds B when the lists are written: the foreign key refuses B, the run drops it.
            IndexSource = async ct =>
            {
                var loaded = await loader.IndexSource(ct);
                await scene.Db.Db.Profiles.DeleteAsync(scene.B, ct);
                return loaded;
            },
        };

        var report = await RunAsync(runner);

        Assert.Equal(ScoringRunStatus.Succeeded, report.Status);
        var list = (await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))!;
        Assert.Equal([scene.A, scene.C, scene.E], list.Entries.Select(e => e.ProfileId));
        Assert.Equal([1, 2, 3], list.Entries.Select(e => e.Rank));
        Assert.Equal(3, report.Results);
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_process_is_abandoned_and_its_rows_deleted_by_the_next_run()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        var store = scene.Db.Db.ScoringRuns;
        // What kill -9 leaves: a 'running' row with some rows of its lists, and (here) no lock.
        await store.CreateRunAsync(new NewScoringRun("r_dead", ScoringRunTrigger.Console, "elsewhere:1:x", Top, null, "s", "t", null), CancellationToken.None);
        await store.WriteAsync("r_dead", [new JobShortlist(scene.Job, [new ShortlistEntry(1, scene.D, 999_999, [], null, null)], [], ChangeTotals.None)],
            CancellationToken.None);
        Assert.Null(await store.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None)); // never visible

        var report = await RunAsync(Runner(scene.Db));

        var dead = await store.GetAsync("r_dead", CancellationToken.None);
        Assert.Equal(ScoringRunStatus.Abandoned, dead!.Status);
        Assert.NotNull(dead.Error);
        Assert.Equal(0, await scene.Db.CountAsync("SELECT count(*) FROM scoring_results WHERE run_id = 'r_dead'"));
        Assert.Equal(report.RunId, (await store.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))!.Run.Id);
    }

    [Fact]
    public async Task Unknown_job_ids_are_refused_before_anything_is_written()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;

        var e = await Assert.ThrowsAsync<UnknownJobsException>(() =>
            Runner(scene.Db).TryStartAsync(new RunRequest([scene.Job, "j_missing"], Top, ScoringRunTrigger.Console), CancellationToken.None));

        Assert.Equal(["j_missing"], e.JobIds);
        Assert.Equal(0, await scene.Db.CountAsync("SELECT count(*) FROM scoring_runs"));
    }

    [Fact]
    public async Task Finished_run_posts_a_summary_signed_with_hmac_sha256()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        using var hook = new WebhookReceiver(_ => 200);
        var webhook = new WebhookOptions { Url = hook.Url, Secret = "s3cret-for-tests", BaseDelay = TimeSpan.FromMilliseconds(10) };

        var report = await RunAsync(Runner(scene.Db, Options(webhook: webhook)));

        Assert.Equal(WebhookDelivery.Delivered, report.Webhook?.Status);
        var received = Assert.Single(hook.Requests);
        Assert.Equal("sha256=" + ScoringWebhook.Sign("s3cret-for-tests", received.Body), received.Signature);
        Assert.NotEqual("sha256=" + ScoringWebhook.Sign("another-secret", received.Body), received.Signature);
        using var json = JsonDocument.Parse(received.Body);
        Assert.Equal(ScoringWebhook.FinishedEvent, json.RootElement.GetProperty("event").GetString());
        var run = json.RootElement.GetProperty("run");
        Assert.Equal(report.RunId, run.GetProperty("id").GetString());
        Assert.Equal(ScoringRunStatus.Succeeded, run.GetProperty("status").GetString());
        Assert.Equal(Top, run.GetProperty("changes").GetProperty("new").GetInt32());
        Assert.DoesNotContain("s3cret", Encoding.UTF8.GetString(received.Body));

        var stored = await scene.Db.Db.ScoringRuns.GetAsync(report.RunId!, CancellationToken.None);
        Assert.Equal((WebhookDelivery.Delivered, 1), (stored!.Webhook!.Status, stored.Webhook.Attempts));
    }

    [Fact]
    public async Task Failing_webhook_is_retried_with_back_off_recorded_and_never_fails_the_run()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        using var hook = new WebhookReceiver(_ => 503);
        var webhook = new WebhookOptions { Url = hook.Url, Secret = "x", MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20) };

        var report = await RunAsync(Runner(scene.Db, Options(webhook: webhook)));

        Assert.Equal(ScoringRunStatus.Succeeded, report.Status);
        Assert.Equal(3, hook.Requests.Count);
        Assert.Single(hook.Requests.Select(r => r.Delivery).Distinct()); // one delivery, retried
        var stored = await scene.Db.Db.ScoringRuns.GetAsync(report.RunId!, CancellationToken.None);
        Assert.Equal(ScoringRunStatus.Succeeded, stored!.Status);
        Assert.Equal((WebhookDelivery.FailedStatus, 3), (stored.Webhook!.Status, stored.Webhook.Attempts));
        Assert.Contains("503", stored.Webhook.Error);
        Assert.NotNull((await scene.Db.Db.ScoringRuns.GetShortlistAsync(scene.Job, null, 100, CancellationToken.None))?.Run);
    }

    [Fact]
    public async Task Webhook_recovers_after_transient_failures()
    {
        var scene = await SceneAsync();
        await using var _ = scene.Db;
        using var hook = new WebhookReceiver(n => n < 2 ? 500 : 204);
        var webhook = new WebhookOptions { Url = hook.Url, Secret = "x", MaxAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(20) };

        var report = await RunAsync(Runner(scene.Db, Options(webhook: webhook)));

        Assert.Equal((WebhookDelivery.Delivered, 3), (report.Webhook!.Status, report.Webhook.Attempts));
    }
}

public sealed class SqliteScoringRunTests() : ScoringRunTests(DatabaseProvider.Sqlite);

public sealed class PostgresScoringRunTests() : ScoringRunTests(DatabaseProvider.Postgres);

/// <summary>A webhook endpoint on 127.0.0.1 that records what it receives and answers with the status the test chooses.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, int> _status;
    private readonly List<Received> _requests = [];
    private readonly Task _loop;

    public sealed record Received(byte[] Body, string? Signature, string? Delivery);

    public WebhookReceiver(Func<int, int> status)
    {
        _status = status;
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/hooks/scoring/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            int n;
            lock (_requests)
            {
                n = _requests.Count;
                _requests.Add(new Received(body.ToArray(), context.Request.Headers[ScoringWebhook.SignatureHeader],
                    context.Request.Headers[ScoringWebhook.DeliveryHeader]));
            }
            context.Response.StatusCode = _status(n);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
    }
}
