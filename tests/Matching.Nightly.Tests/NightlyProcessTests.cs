using System.Diagnostics;
using Matching.Data;
using Matching.Nightly.Benchmarks;

namespace Matching.Nightly.Tests;

/// <summary>
/// The console program as cron or Kubernetes runs it: a real process over a real database, its exit codes, the lock
/// between processes, and a run killed with SIGKILL half-way.
/// </summary>
public abstract class NightlyProcessTests(DatabaseProvider provider)
{
    private static readonly Dictionary<string, string> Quick = new() { ["Scoring__HeartbeatSeconds"] = "0.5" };

    [Fact]
    public async Task Bad_arguments_exit_with_2_and_say_what_is_wrong()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);

        foreach (var args in new[]
                 {
                     Array.Empty<string>(),
                     ["run", "--top", "0"],
                     ["run", "--top", "5000"],
                     ["run", "--schedule", "every night"],
                     ["run", "--bogus"],
                     ["run", "--jobs", "j_does_not_exist"],
                 })
        {
            var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, args);
            Assert.True(code == 2, $"'{string.Join(' ', args)}' exited with {code}, not 2:\n{output}");
            Assert.False(string.IsNullOrWhiteSpace(output));
        }
        var (_, unknownJob) = await NightlyProcess.RunAsync(s.Options, Quick, "run", "--jobs", "j_does_not_exist");
        Assert.Contains("j_does_not_exist", unknownJob);
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_runs"));
    }

    [Fact]
    public async Task Run_exits_0_publishes_and_logs_progress_without_a_terminal()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await SyntheticData.AddProfilesAsync(s.Options, TestTaxonomy.Instance, 0, 2_000);
        var jobs = await SyntheticData.AddJobsAsync(s.Db, TestTaxonomy.Instance, 30);

        var (dry, dryOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "run", "--dry-run");
        Assert.True(dry == 0, dryOutput);
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_runs"));
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_results"));

        var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "run", "--top", "25", "--log-every", "10");
        Assert.True(code == 0, output);
        Assert.Contains("Scored 10/30 jobs", output);
        Assert.Contains("ETA", output);
        Assert.Contains("Time split: loading index", output);

        var run = Assert.Single(await s.Db.ScoringRuns.ListAsync(10, CancellationToken.None));
        Assert.Equal((ScoringRunStatus.Succeeded, ScoringRunTrigger.Console, 25, 30, 2_000), (run.Status, run.Trigger, run.TopN, run.JobsScored, run.Profiles));
        Assert.Equal(run.Results, await s.CountAsync("SELECT count(*) FROM scoring_results"));
        Assert.True(run.Results > 0);
        var list = await s.Db.ScoringRuns.GetShortlistAsync(jobs[0], null, 100, CancellationToken.None);
        Assert.Equal(run.Id, list?.Run.Id);

        var (some, someOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "run", "--jobs", $"{jobs[1]},{jobs[2]}");
        Assert.True(some == 0, someOutput);
        var latest = (await s.Db.ScoringRuns.ListAsync(1, CancellationToken.None))[0];
        Assert.Equal(2, latest.JobsScored);
        Assert.Equal([jobs[1], jobs[2]], latest.JobFilter!);
    }

    [Fact]
    public async Task A_second_process_exits_with_3_while_another_holds_the_lock()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await s.AddJobAsync("Python developer", Core.Jobs.JobStatus.Open, new Core.Jobs.Requirement("python"));

        await using (var lease = await s.Db.ScoringRuns.TryAcquireLockAsync(TimeSpan.FromMinutes(1), CancellationToken.None))
        {
            Assert.NotNull(lease);
            var (code, output) = await NightlyProcess.RunAsync(s.Options, Quick, "run");
            Assert.True(code == 3, $"exit {code}:\n{output}");
            Assert.Contains("lock", output);
            Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_runs"));
        }

        var (after, afterOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "run");
        Assert.True(after == 0, afterOutput);
    }

    [Fact]
    public async Task A_run_killed_half_way_leaves_the_previous_lists_served_and_the_next_run_completes()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await SyntheticData.AddProfilesAsync(s.Options, TestTaxonomy.Instance, 0, provider == DatabaseProvider.Postgres ? 40_000 : 20_000);
        var jobs = await SyntheticData.AddJobsAsync(s.Db, TestTaxonomy.Instance, 300);
        var store = s.Db.ScoringRuns;
        var slow = new Dictionary<string, string>(Quick) { ["Scoring__BatchRows"] = "50", ["Scoring__Parallelism"] = "1" };

        // 1. A run that completes: its lists are what is served.
        var (first, firstOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "run");
        Assert.True(first == 0, firstOutput);
        var previous = (await store.LatestSucceededAsync(CancellationToken.None))!;
        var served = await ServedAsync(store, jobs);
        Assert.All(served.Values, l => Assert.Equal(previous.Id, l.RunId));

        // 2. A second run, killed with SIGKILL once it has committed part of its lists.
        // Writers are held back from the moment its first rows are seen until it is dead, so it cannot finish in between.
        using (var victim = NightlyProcess.Start(s.Options, slow, "run"))
        {
            await using var hold = await s.HoldWritersOnceAsync(
                "SELECT count(*) FROM scoring_results r JOIN scoring_runs s ON s.id = r.run_id WHERE s.status = 'running'",
                ["scoring_runs", "scoring_run_jobs", "scoring_results", "scoring_dropped"],
                waited => victim.HasExited ? "The run ended before it could be killed:\n" + victim.Output
                    : waited > TimeSpan.FromMinutes(2) ? "The run wrote nothing within 2 minutes:\n" + victim.Output : null);
            victim.KillHard();
        }

        var killed = (await store.GetRunningAsync(CancellationToken.None))!;
        Assert.NotEqual(previous.Id, killed.Id);
        var partial = await s.CountAsync("SELECT count(*) FROM scoring_results WHERE run_id = @Id", new { killed.Id });
        Assert.InRange(partial, 1, previous.Results - 1); // half-way: some of its rows, not all
        Assert.Equal(previous.Id, (await store.LatestSucceededAsync(CancellationToken.None))!.Id);
        Assert.Equal(served, await ServedAsync(store, jobs)); // the previous lists, exactly

        // 3. The next run takes over at once (the killed one's lock died with it) and completes.
        var (third, thirdOutput) = await NightlyProcess.RunAsync(s.Options, Quick, "run");
        Assert.True(third == 0, thirdOutput);

        var abandoned = (await store.GetAsync(killed.Id, CancellationToken.None))!;
        Assert.Equal(ScoringRunStatus.Abandoned, abandoned.Status);
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_results WHERE run_id = @Id", new { killed.Id }));
        var latest = (await store.LatestSucceededAsync(CancellationToken.None))!;
        Assert.Equal((jobs.Count, jobs.Count, previous.Results, previous.Profiles),
            (latest.JobsTotal, latest.JobsScored, latest.Results, latest.Profiles));
        Assert.Equal(previous.Id, latest.PreviousRunId);
        // Nothing changed in the data since the first run, so every place is unchanged.
        Assert.Equal(new ChangeTotals(0, 0, 0, 0, previous.Results), latest.Changes);
        var now = await ServedAsync(store, jobs);
        Assert.All(now.Values, l => Assert.Equal(latest.Id, l.RunId));
        Assert.Equal(served.Values.Select(l => l.Places), now.Values.Select(l => l.Places));
    }

    [Fact]
    public async Task With_a_schedule_it_runs_at_each_occurrence_and_stops_cleanly_on_sigterm()
    {
        await using var s = await ScratchDatabase.CreateAsync(provider);
        await s.AddProfileAsync("a", ("python", 0.9));
        await s.AddJobAsync("Python developer", Core.Jobs.JobStatus.Open, new Core.Jobs.Requirement("python"));

        using var scheduler = NightlyProcess.Start(s.Options, Quick, "run", "--schedule", "*/2 * * * * *");
        var watch = Stopwatch.StartNew();
        while (await s.CountAsync("SELECT count(*) FROM scoring_runs WHERE status = 'succeeded' AND trigger = 'schedule'") < 2)
        {
            Assert.False(scheduler.HasExited, "The scheduler stopped:\n" + scheduler.Output);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "No two scheduled runs within 60 s:\n" + scheduler.Output);
            await Task.Delay(100);
        }

        using (var term = Process.Start("kill", ["-TERM", scheduler.Id.ToString()])) await term.WaitForExitAsync();
        var code = await scheduler.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"exit {code}:\n{scheduler.Output}");
        Assert.Contains("Next run at", scheduler.Output);
        Assert.Equal(0, await s.CountAsync("SELECT count(*) FROM scoring_runs WHERE status = 'running'"));
    }

    private sealed record Served(string RunId, string Places);

    /// <summary>What GET /jobs/{id}/matches would serve for a sample of jobs: run id and places.</summary>
    private static async Task<Dictionary<string, Served>> ServedAsync(IScoringRunStore store, IReadOnlyList<string> jobs)
    {
        var served = new Dictionary<string, Served>();
        foreach (var job in jobs.Where((_, i) => i % 30 == 0))
        {
            var list = await store.GetShortlistAsync(job, null, 1000, CancellationToken.None);
            Assert.NotNull(list);
            served[job] = new Served(list.Run.Id, string.Join(";", list.Entries.Select(e => $"{e.Rank}:{e.ProfileId}:{e.Score}")));
        }
        return served;
    }
}

public sealed class SqliteNightlyProcessTests() : NightlyProcessTests(DatabaseProvider.Sqlite)
{
    [Fact]
    public async Task A_sqlite_file_that_does_not_exist_is_an_error_unless_create_is_given()
    {
        var dir = Directory.CreateTempSubdirectory("matching-nightly-missing-");
        try
        {
            var missing = new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir.FullName, "mistyped.db")}");
            var (code, output) = await NightlyProcess.RunAsync(missing, null, "run");
            Assert.True(code == 2, $"exited with {code}, not 2:\n{output}");
            Assert.Contains("mistyped.db does not exist", output);
            Assert.False(File.Exists(Path.Combine(dir.FullName, "mistyped.db")), "the mistyped file was created");

            var (created, createdOutput) = await NightlyProcess.RunAsync(missing, null, "run", "--create");
            Assert.True(created == 0, $"with --create exited with {created}:\n{createdOutput}");
            Assert.True(File.Exists(Path.Combine(dir.FullName, "mistyped.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}

public sealed class PostgresNightlyProcessTests() : NightlyProcessTests(DatabaseProvider.Postgres);
