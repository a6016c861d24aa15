using System.Diagnostics;
using Matching.Benchmarks;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Loader;
using static Matching.Benchmarks.Measure;

// The /match benchmarks (issue 5). Run on demand, in Release, not in CI.
//
// Default: the end-to-end run on PostgreSQL, on the same data throughout (see EndToEnd.cs):
//   dotnet run -c Release --project tests/Matching.Benchmarks -- [--sizes 100000,1000000] [--queries 300] [--warmup 50]
//       [--sql-queries 5] [--http-size 100000] [--http-seconds 20] [--http-connections 16] [--http-requirements 8] [--reload]
// PostgreSQL: MATCHING_TEST_POSTGRES (give it shared_buffers of a few GB for representative SQL figures), else a throwaway
// cluster from the installed binaries. The databases matching_bench_<size> are loaded once and kept. HTTP needs wrk.
// Exit code 1 when a SQL ranking differs from the index's or the HTTP run fails.
//
// --in-memory: the index alone on generated vectors (no database):
//   dotnet run -c Release --project tests/Matching.Benchmarks -- --in-memory [--sizes 100000,1000000] [--queries 500]
//       [--warmup 100] [--repeat 1] [--verify 5] [--taxonomy db/taxonomy.json] [--parallelism N] [--throughput-seconds 3]
//       [--writes 10000]
// --repeat R also times each job R times and reports its fastest run (the cost without other processes' noise);
// --verify N checks N jobs per size against scoring every profile one by one with Scorer (slow at 1M);
// --search: profiles with synthetic attributes (issue 14); times 8-requirement jobs with a location + tag + numeric filter
// keeping about a fifth of the profiles (each job also unfiltered, alternately, for the comparison), the same with facets,
// the skills facet alone, Similar, and measures the index with attributes:
//   dotnet run -c Release --project tests/Matching.Benchmarks -- --in-memory --search [--sizes 1000000] [--queries 500] [--warmup 100]
// --probe times two fixed jobs (fixed overhead, one heavy job); with PROBE_SECONDS=S set it then loops over 8-requirement
// jobs for S seconds, for attaching a profiler (perf with DOTNET_PerfMapEnabled=1).
if (!args.Contains("--in-memory")) return await EndToEnd.RunAsync(args);
args = args.Where(a => a != "--in-memory").ToArray();
var options = BenchOptions.Parse(args);
var taxonomy = LoadTaxonomy(options.TaxonomyPath);
var synthetic = new SyntheticProfiles(taxonomy);
Console.WriteLine($"# MatchIndex benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, " +
                  $"server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"taxonomy: {taxonomy.Count} skills ({taxonomy.Version}); scorer {ScoringRules.ScorerVersion}");
Console.WriteLine();

var results = new List<string>();
foreach (var size in options.Sizes)
{
    RunSize(size, options, taxonomy, synthetic, results);
    SettledMemory();
}

Console.WriteLine("| profiles | what | | | |");
Console.WriteLine("|---|---|---|---|---|");
results.ForEach(Console.WriteLine);
return Environment.ExitCode;

static void RunSize(int size, BenchOptions options, SkillTaxonomy taxonomy, SyntheticProfiles synthetic, List<string> results)
{
    var generation = Stopwatch.StartNew();
    var rows = new ProfileRows(synthetic, size, seed: size);
    generation.Stop();
    Console.WriteLine($"## {size:N0} profiles — generated in {generation.Elapsed.TotalSeconds:F1} s, " +
                      $"{rows.Postings / (double)size:F1} skills per profile (mentioned + inferred)");

    ProfileAttributes[]? attributes = null;
    if (options.Search)
    {
        var attributeRandom = new Random(size + 1);
        var synthetic2 = new SyntheticAttributes();
        attributes = new ProfileAttributes[size];
        for (var i = 0; i < size; i++) attributes[i] = synthetic2.Next(attributeRandom);
    }
    var index = new MatchIndex(taxonomy, new MatchIndexOptions(Parallelism: options.Parallelism, AutoCompact: false));
    var before = SettledMemory();
    var load = Stopwatch.StartNew();
    var builder = new MatchIndexBuilder(taxonomy, size, (int)(rows.Postings / size) + 1);
    var skills = new List<IndexedSkill>(64);
    for (var i = 0; i < size; i++)
    {
        rows.CopyTo(i, taxonomy, skills);
        builder.Add(rows.Ids[i], "hr-" + i, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(skills), attributes?[i]);
    }
    index.Load(builder);
    load.Stop();
    GC.KeepAlive(rows);
    var indexBytes = SettledMemory() - before;
    var stats = index.Stats;
    Console.WriteLine($"load: {load.Elapsed.TotalSeconds:F2} s; index: {indexBytes / 1048576.0:F0} MB measured " +
                      $"({indexBytes / (double)size:F0} B/profile, {indexBytes / (double)stats.Postings:F2} B/posting), " +
                      $"{stats.EstimatedBytes / 1048576.0:F0} MB estimated; {stats.Postings:N0} postings");
    results.Add($"| {size:N0} | load | {load.Elapsed.TotalSeconds:F2} s | {indexBytes / 1048576.0:F0} MB | {indexBytes / (double)size:F0} B/profile |");

    var random = new Random(1234);
    if (attributes is not null)
    {
        SearchBenchmark.Run(index, rows, attributes, taxonomy, synthetic, options, results, size);
        GC.KeepAlive(attributes);
        return;
    }
    if (options.Probe)
    {
        // Fixed costs: a job whose lists are tiny, so nearly all the time is per-query overhead and the final scan.
        var rare = taxonomy.Skills.OrderBy(sk => rows.PostingsScanned(taxonomy, [new Requirement(sk.Id)])).First().Id;
        foreach (var job in new List<Requirement>[] { [new Requirement(rare)], synthetic.Job(new Random(5), 8) })
        {
            var fastest = double.MaxValue;
            for (var r = 0; r < 200; r++)
            {
                var start = Stopwatch.GetTimestamp();
                index.Match(job, new MatchOptions());
                fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            Console.WriteLine($"probe {string.Join(",", job.Select(q => q.Skill))}: fastest {fastest:F3} ms, {rows.PostingsScanned(taxonomy, job)} postings");
        }
        if (Environment.GetEnvironmentVariable("PROBE_SECONDS") is { } seconds)
        {
            // For attaching a profiler: the 8-requirement probe in a loop.
            Console.WriteLine("probe loop starts");
            var probeRandom = new Random(5);
            var probeJobs = Enumerable.Range(0, 64).Select(_ => synthetic.Job(probeRandom, 8)).ToList();
            var until = Stopwatch.GetTimestamp() + (long)(double.Parse(seconds) * Stopwatch.Frequency);
            var cpu0 = Environment.CpuUsage.TotalTime;
            var queries = 0;
            for (; Stopwatch.GetTimestamp() < until; queries++) index.Match(probeJobs[queries % probeJobs.Count], new MatchOptions());
            Console.WriteLine($"probe loop: {queries} queries, {(Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds / queries:F3} ms cpu each");
        }
        return;
    }
    foreach (var requirementCount in new[] { 2, 8, 30 })
    {
        var jobs = Enumerable.Range(0, options.Warmup + options.Queries).Select(_ => synthetic.Job(random, requirementCount)).ToList();
        var matchOptions = new MatchOptions(TopK: 20);
        foreach (var job in jobs.Take(options.Warmup)) index.Match(job, matchOptions);
        var times = new double[options.Queries];
        long hits = 0;
        var scanned = jobs.Skip(options.Warmup).Average(job => rows.PostingsScanned(taxonomy, job));
        var extraShare = jobs.Skip(options.Warmup).Average(job => rows.Scanned(taxonomy, job).Extra) / scanned;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        for (var q = 0; q < options.Queries; q++)
        {
            var job = jobs[options.Warmup + q];
            var start = Stopwatch.GetTimestamp();
            var outcome = index.Match(job, matchOptions);
            times[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            hits += outcome.Hits.Count;
        }
        var cpu = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds / options.Queries;
        if (options.Repeat > 1)
        {
            // Each job again, keeping its fastest run: the compute cost without other processes' interference.
            var best = new double[options.Queries];
            for (var q = 0; q < options.Queries; q++)
            {
                best[q] = double.MaxValue;
                for (var r = 0; r < options.Repeat; r++)
                {
                    var start = Stopwatch.GetTimestamp();
                    index.Match(jobs[options.Warmup + q], matchOptions);
                    best[q] = Math.Min(best[q], Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
            Array.Sort(best);
            Console.WriteLine($"{requirementCount,2} requirements, fastest of {options.Repeat} per job: p50 {Percentile(best, 0.50):F3} ms, p99 {Percentile(best, 0.99):F3} ms");
        }
        Array.Sort(times);
        var line = $"{requirementCount,2} requirements: min {times[0]:F3} p10 {Percentile(times, 0.10):F3} p50 {Percentile(times, 0.50):F3} ms, p99 {Percentile(times, 0.99):F3} ms, " +
                   $"mean {times.Average():F3} ms, max {times[^1]:F3} ms, cpu {cpu:F3} ms/query " +
                   $"({options.Queries} queries, {hits / (double)options.Queries:F1} hits, {scanned / 1e6:F2} M postings scanned each, {extraShare:P0} parent/related)";
        Console.WriteLine(line);
        results.Add($"| {size:N0} | {requirementCount} req | p50 {Percentile(times, 0.50):F2} ms | p99 {Percentile(times, 0.99):F2} ms | mean {times.Average():F2} ms |");
    }

    if (options.ThroughputSeconds > 0)
    {
        var jobs = Enumerable.Range(0, 256).Select(_ => synthetic.Job(random, 8)).ToList();
        var callers = Environment.ProcessorCount * 2;
        long done = 0;
        var until = Stopwatch.GetTimestamp() + (long)(options.ThroughputSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            var n = c;
            while (Stopwatch.GetTimestamp() < until)
            {
                index.Match(jobs[n++ % jobs.Count], new MatchOptions());
                Interlocked.Increment(ref done);
            }
        })).ToList();
        var wall = Stopwatch.StartNew();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Console.WriteLine($"throughput, 8 requirements, {callers} concurrent callers: {done / wall.Elapsed.TotalSeconds:F0} queries/s");
        results.Add($"| {size:N0} | 8 req, {callers} callers | {done / wall.Elapsed.TotalSeconds:F0} queries/s | | |");
    }

    if (options.Writes > 0)
    {
        // Writes land in the delta segment until a compaction folds them in; queries meanwhile read both.
        var writeRandom = new Random(99);
        var vectors = Enumerable.Range(0, options.Writes).Select(_ => synthetic.Profile(writeRandom)).ToList();
        var targets = Enumerable.Range(0, options.Writes).Select(_ => writeRandom.Next(size)).ToArray();
        var writes = Stopwatch.StartNew();
        for (var i = 0; i < options.Writes; i++) index.Upsert(rows.Ids[targets[i]], "hr-" + targets[i], vectors[i]);
        writes.Stop();
        for (var i = 0; i < options.Writes; i++) rows.Replace(targets[i], vectors[i]); // what the verification compares with
        var jobs = Enumerable.Range(0, 200).Select(_ => synthetic.Job(random, 8)).ToList();
        var pendingTimes = jobs.Select(job =>
        {
            var start = Stopwatch.GetTimestamp();
            index.Match(job, new MatchOptions());
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }).Order().ToArray();
        var compaction = Stopwatch.StartNew();
        index.Compact();
        compaction.Stop();
        Console.WriteLine($"writes: {options.Writes:N0} upserts in {writes.Elapsed.TotalMilliseconds:F0} ms " +
                          $"({writes.Elapsed.TotalMicroseconds / options.Writes:F0} µs each); 8 requirements with them pending: " +
                          $"p50 {Percentile(pendingTimes, 0.5):F3} ms, p99 {Percentile(pendingTimes, 0.99):F3} ms; compaction {compaction.Elapsed.TotalSeconds:F2} s");
        results.Add($"| {size:N0} | {options.Writes:N0} upserts | {writes.Elapsed.TotalMicroseconds / options.Writes:F0} µs each | compaction {compaction.Elapsed.TotalSeconds:F2} s | |");
    }

    if (options.Verify > 0)
    {
        var verified = 0;
        foreach (var requirementCount in new[] { 2, 8, 30 })
        {
            for (var v = 0; v < options.Verify; v++)
            {
                var job = synthetic.Job(random, requirementCount);
                var matchOptions = new MatchOptions(TopK: 50, Strict: v % 3 == 1, MinScore: v % 3 == 2 ? 40 : null);
                var actual = index.Match(job, matchOptions).Hits;
                var expected = OneByOne(rows, taxonomy, job, matchOptions);
                if (!actual.Select(Describe).SequenceEqual(expected.Select(Describe)))
                {
                    Console.WriteLine($"MISMATCH for {string.Join(", ", job.Select(r => r.Skill))}");
                    Environment.ExitCode = 1;
                }
                verified++;
            }
        }
        Console.WriteLine($"verified against scoring every profile one by one: {verified} jobs, {(Environment.ExitCode == 0 ? "all identical" : "MISMATCHES")}");
    }
    Console.WriteLine();
}

static string Describe(MatchHit h) => $"{h.Rank} {h.ProfileId} {h.Score} [{string.Join(",", h.MissingRequired)}]";

static List<MatchHit> OneByOne(ProfileRows rows, SkillTaxonomy taxonomy, IReadOnlyList<Requirement> job, MatchOptions options)
{
    var scored = new (string Id, ProfileScore Score)[rows.Count];
    Parallel.For(0, rows.Count, i => scored[i] = (rows.Ids[i], Scorer.Score(taxonomy, rows.Current(i, taxonomy), job)));
    return scored
        .Where(x => x.Score.Score > 0 || x.Score.MatchedAnything)
        .Where(x => !options.Strict || x.Score.MissingRequired.Count == 0)
        .Where(x => options.MinScore is null || x.Score.Score >= (decimal)options.MinScore.Value)
        .OrderBy(x => x.Score.MissingRequired.Count).ThenByDescending(x => x.Score.Score).ThenBy(x => x.Id, StringComparer.Ordinal)
        .Take(options.TopK)
        .Select((x, i) => new MatchHit(i + 1, x.Id, null, x.Score.Score, x.Score.MissingRequired))
        .ToList();
}

static SkillTaxonomy LoadTaxonomy(string? path)
{
    path ??= SkillTaxonomy.LocateDefaultFile();
    return SkillTaxonomy.LoadFile(path);
}

internal sealed record BenchOptions(int[] Sizes, int Queries, int Warmup, int Verify, string? TaxonomyPath, int Parallelism, double ThroughputSeconds, int Repeat = 1, bool Probe = false, int Writes = 10_000, bool Search = false)
{
    public static BenchOptions Parse(string[] args) => Arguments.Parse(args, new BenchOptions([100_000, 1_000_000], 500, 100, 0, null, 0, 3),
        (o, name, next) => name switch
        {
            "--sizes" => o with { Sizes = next().Split(',').Select(int.Parse).ToArray() },
            "--queries" => o with { Queries = int.Parse(next()) },
            "--warmup" => o with { Warmup = int.Parse(next()) },
            "--probe" => o with { Probe = true },
            "--search" => o with { Search = true },
            "--writes" => o with { Writes = int.Parse(next()) },
            "--repeat" => o with { Repeat = int.Parse(next()) },
            "--verify" => o with { Verify = int.Parse(next()) },
            "--taxonomy" => o with { TaxonomyPath = next() },
            "--parallelism" => o with { Parallelism = int.Parse(next()) },
            "--throughput-seconds" => o with { ThroughputSeconds = double.Parse(next(), System.Globalization.CultureInfo.InvariantCulture) },
            _ => throw new ArgumentException($"Unknown option {name}"),
        });
}
