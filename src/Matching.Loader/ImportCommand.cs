using System.CommandLine;
using System.Data.Common;
using Matching.Core.Extraction;
using Matching.Data;
using Matching.Loader.Import;

namespace Matching.Loader;

/// <summary>
/// <c>Matching.Loader import PATH</c>: real questionnaires from a JSON Lines file or a folder, extracted and stored as
/// POST /profiles stores them. Exit codes: 0 every record stored (or already stored), 1 the import failed or was
/// cancelled (what was committed stays; run it again to resume), 2 bad arguments, 4 done but some records failed
/// (the error file lists them).
/// </summary>
internal static class ImportCommand
{
    public const int SomeRecordsFailed = 4;

    public static Command Create()
    {
        var input = new Argument<string>("path") { Description = "A JSON Lines file ({externalId, format, content | answers, language} a line) or a folder of *.md, *.txt and *.qa.json files." };
        var errors = new Option<string?>("--errors") { Description = "Where to write the records that failed (JSON Lines; default: beside the input, NAME.errors.jsonl)." };
        var language = new Option<string>("--language") { Description = "ru, en or auto: for folder files, and lines that give none.", DefaultValueFactory = _ => "auto" };
        var idPrefix = new Option<string>("--id-prefix") { Description = "Prefix of the externalIds made from file names (folders).", DefaultValueFactory = _ => "" };
        var batch = new Option<int>("--batch-size") { Description = "Records per transaction.", DefaultValueFactory = _ => 500 };
        batch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--batch-size must be between 1 and 100000.");
        });
        var parallelism = new Option<int>("--parallelism") { Description = "Questionnaires extracted at once (default: one per core).", DefaultValueFactory = _ => 0 };
        parallelism.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 1024) r.AddError("--parallelism must be between 0 (one per core) and 1024.");
        });
        var writers = new Option<int>("--writers") { Description = "Batches written at once on PostgreSQL (SQLite: always 1).", DefaultValueFactory = _ => 2 };
        writers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--writers must be between 1 and 64.");
        });
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines instead of a progress bar (the default when the output is redirected)." };
        var provider = new Option<string?>("--provider") { Description = "sqlite or postgres (default: Database__Provider, else sqlite)." };
        var connection = new Option<string?>("--connection") { Description = "ADO.NET connection string (default: ConnectionStrings__Matching, else the API's SQLite file)." };
        var create = new Option<bool>("--create") { Description = "Create the SQLite database when its file does not exist (otherwise a missing file is an error)." };

        var command = new Command("import", "Import real questionnaires: extract each (in parallel) and store it as POST /profiles does, in batches. " +
                                            "Resumable: records already stored with the same questionnaire are skipped, so after a kill run it again.")
        {
            input, errors, language, idPrefix, batch, parallelism, writers, plain, provider, connection, create,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                await Console.Error.WriteLineAsync($"No file or folder '{path}'.");
                return 2;
            }
            var lang = parse.GetValue(language)!;
            if (lang.ToLowerInvariant() is not ("ru" or "en" or "auto"))
            {
                await Console.Error.WriteLineAsync("--language must be ru, en or auto.");
                return 2;
            }

            DatabaseOptions options;
            SkillExtractor extractor;
            Core.Taxonomy.SkillTaxonomy taxonomy;
            ImportLimits limits;
            try
            {
                var configuration = LoaderConfiguration.Load();
                options = LoaderConfiguration.Database(configuration, parse.GetValue(provider), parse.GetValue(connection), parse.GetValue(create));
                taxonomy = LoaderConfiguration.Taxonomy(configuration);
                extractor = LoaderConfiguration.Extractor(configuration, taxonomy);
                limits = new ImportLimits(LoaderConfiguration.MaxQuestionnaireChars(configuration));
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or LexiconException)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }

            var settings = new ImportSettings(parse.GetValue(batch), parse.GetValue(parallelism),
                options.Provider == DatabaseProvider.Sqlite ? 1 : parse.GetValue(writers));
            int total;
            ErrorFile errorFileOrNull;
            try
            {
                total = RecordSources.Count(path);
                errorFileOrNull = new ErrorFile(parse.GetValue(errors) ?? ErrorFile.DefaultFor(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"The input or the error file cannot be used: {e.Message}");
                return 2;
            }
            using var errorFile = errorFileOrNull;
            try
            {
                await using var db = MatchingDatabase.Open(options);
                await db.MigrateAsync(ct);
                // Extract with the taxonomy the API uses: the file plus the changes made through /taxonomy/skills.
                var effective = await db.Taxonomy.EffectiveAsync(taxonomy, ct);
                if (!ReferenceEquals(effective, taxonomy)) (taxonomy, extractor) = (effective, new SkillExtractor(effective, extractor.Lexicon));
                var importer = new Importer(db.Profiles, extractor, taxonomy, settings);
                var records = RecordSources.Read(path, limits, lang, parse.GetValue(idPrefix)!);
                Console.WriteLine($"Importing {total:N0} records from {path} into {options.Provider} " +
                                  $"({settings.EffectiveParallelism} extracting, {settings.Writers} writing, {settings.BatchSize} a transaction)");
                var interactive = !parse.GetValue(plain) && ImportProgress.Interactive;
                var result = await ImportProgress.ShowAsync(total, () => importer.Counts,
                    () => importer.RunAsync(records, errorFile.Write, ct), interactive);
                var c = result.Counts;
                var seconds = Math.Max(0.001, result.Elapsed.TotalSeconds);
                Console.WriteLine($"Done in {seconds:F1} s: {c.Stored:N0} stored ({c.Created:N0} new, {c.Updated:N0} updated), " +
                                  $"{c.Unchanged:N0} already stored, {c.Failed:N0} failed; {c.Stored / seconds:N0} questionnaires stored/s, " +
                                  $"{c.Done / seconds:N0} records/s");
                if (c.Failed == 0) return 0;
                Console.WriteLine($"The records that failed, with the reasons: {errorFile.FullPath}");
                return SomeRecordsFailed;
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"Cancelled after {Summary(errorFile)}. Run the same command again to resume.");
                return 1;
            }
            catch (Exception e) when (e is DbException or DatabaseMigrationException or InvalidOperationException or ArgumentException or IOException)
            {
                var fault = DatabaseFaults.Classify(e);
                await Console.Error.WriteLineAsync((fault is null ? $"The import failed: {e.Message}" : $"The database is unavailable ({fault}).") +
                                                   $" Every committed batch is whole; run the same command again to resume.");
                return 1;
            }
        });
        return command;
    }

    private static string Summary(ErrorFile errors) => errors.Count == 0 ? "no errors" : $"{errors.Count:N0} errors ({errors.FullPath})";
}
