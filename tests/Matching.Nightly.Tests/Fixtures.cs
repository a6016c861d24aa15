using System.Diagnostics;
using System.Text;
using Dapper;
using Matching.Core.Jobs;
using Matching.Core.Profiles;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Scoring;
using Matching.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Nightly.Tests;

/// <summary>The taxonomy of db/taxonomy.json, loaded once per test process.</summary>
public static class TestTaxonomy
{
    private static readonly Lazy<SkillTaxonomy> Shared = new(() => SkillTaxonomy.LoadFile(SkillTaxonomy.LocateDefaultFile()));

    public static SkillTaxonomy Instance => Shared.Value;
}

/// <summary>
/// A fresh migrated database of one provider for one test: a SQLite file or a new PostgreSQL database on the shared
/// test server. Dropped on dispose.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private ScratchDatabase(TestDatabase database, MatchingDatabase db)
    {
        _database = database;
        Db = db;
    }

    public MatchingDatabase Db { get; }
    public DatabaseOptions Options => _database.Options;
    public DatabaseProvider Provider => _database.Provider;

    public static async Task<ScratchDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var db = MatchingDatabase.Open(database.Options);
        await db.MigrateAsync();
        return new ScratchDatabase(database, db);
    }

    /// <summary>Stores a profile with the given explicit skills (ancestors inferred as the API would) and returns its id.</summary>
    public async Task<string> AddProfileAsync(string externalId, params (string Skill, double Level)[] skills)
    {
        var taxonomy = TestTaxonomy.Instance;
        var extracted = skills.Select(s => new ProfileSkill(s.Skill, s.Level, SkillSource.Mentioned, [])).ToList();
        var (profile, _) = await Db.Profiles.UpsertAsync(
            new ProfileWrite(externalId, Core.Extraction.Questionnaire.Text("test"), "en", extracted, [], ExtractionVersions.Current(taxonomy)),
            (e, o) => SkillVector.Compose(taxonomy, e, o), CancellationToken.None);
        return profile.Id;
    }

    /// <summary>What an older extractor stamped on the profiles of <see cref="AddStaleProfilesAsync"/>.</summary>
    public static readonly ExtractionVersions OldVersions = new("extractor-0", "taxonomy-0");

    /// <summary>
    /// Loads <paramref name="count"/> profiles an older extractor wrote (<see cref="OldVersions"/>), in bulk: each
    /// questionnaire is <paramref name="text"/>, while the stored extraction says only COBOL. Returns their ids, in order.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddStaleProfilesAsync(int count, string text, string prefix = "stale")
    {
        var taxonomy = TestTaxonomy.Instance;
        IReadOnlyList<ProfileSkill> extracted = [new ProfileSkill("cobol", 0.5, SkillSource.Mentioned, [], "the old extractor")];
        var effective = SkillVector.Compose(taxonomy, extracted);
        var profiles = Enumerable.Range(0, count)
            .Select(i => new BulkProfile($"p_{prefix}_{i:d6}", $"{prefix}-{i}", "ru", Core.Extraction.Questionnaire.Text(text), extracted,
                effective, [], OldVersions))
            .ToList();
        await Db.BulkLoader.LoadAsync(profiles);
        return profiles.Select(p => p.Id).ToList();
    }

    /// <summary>Sets a skill's level as a recruiter override would.</summary>
    public Task SetLevelAsync(string profileId, string skill, double level) =>
        Db.Profiles.ApplyOverridesAsync(profileId, [new SkillOverride(skill, level, false)],
            (e, o) => SkillVector.Compose(TestTaxonomy.Instance, e, o), CancellationToken.None);

    public async Task<string> AddJobAsync(string title, string status = JobStatus.Open, params Requirement[] requirements) =>
        (await Db.Jobs.CreateAsync(new JobWrite(null, title, null, status, requirements), CancellationToken.None)).Id;

    /// <summary>A count straight from the tables, for what readers must not see (partial or deleted rows).</summary>
    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var pg = new NpgsqlConnection(Options.ConnectionString);
            return await pg.ExecuteScalarAsync<long>(sql, parameters);
        }
        await using var sqlite = new SqliteConnection(Options.ConnectionString);
        return await sqlite.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>
    /// Waits until <paramref name="countSql"/> counts something while every writer is kept out, and returns with writers
    /// still kept out (PostgreSQL: <paramref name="tables"/> locked against writes; SQLite: the write lock held), so
    /// what was counted is still true when the caller acts on it, e.g. kills a process half-way. Dispose to let writers
    /// go on. Each attempt holds the lock for one count only, and gives way at once to a writer already inside a
    /// transaction (a lock timeout far below the deadlock detector's second), so the writer never fails because of it.
    /// Before each attempt <paramref name="giveUp"/> may end the wait with a failure message (thrown: the file is shared
    /// with the benchmarks, which have no test framework).
    /// </summary>
    public async Task<IAsyncDisposable> HoldWritersOnceAsync(string countSql, string[] tables, Func<TimeSpan, string?> giveUp)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (giveUp(watch.Elapsed) is { } failure) throw new InvalidOperationException(failure);
            var hold = await TryHoldAsync();
            if (hold is not null) return hold;
            await Task.Delay(5);
        }

        async Task<IAsyncDisposable?> TryHoldAsync()
        {
            System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Postgres
                ? new NpgsqlConnection(Options.ConnectionString)
                : new SqliteConnection(new SqliteConnectionStringBuilder(Options.ConnectionString) { Pooling = false }.ToString());
            await connection.OpenAsync();
            System.Data.Common.DbTransaction? tx = null;
            try
            {
                if (Provider == DatabaseProvider.Postgres)
                {
                    tx = await connection.BeginTransactionAsync();
                    // Wait for the writer's current transaction rather than give up at once: the lock queue then serves this
                    // request before the writer's next one, so a fast run cannot slip past between two short attempts.
                    await connection.ExecuteAsync("SET LOCAL lock_timeout = '5s'", transaction: tx);
                    await connection.ExecuteAsync($"LOCK TABLE {string.Join(", ", tables)} IN SHARE ROW EXCLUSIVE MODE", transaction: tx);
                }
                else
                {
                    await connection.ExecuteAsync("PRAGMA busy_timeout = 2000");
                    tx = ((SqliteConnection)connection).BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock
                }
                if (await connection.ExecuteScalarAsync<long>(countSql, transaction: tx) > 0)
                    return new WriterHold(connection, tx);
            }
            catch (Exception e) when (e is NpgsqlException or SqliteException)
            {
                // A writer was inside a transaction: let it finish and try again.
            }
            if (tx is not null) await tx.DisposeAsync();
            await connection.DisposeAsync();
            return null;
        }
    }

    private sealed class WriterHold(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync(); // rolls back: PostgreSQL's table locks or SQLite's write lock are released
            await connection.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>The built <c>Matching.Nightly</c> program run as a real process (<c>dotnet Matching.Nightly.dll …</c>).</summary>
public sealed class NightlyProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NightlyProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static NightlyProcess Start(DatabaseOptions database, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(DllPath)!,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Matching"] = database.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment.Remove(ScoringSettings.WebhookSecretVariable);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return new NightlyProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet."));
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(DatabaseOptions database, IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        using var process = Start(database, environment, args);
        var code = await process.WaitAsync(TimeSpan.FromMinutes(3));
        return (code, process.Output);
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Matching.Nightly did not finish within {timeout}:\n{Output}");
        }
        _process.WaitForExit(); // drains the output
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as kill -9: no handler runs, nothing is cleaned up.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    /// <summary>
    /// The program as the project reference copied it beside the tests (with its runtimeconfig and deps files, which
    /// <c>dotnet</c> needs), so always the same build configuration as the tests.
    /// </summary>
    public static string DllPath { get; } = FindDll();

    private static string FindDll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Matching.Nightly.dll");
        if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "Matching.Nightly.runtimeconfig.json"))) return beside;
        throw new FileNotFoundException($"Matching.Nightly.dll and its runtimeconfig were not found in {AppContext.BaseDirectory}; build the tests again.");
    }
}
