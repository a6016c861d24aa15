using System.Diagnostics;
using Matching.Data;
using Matching.Nightly.Benchmarks;
using Matching.Nightly.Tests;

// The nightly run at scale on PostgreSQL: 1,000,000 synthetic profiles × 1,000 open jobs, top 100 each, by the built
// console program in a process of its own, as cron would start it. Bar: a run within 60 s on a 2-core machine.
// Run on demand, in Release (seeding a throwaway database first takes minutes; it is not timed):
//   dotnet run -c Release --project tests/Matching.Nightly.Benchmarks
// Sizes: MATCHING_BENCHMARK_PROFILES, MATCHING_BENCHMARK_JOBS. PostgreSQL: MATCHING_TEST_POSTGRES, or a throwaway
// cluster from the installed binaries (see tests/Shared/PostgresServer.cs).
// Exit code: 0 when both runs are within the bar and consistent, 1 otherwise.
var bar = TimeSpan.FromSeconds(60);
var profiles = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_BENCHMARK_PROFILES"), out var p) ? p : 1_000_000;
var jobs = int.TryParse(Environment.GetEnvironmentVariable("MATCHING_BENCHMARK_JOBS"), out var j) ? j : 1_000;
Console.WriteLine($"Matching.Nightly benchmark: {profiles:N0} profiles × {jobs:N0} open jobs, top 100, PostgreSQL, {Environment.ProcessorCount} cores");
Console.WriteLine($"program: {NightlyProcess.DllPath}");
if (NightlyProcess.DllPath.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}"))
    Console.WriteLine("warning: a Debug build; run the benchmark with -c Release for representative numbers");

await using var database = await ScratchDatabase.CreateAsync(DatabaseProvider.Postgres);
var seed = Stopwatch.StartNew();
await SyntheticData.AddProfilesAsync(database.Options, TestTaxonomy.Instance, 0, profiles);
await SyntheticData.AddJobsAsync(database.Db, TestTaxonomy.Instance, jobs);
var rows = await database.CountAsync("SELECT count(*) FROM profile_skills");
Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:0} s: {rows:N0} profile skill rows (not part of the run)");

// First night: every place is new. Second night: the same data, so every place is compared and unchanged.
var first = await RunAsync(database, "first run (no previous lists)");
if (first is null) return 1;
var second = await RunAsync(database, "second run (compared with the first)");
if (second is null) return 1;

var failures = new List<string>();
if ((second.Value.Run.JobsTotal, second.Value.Run.JobsScored) != (jobs, jobs))
    failures.Add($"The second run scored {second.Value.Run.JobsScored} of {second.Value.Run.JobsTotal} jobs, expected {jobs} of {jobs}.");
if (first.Value.Run.Results != second.Value.Run.Results)
    failures.Add($"The runs differ in results: {first.Value.Run.Results} then {second.Value.Run.Results}.");
if (second.Value.Run.Results != second.Value.Run.Changes.Unchanged)
    failures.Add($"The second run has {second.Value.Run.Changes.Unchanged} unchanged of {second.Value.Run.Results} results, expected all.");
if (first.Value.Wall > bar) failures.Add($"The first run took {first.Value.Wall.TotalSeconds:0.0} s, over {bar.TotalSeconds} s.");
if (second.Value.Wall > bar) failures.Add($"The second run took {second.Value.Wall.TotalSeconds:0.0} s, over {bar.TotalSeconds} s.");
foreach (var failure in failures) Console.Error.WriteLine($"FAILED: {failure}");
Console.WriteLine(failures.Count == 0 ? $"PASSED: both runs within {bar.TotalSeconds} s" : $"FAILED: {failures.Count} check(s)");
return failures.Count == 0 ? 0 : 1;

static async Task<(ScoringRun Run, TimeSpan Wall)?> RunAsync(ScratchDatabase database, string what)
{
    var watch = Stopwatch.StartNew();
    var (code, text) = await NightlyProcess.RunAsync(database.Options, null, "run");
    var wall = watch.Elapsed;
    if (code != 0)
    {
        Console.Error.WriteLine($"FAILED: {what}: Matching.Nightly exited with {code}:\n{text}");
        return null;
    }
    var run = (await database.Db.ScoringRuns.LatestSucceededAsync(CancellationToken.None))!;
    Console.WriteLine($"{what}: {wall.TotalSeconds:0.0} s for the process (start to exit), {run.Results:N0} results, " +
                      $"{run.Changes.New:N0} new, {run.Changes.Unchanged:N0} unchanged");
    Console.WriteLine($"  loading index {Seconds(run.Timings.LoadMs)}, scoring {Seconds(run.Timings.ScoreMs)}, " +
                      $"writing {Seconds(run.Timings.WriteMs)} (overlaps scoring), run total {(run.FinishedAt!.Value - run.StartedAt).TotalSeconds:0.0} s");
    return (run, wall);
}

static string Seconds(long? ms) => ms is { } v ? $"{v / 1000.0:0.0} s" : "–";
