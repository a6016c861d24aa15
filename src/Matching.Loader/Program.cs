using System.CommandLine;
using System.Diagnostics;
using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Loader;

// Matching.Loader synthetic --profiles N [--first K] [--seed S] [--jobs M] [--provider sqlite|postgres] [--connection "…"]
// Matching.Loader import PATH [--errors FILE] [--provider …] [--connection …]   (ImportCommand.cs)
// Matching.Loader sample --count N --out FILE [--corpus DIR] [--seed S]          (SampleCommand.cs)
// The store is configured as for the API (Database__Provider, ConnectionStrings__Matching, Taxonomy__Path); --provider
// and --connection override it. Migrates the database first. Exit codes: 0 done, 1 the load failed, 2 bad arguments.
var profiles = new Option<int>("--profiles") { Description = "How many profiles to generate and load.", Required = true };
profiles.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() < 0) r.AddError("--profiles must not be negative.");
});
var first = new Option<int>("--first") { Description = "Index of the first profile (ids are fixed per index, so a load can be resumed).", DefaultValueFactory = _ => 0 };
first.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() < 0) r.AddError("--first must not be negative.");
});
var seed = new Option<int>("--seed") { Description = "Generator seed (the same seed and index give the same profile).", DefaultValueFactory = _ => 7 };
var jobs = new Option<int>("--jobs") { Description = "Also create this many open jobs (3–10 requirements each).", DefaultValueFactory = _ => 0 };
jobs.Validators.Add(r =>
{
    if (r.GetValueOrDefault<int>() is < 0 or > 100_000) r.AddError("--jobs must be between 0 and 100000.");
});
var provider = new Option<string?>("--provider") { Description = "sqlite or postgres (default: Database__Provider, else sqlite)." };
var connection = new Option<string?>("--connection") { Description = "ADO.NET connection string (default: ConnectionStrings__Matching, else the API's SQLite file)." };
var create = new Option<bool>("--create") { Description = "Create the SQLite database when its file does not exist (otherwise a missing file is an error)." };

var synthetic = new Command("synthetic", "Generate realistic synthetic profiles (long-tail skill popularity, correlated skills, levels " +
                                          "spread as extraction spreads them) and load them in bulk: binary COPY on PostgreSQL, batched transactions on SQLite.")
{
    profiles, first, seed, jobs, provider, connection, create,
};
synthetic.SetAction(async (parse, ct) =>
{
    DatabaseOptions options;
    SkillTaxonomy taxonomy;
    try
    {
        var configuration = LoaderConfiguration.Load();
        options = LoaderConfiguration.Database(configuration, parse.GetValue(provider), parse.GetValue(connection), parse.GetValue(create));
        taxonomy = LoaderConfiguration.Taxonomy(configuration);
    }
    catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
    {
        await Console.Error.WriteLineAsync(e.Message);
        return 2;
    }

    var count = parse.GetValue(profiles);
    var from = parse.GetValue(first);
    if ((long)from + count > int.MaxValue)
    {
        await Console.Error.WriteLineAsync("--first + --profiles is too large.");
        return 2;
    }
    try
    {
        await using var db = MatchingDatabase.Open(options);
        await db.MigrateAsync(ct);
        var generator = new SyntheticProfiles(taxonomy, parse.GetValue(seed));
        Console.WriteLine($"Loading {count:N0} synthetic profiles (indexes {from:N0}…{(long)from + count - 1:N0}) into {options.Provider}");
        var lastReport = Stopwatch.StartNew();
        var progress = new Progress<BulkLoadProgress>(p =>
        {
            if (lastReport.Elapsed < TimeSpan.FromSeconds(5) && p.Loaded < count) return;
            lastReport.Restart();
            Console.WriteLine($"  {p.Loaded:N0} profiles, {p.Skills:N0} skill rows");
        });
        var result = await db.BulkLoader.LoadAsync(SyntheticLoad.Profiles(generator, from, count), progress, ct);
        Console.WriteLine($"Loaded {result.Profiles:N0} profiles ({result.Skills:N0} skill rows, {result.Skills / (double)Math.Max(1, result.Profiles):F1} per profile) " +
                          $"in {result.Elapsed.TotalSeconds:F1} s, {result.Profiles / Math.Max(0.001, result.Elapsed.TotalSeconds):N0} profiles/s" +
                          (result.RebuiltIndexes ? "; secondary indexes rebuilt after the load" : ""));
        if (parse.GetValue(jobs) is > 0 and var jobCount)
        {
            var watch = Stopwatch.StartNew();
            var ids = await SyntheticLoad.AddJobsAsync(db, generator, jobCount, ct: ct);
            Console.WriteLine($"Created {ids.Count:N0} open jobs in {watch.Elapsed.TotalSeconds:F1} s");
        }
        return 0;
    }
    catch (OperationCanceledException)
    {
        await Console.Error.WriteLineAsync("Cancelled." + (options.Provider == DatabaseProvider.Postgres ? " Nothing was loaded." : ""));
        return 1;
    }
    catch (Exception e) when (e is System.Data.Common.DbException or ArgumentException or DatabaseMigrationException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"The load failed: {e.Message}" + (options.Provider == DatabaseProvider.Postgres
            ? " Nothing was loaded (one transaction)."
            : $" Batches of {ProfileBulkLoader.SqliteBatch:N0} profiles before the failure are committed; rerun with a larger --first to continue."));
        return 1;
    }
});

var root = new RootCommand("Matching bulk loader.") { synthetic, ImportCommand.Create(), SampleCommand.Create() };
var result = root.Parse(args);
if (result.Errors.Count > 0)
{
    foreach (var error in result.Errors) await Console.Error.WriteLineAsync(error.Message);
    await Console.Error.WriteLineAsync("Run 'Matching.Loader COMMAND --help' for the options (commands: synthetic, import, sample).");
    return 2;
}
return await result.InvokeAsync();
