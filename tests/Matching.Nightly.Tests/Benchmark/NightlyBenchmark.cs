using System.Diagnostics;
using Matching.Data;
using Matching.Testing;
using Xunit.Abstractions;

namespace Matching.Nightly.Tests.Benchmark;

/// <summary>Runs only when <c>MATCHING_BENCHMARK=1</c>: the benchmark takes minutes and is not part of CI.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public const string Variable = "MATCHING_BENCHMARK";

    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1") Skip = $"A benchmark: set {Variable}=1 to run it.";
        Timeout = 60 * 60 * 1000;
    }
}

/// <summary>
/// The nightly run at scale on PostgreSQL: 1,000,000 synthetic profiles × 1,000 open jobs, top 100 each, by the built
/// console program in a process of its own, as cron would start it. Bar: a run within 60 s on a 2-core machine.
/// <code>
/// MATCHING_BENCHMARK=1 dotnet test tests/Matching.Nightly.Tests -c Release --filter NightlyBenchmark --logger "console;verbosity=detailed"
/// </code>
/// Sizes: MATCHING_BENCHMARK_PROFILES, MATCHING_BENCHMARK_JOBS.
/// </summary>
public sealed class NightlyBenchmark(ITestOutputHelper output)
{
    private static readonly TimeSpan Bar = TimeSpan.FromSeconds(60);

    [BenchmarkFact]
    public async Task A_million_profiles_by_a_thousand_jobs_top_100_within_a_minute()
    {
        var profiles = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_BENCHMARK_PROFILES"), out var p) ? p : 1_000_000;
        var jobs = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_BENCHMARK_JOBS"), out var j) ? j : 1_000;
        Log($"Matching.Nightly benchmark: {profiles:N0} profiles × {jobs:N0} open jobs, top 100, PostgreSQL, {Environment.ProcessorCount} cores");
        Log($"program: {NightlyProcess.DllPath}");
        if (NightlyProcess.DllPath.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}"))
            Log("warning: a Debug build; run the benchmark with -c Release for representative numbers");

        await using var database = await ScratchDatabase.CreateAsync(DatabaseProvider.Postgres);
        var seed = Stopwatch.StartNew();
        await SyntheticData.AddProfilesAsync(database.Options, TestTaxonomy.Instance, 0, profiles);
        await SyntheticData.AddJobsAsync(database.Db, TestTaxonomy.Instance, jobs);
        var rows = await database.CountAsync("SELECT count(*) FROM profile_skills");
        Log($"seeded in {seed.Elapsed.TotalSeconds:0} s: {rows:N0} profile skill rows (not part of the run)");

        // First night: every place is new. Second night: the same data, so every place is compared and unchanged.
        var first = await RunAsync(database, "first run (no previous lists)");
        var second = await RunAsync(database, "second run (compared with the first)");

        Assert.Equal((jobs, jobs), (second.Run.JobsTotal, second.Run.JobsScored));
        Assert.Equal(first.Run.Results, second.Run.Results);
        Assert.Equal(second.Run.Results, second.Run.Changes.Unchanged);
        Assert.True(first.Wall <= Bar, $"The first run took {first.Wall.TotalSeconds:0.0} s, over {Bar.TotalSeconds} s.");
        Assert.True(second.Wall <= Bar, $"The second run took {second.Wall.TotalSeconds:0.0} s, over {Bar.TotalSeconds} s.");
    }

    private async Task<(ScoringRun Run, TimeSpan Wall)> RunAsync(ScratchDatabase database, string what)
    {
        var watch = Stopwatch.StartNew();
        var (code, text) = await NightlyProcess.RunAsync(database.Options, null, "run");
        var wall = watch.Elapsed;
        Assert.True(code == 0, text);
        var run = (await database.Db.ScoringRuns.LatestSucceededAsync(CancellationToken.None))!;
        Log($"{what}: {wall.TotalSeconds:0.0} s for the process (start to exit), {run.Results:N0} results, " +
            $"{run.Changes.New:N0} new, {run.Changes.Unchanged:N0} unchanged");
        Log($"  loading index {Seconds(run.Timings.LoadMs)}, scoring {Seconds(run.Timings.ScoreMs)}, " +
            $"writing {Seconds(run.Timings.WriteMs)} (overlaps scoring), run total {(run.FinishedAt!.Value - run.StartedAt).TotalSeconds:0.0} s");
        return (run, wall);
    }

    private static string Seconds(long? ms) => ms is { } v ? $"{v / 1000.0:0.0} s" : "–";

    private void Log(string line)
    {
        output.WriteLine(line);
        Console.WriteLine(line);
    }
}
