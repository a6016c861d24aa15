using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Matching.Core.Jobs;
using Matching.Core.Scoring;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Loader;
using Matching.Testing;
using Npgsql;
using static Matching.Benchmarks.Measure;

namespace Matching.Benchmarks;

/// <summary>
/// Issue 5's benchmark, in one run and on the same data: synthetic profiles bulk-loaded into PostgreSQL (one database per
/// size, kept between runs), the match index cold-loaded from it the way the API loads it, in-process /match latency for
/// 2-, 8- and 30-requirement jobs, the same rankings by the equivalent SQL through Dapper (checked identical) and the
/// ratio, index memory per profile, and HTTP throughput under wrk against the API process at the smallest size.
/// </summary>
internal static partial class EndToEnd
{
    private sealed record Options(int[] Sizes, int Queries, int Warmup, int SqlQueries, int HttpSize, int HttpSeconds, int HttpConnections,
        int HttpRequirements, int HttpJobs, int HttpRuns, bool Reload, string HttpEncoding = "none")
    {
        public static Options Parse(string[] args) => Arguments.Parse(args, new Options([100_000, 1_000_000], 300, 50, 5, 100_000, 20, 16, 8, 1000, 3, false),
            (o, name, next) => name switch
            {
                "--sizes" => o with { Sizes = next().Split(',').Select(int.Parse).ToArray() },
                "--queries" => o with { Queries = int.Parse(next()) },
                "--warmup" => o with { Warmup = int.Parse(next()) },
                "--sql-queries" => o with { SqlQueries = int.Parse(next()) },
                "--http-size" => o with { HttpSize = int.Parse(next()) },
                "--http-seconds" => o with { HttpSeconds = int.Parse(next()) },
                "--http-connections" => o with { HttpConnections = int.Parse(next()) },
                "--http-requirements" => o with { HttpRequirements = int.Parse(next()) },
                "--http-jobs" => o with { HttpJobs = int.Parse(next()) },
                "--http-runs" => o with { HttpRuns = Math.Max(1, int.Parse(next())) },
                "--reload" => o with { Reload = true },
                // none: response compression off in the API (Compression__Enabled=false); br or gzip: on, and wrk asks for it.
                "--http-encoding" => o with { HttpEncoding = next() is var e && e is "none" or "br" or "gzip" ? e : throw new ArgumentException("--http-encoding none|br|gzip") },
                _ => throw new ArgumentException($"Unknown option {name}"),
            });
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var taxonomy = SkillTaxonomy.LoadFile(SkillTaxonomy.LocateDefaultFile());
        var synthetic = new SyntheticProfiles(taxonomy);
        var server = await PostgresServer.GetAsync();
        Console.WriteLine($"# /match benchmark (issue 5) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; PostgreSQL: {server.Description}");
        Console.WriteLine($"taxonomy: {taxonomy.Count} skills ({taxonomy.Version}); scorer {ScoringRules.ScorerVersion}; top-20 per query");
        Console.WriteLine();
        var table = new List<string>();
        var failures = 0;

        foreach (var size in options.Sizes)
        {
            var connectionString = await EnsureDatabaseAsync(server, size, synthetic, options.Reload);
            var dbOptions = new DatabaseOptions(DatabaseProvider.Postgres, connectionString);
            Console.WriteLine($"## {size:N0} profiles");

            // Cold load, as the API does at start-up.
            MatchIndex index;
            long bytes;
            TimeSpan load;
            await using (var db = MatchingDatabase.Open(dbOptions))
            {
                var before = SettledMemory();
                var watch = Stopwatch.StartNew();
                var loaded = await db.Profiles.ReadIndexAsync(taxonomy, CancellationToken.None);
                index = new MatchIndex(taxonomy, new MatchIndexOptions(AutoCompact: false));
                index.Load(loaded.Builder);
                load = watch.Elapsed;
                loaded = null;
                bytes = SettledMemory() - before;
            }
            Console.WriteLine($"cold load from PostgreSQL: {load.TotalSeconds:F1} s; index {bytes / 1048576.0:F0} MB ({bytes / (double)size:F0} B/profile)");
            table.Add($"| {size:N0} | cold load from PostgreSQL | {load.TotalSeconds:F1} s | index {bytes / 1048576.0:F0} MB, {bytes / (double)size:F0} B/profile | |");

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var sql = new SqlRanking(taxonomy);
            var random = new Random(1234 + size);
            foreach (var count in new[] { 2, 8, 30 })
            {
                var jobs = Enumerable.Range(0, options.Warmup + options.Queries).Select(_ => synthetic.Job(random, count)).ToList();
                var matchOptions = new MatchOptions(TopK: 20);
                // Warm-up on other jobs until tiered JIT has settled (hot loops are recompiled after a few hundred ms).
                var warm = Stopwatch.StartNew();
                do
                {
                    foreach (var job in jobs.Take(options.Warmup)) index.Match(job, matchOptions);
                } while (warm.Elapsed < TimeSpan.FromSeconds(3));
                var times = jobs.Skip(options.Warmup).Select(job =>
                {
                    var start = Stopwatch.GetTimestamp();
                    index.Match(job, matchOptions);
                    return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }).Order().ToArray();

                // The same jobs through SQL: the first few measured jobs, each timed once after one untimed run (warm cache).
                var sqlTimes = new List<double>();
                var indexTimes = new List<double>();
                var identical = 0;
                foreach (var job in jobs.Skip(options.Warmup).Take(options.SqlQueries))
                {
                    await sql.RankAsync(connection, job, matchOptions);
                    var start = Stopwatch.GetTimestamp();
                    var rows = await sql.RankAsync(connection, job, matchOptions);
                    sqlTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    // The index on the same job, warm (the SQL run just flushed the caches): the median of 5 runs.
                    var hits = index.Match(job, matchOptions).Hits;
                    var runs = new List<double>();
                    for (var r = 0; r < 5; r++)
                    {
                        start = Stopwatch.GetTimestamp();
                        index.Match(job, matchOptions);
                        runs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    indexTimes.Add(Median(runs));
                    if (Same(rows, hits)) identical++;
                    else
                    {
                        failures++;
                        Console.WriteLine($"  MISMATCH between SQL and the index for {string.Join(", ", job.Select(r => r.Skill))}");
                        Console.WriteLine($"    sql:   {string.Join(" ", rows.Take(5).Select(r => $"{r.ProfileId[^6..]}:{r.Units}/{r.Missing}"))}");
                        Console.WriteLine($"    index: {string.Join(" ", hits.Take(5).Select(h => $"{h.ProfileId[^6..]}:{h.Score}/{h.MissingRequired.Count}"))}");
                    }
                }
                var sqlMedian = Median(sqlTimes);
                var indexMedian = Median(indexTimes);
                var ratio = sqlMedian / Math.Max(1e-6, indexMedian);
                Console.WriteLine($"{count,2} requirements: index p50 {Percentile(times, 0.5):F3} ms, p99 {Percentile(times, 0.99):F3} ms ({options.Queries} jobs); " +
                                  $"SQL median {sqlMedian:F0} ms over {sqlTimes.Count} jobs (index {indexMedian:F3} ms on the same jobs): {ratio:N0}× faster, " +
                                  $"{identical}/{sqlTimes.Count} rankings identical");
                table.Add($"| {size:N0} | {count} requirements | p50 {Percentile(times, 0.5):F2} ms, p99 {Percentile(times, 0.99):F2} ms | SQL {sqlMedian:N0} ms | {ratio:N0}× ({identical}/{sqlTimes.Count} identical) |");
            }

            if (size == options.HttpSize)
            {
                // With the evidence cache (the default), then without it: every page of results read from PostgreSQL.
                // With the evidence cache (the default), then without it: every page of results read from PostgreSQL. Each
                // run is a fresh API process: throughput differs from process to process on this VM (the same binary,
                // data and load), so the cache-on figure is the median of --http-runs, with every run listed.
                foreach (var cached in new[] { true, false })
                {
                    var runs = new List<HttpResult>();
                    for (var run = 0; run < (cached ? options.HttpRuns : 1); run++)
                    {
                        if (await HttpLoadAsync(connectionString, synthetic, options, cached) is { } result) runs.Add(result);
                        else failures++;
                    }
                    if (runs.Count == 0) continue;
                    var median = runs.OrderBy(r => r.RequestsPerSecond).ElementAt(runs.Count / 2);
                    var all = runs.Count > 1 ? $" (runs: {string.Join(" / ", runs.Select(r => r.RequestsPerSecond.ToString("N0")))} req/s, p99 {string.Join(" / ", runs.Select(r => r.P99))})" : "";
                    table.Add($"| {size:N0} | HTTP, wrk {options.HttpConnections} connections, {options.HttpJobs:N0} distinct {options.HttpRequirements}-requirement jobs, " +
                              $"evidence cache {(cached ? "on" : "off")}{(runs.Count > 1 ? $", median of {runs.Count} API processes" : "")} | " +
                              $"{median.RequestsPerSecond:N0} req/s | p50 {median.P50}, p99 {median.P99} | " +
                              $"{runs.Sum(r => r.Errors)} errors; API CPU {median.CpuMsPerRequest:F2} ms/request{all} |");
                }
            }
            GC.KeepAlive(index);
            index = null!;
            SettledMemory();
            Console.WriteLine();
        }

        Console.WriteLine("| profiles | what | in-process index | PostgreSQL / HTTP | ratio / notes |");
        Console.WriteLine("|---|---|---|---|---|");
        table.ForEach(Console.WriteLine);
        Console.WriteLine(failures == 0 ? "all SQL rankings identical to the index's" : $"FAILED: {failures} problem(s)");
        return failures == 0 ? 0 : 1;
    }

    private static bool Same(IReadOnlyList<SqlRanking.Row> rows, IReadOnlyList<MatchHit> hits) =>
        rows.Count == hits.Count && rows.Zip(hits).All(p =>
            p.First.ProfileId == p.Second.ProfileId && p.First.Units == (long)(p.Second.Score * 10_000) &&
            p.First.Missing == p.Second.MissingRequired.Count);

    /// <summary>A database per size, loaded once with the bulk loader and kept for later runs (unless --reload).</summary>
    private static async Task<string> EnsureDatabaseAsync(PostgresServer server, int size, SyntheticProfiles synthetic, bool reload)
    {
        var name = $"matching_bench_{size}";
        var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, CommandTimeout = 0 }.ConnectionString;
        await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
        {
            await admin.OpenAsync();
            var exists = await new NpgsqlCommand($"SELECT count(*) FROM pg_database WHERE datname = '{name}'", admin).ExecuteScalarAsync() is long n && n > 0;
            if (exists && !reload)
            {
                await using var db = MatchingDatabase.Open(new DatabaseOptions(DatabaseProvider.Postgres, connectionString));
                await db.MigrateAsync();
                if (await db.Profiles.CountAsync(CancellationToken.None) == size)
                {
                    Console.WriteLine($"database {name}: {size:N0} profiles already loaded (pass --reload to load again)");
                    await EnsureCoveringIndexAsync(connectionString, name);
                    return connectionString;
                }
            }
            if (exists) await new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
        }
        await using (var db = MatchingDatabase.Open(new DatabaseOptions(DatabaseProvider.Postgres, connectionString)))
        {
            await db.MigrateAsync();
            var result = await db.BulkLoader.LoadAsync(SyntheticLoad.Profiles(synthetic, 0, size));
            Console.WriteLine($"database {name}: bulk-loaded {result.Profiles:N0} profiles ({result.Skills / (double)result.Profiles:F1} skills each) " +
                              $"in {result.Elapsed.TotalSeconds:F0} s ({result.Profiles / result.Elapsed.TotalSeconds:N0} profiles/s, binary COPY)");
        }
        await EnsureCoveringIndexAsync(connectionString, name);
        return connectionString;
    }

    /// <summary>Gives the SQL its best chance: an index holding every column it reads, and a fresh visibility map.</summary>
    private static async Task EnsureCoveringIndexAsync(string connectionString, string name)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var exists = await new NpgsqlCommand("SELECT count(*) FROM pg_indexes WHERE indexname = 'bench_profile_skills_cover'", connection)
            .ExecuteScalarAsync() is long n && n > 0;
        if (exists) return;
        var watch = Stopwatch.StartNew();
        await new NpgsqlCommand(SqlRanking.CoveringIndex, connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        await new NpgsqlCommand("VACUUM (ANALYZE) profile_skills", connection) { CommandTimeout = 0 }.ExecuteNonQueryAsync();
        Console.WriteLine($"database {name}: covering index for the SQL ranking and VACUUM ANALYZE in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private sealed record HttpResult(double RequestsPerSecond, string P50, string P99, long Errors, double CpuMsPerRequest);

    /// <summary>The API as its own process on this database, then wrk with a Lua script cycling through job bodies.</summary>
    private static async Task<HttpResult?> HttpLoadAsync(string connectionString, SyntheticProfiles synthetic, Options options, bool evidenceCache)
    {
        if (Which("wrk") is null)
        {
            Console.WriteLine("HTTP: wrk is not installed (apt-get install wrk); skipped");
            return null;
        }
        var root = RepositoryRoot();
        var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "-v", "q", "--nologo", Path.Combine(root, "src", "Matching.Api")]) { RedirectStandardOutput = true })!;
        await build.StandardOutput.ReadToEndAsync();
        await build.WaitForExitAsync();
        var dll = Path.Combine(root, "src", "Matching.Api", "bin", "Release", "net10.0", "Matching.Api.dll");
        if (build.ExitCode != 0 || !File.Exists(dll))
        {
            Console.WriteLine("HTTP: building the API in Release failed");
            return null;
        }

        var port = FreePort();
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Database__Provider"] = "Postgres",
                ["ConnectionStrings__Matching"] = connectionString,
                ["MATCHING_API_KEY"] = key,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Match__EvidenceCacheMegabytes"] = evidenceCache ? "256" : "0",
                // Throughput is measured, not the quotas: one key asks for thousands of answers a second.
                ["RateLimits__Enabled"] = "false",
                ["Compression__Enabled"] = options.HttpEncoding == "none" ? "false" : "true",
            },
        };
        using var api = Process.Start(start)!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                if (api.HasExited || ready.Elapsed > TimeSpan.FromMinutes(2))
                {
                    Console.WriteLine("HTTP: the API did not become ready");
                    return null;
                }
                await Task.Delay(200);
            }
            Console.WriteLine($"HTTP: API ready in {ready.Elapsed.TotalSeconds:F1} s after start (process start, migration check, index load)");

            // Bodies of distinct jobs, as an HR system would send them, checked once before the load.
            var random = new Random(77);
            var bodies = Enumerable.Range(0, options.HttpJobs).Select(_ => JsonSerializer.Serialize(new
            {
                requirements = synthetic.Job(random, options.HttpRequirements)
                    .Select(r => new { skill = r.Skill, weight = r.Weight, required = r.Required, minLevel = r.MinLevel }),
                topK = 20,
            })).ToList();
            using (var probe = new HttpRequestMessage(HttpMethod.Post, "/match") { Content = new StringContent(bodies[0], Encoding.UTF8, "application/json") })
            {
                probe.Headers.Add("X-Api-Key", key);
                var response = await client.SendAsync(probe);
                var text = await response.Content.ReadAsStringAsync();
                Console.WriteLine($"HTTP: probe {(int)response.StatusCode}, {text.Length:N0} bytes, {JsonDocument.Parse(text).RootElement.GetProperty("results").GetArrayLength()} results");
            }

            var script = Path.Combine(Path.GetTempPath(), $"match-{port}.lua");
            var lua = new StringBuilder();
            lua.AppendLine("wrk.method = \"POST\"");
            lua.AppendLine($"wrk.headers[\"X-Api-Key\"] = \"{key}\"");
            lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
            if (options.HttpEncoding != "none") lua.AppendLine($"wrk.headers[\"Accept-Encoding\"] = \"{options.HttpEncoding}\"");
            lua.AppendLine("local bodies = {");
            foreach (var body in bodies) lua.AppendLine($"  [[{body}]],");
            lua.AppendLine("}");
            lua.AppendLine("local i = 0");
            lua.AppendLine("request = function() i = i + 1; return wrk.format(nil, \"/match\", nil, bodies[(i % #bodies) + 1]) end");
            lua.AppendLine("done = function(summary, latency, requests)");
            lua.AppendLine("  io.write(string.format(\"non2xx=%d errors=%d\\n\", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))");
            lua.AppendLine("end");
            await File.WriteAllTextAsync(script, lua.ToString());

            // A warm-up (tiered JIT settles after some thousands of requests; connection pool), then the measured run.
            await RunWrkAsync(script, port, options.HttpConnections, 25);
            api.Refresh();
            var cpuBefore = api.TotalProcessorTime;
            var output = await RunWrkAsync(script, port, options.HttpConnections, options.HttpSeconds);
            api.Refresh();
            var cpu = api.TotalProcessorTime - cpuBefore;
            if (Environment.GetEnvironmentVariable("MATCHING_BENCH_KEEP_SCRIPT") is null) File.Delete(script);
            var rps = double.Parse(RpsPattern().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var p50 = LatencyPattern("50").Match(output).Groups[1].Value;
            var p99 = LatencyPattern("99").Match(output).Groups[1].Value;
            var errorsMatch = ErrorsPattern().Match(output);
            var errors = long.Parse(errorsMatch.Groups[1].Value) + long.Parse(errorsMatch.Groups[2].Value);
            var requests = rps * options.HttpSeconds;
            var cpuPerRequest = requests > 0 ? cpu.TotalMilliseconds / requests : 0;
            Console.WriteLine($"HTTP: wrk -t1 -c{options.HttpConnections} -d{options.HttpSeconds}s, {options.HttpJobs} distinct {options.HttpRequirements}-requirement jobs, " +
                              $"topK 20, evidence cache {(evidenceCache ? "on" : "off")}: {rps:N0} requests/s, latency p50 {p50}, p99 {p99}, " +
                              $"{errors} errors (non-2xx or socket); API CPU {cpuPerRequest:F2} ms/request");
            Console.WriteLine(string.Join(Environment.NewLine, output.Split('\n').Select(l => "    " + l.TrimEnd()).Where(l => l.Trim().Length > 0)));
            return new HttpResult(rps, p50, p99, errors, cpuPerRequest);
        }
        finally
        {
            if (!api.HasExited) api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }
    }

    private static async Task<string> RunWrkAsync(string script, int port, int connections, int seconds)
    {
        var wrk = Process.Start(new ProcessStartInfo("wrk",
            ["-t1", $"-c{connections}", $"-d{seconds}s", "--latency", "-s", script, $"http://127.0.0.1:{port}/match"])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsPattern();

    [GeneratedRegex(@"non2xx=(\d+) errors=(\d+)")]
    private static partial Regex ErrorsPattern();

    private static Regex LatencyPattern(string percent) => new($@"^\s+{percent}(?:\.000)?%\s+(\S+)", RegexOptions.Multiline);

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Matching.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
