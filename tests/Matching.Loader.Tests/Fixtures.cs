using System.Diagnostics;
using System.Text;
using Dapper;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Loader.Import;
using Matching.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Matching.Loader.Tests;

/// <summary>The taxonomy of db/taxonomy.json and the shipped extractor, built once per test process as the loader builds them.</summary>
public static class Extraction
{
    private static readonly Lazy<SkillTaxonomy> SharedTaxonomy = new(() => SkillTaxonomy.LoadFile(SkillTaxonomy.LocateDefaultFile()));
    private static readonly Lazy<SkillExtractor> SharedExtractor = new(() => new SkillExtractor(Taxonomy));

    public static SkillTaxonomy Taxonomy => SharedTaxonomy.Value;
    public static SkillExtractor Extractor => SharedExtractor.Value;
}

/// <summary>A fresh migrated database of one provider and a temp folder for the test's input and error files.</summary>
public sealed class ImportScratch : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private ImportScratch(TestDatabase database, MatchingDatabase db, string folder)
    {
        _database = database;
        Db = db;
        Folder = folder;
    }

    public MatchingDatabase Db { get; }
    public DatabaseOptions Options => _database.Options;
    public string Folder { get; }

    public static async Task<ImportScratch> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var db = MatchingDatabase.Open(database.Options);
        await db.MigrateAsync();
        var folder = Path.Combine(Path.GetTempPath(), "matching-import-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        return new ImportScratch(database, db, folder);
    }

    public string File(string name, string text)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// Runs an import as the command does (records from the path, the error file beside it) and returns what it did;
    /// <paramref name="through"/> sees the records on their way in.
    /// </summary>
    public async Task<(ImportResult Result, IReadOnlyList<ImportError> Errors)> ImportAsync(string path, ImportSettings? settings = null,
        ImportLimits? limits = null, string idPrefix = "", CancellationToken ct = default,
        Func<IEnumerable<ImportRecord>, IEnumerable<ImportRecord>>? through = null)
    {
        var errors = new List<ImportError>();
        using var errorFile = new ErrorFile(ErrorFile.DefaultFor(path));
        var importer = new Importer(Db.Profiles, Extraction.Extractor, Extraction.Taxonomy, settings ?? new ImportSettings(BatchSize: 4));
        var records = RecordSources.Read(path, limits ?? new ImportLimits(), "auto", idPrefix);
        var result = await importer.RunAsync(through is null ? records : through(records),
            e => { errors.Add(e); errorFile.Write(e); }, ct);
        return (result, errors);
    }

    public async Task<long> ScalarAsync(string sql, object? parameters = null)
    {
        if (Options.Provider == DatabaseProvider.Postgres)
        {
            await using var pg = new NpgsqlConnection(Options.ConnectionString);
            return await pg.ExecuteScalarAsync<long>(sql, parameters);
        }
        await using var sqlite = new SqliteConnection(Options.ConnectionString);
        return await sqlite.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        await _database.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>The built <c>Matching.Loader</c> run as a real process, with the store in its environment as an operator sets it.</summary>
public static class LoaderProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(DatabaseOptions database, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["Database__Provider"] = database.Provider.ToString();
        start.Environment["ConnectionStrings__Matching"] = database.ConnectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string DllPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "Matching.Loader.dll");
            if (System.IO.File.Exists(beside) && System.IO.File.Exists(Path.Combine(AppContext.BaseDirectory, "Matching.Loader.runtimeconfig.json")))
                return beside;
            throw new FileNotFoundException($"Matching.Loader.dll and its runtimeconfig were not found in {AppContext.BaseDirectory}; build the tests again.");
        }
    }
}
