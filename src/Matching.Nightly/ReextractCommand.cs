using System.Diagnostics;
using Matching.Core.Extraction;
using Matching.Core.Taxonomy;
using Matching.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Matching.Nightly;

internal sealed record ReextractCommandOptions(bool DryRun, int LogEvery, bool Create = false);

/// <summary>
/// The <c>reextract</c> command: re-extract every stored profile whose extractor or taxonomy version differs from this
/// program's, resuming the run a killed process left. Exit codes: see <see cref="ExitCodes"/>.
/// </summary>
internal static class ReextractCommand
{
    public static async Task<int> ExecuteAsync(ReextractCommandOptions options, CancellationToken ct)
    {
        var interactive = RunDisplay.IsInteractive;
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            })
            .SetMinimumLevel(interactive ? LogLevel.Warning : LogLevel.Information)
            .AddFilter("Npgsql", LogLevel.Warning));
        var log = loggers.CreateLogger("Matching.Nightly");

        ReextractionOptions runOptions;
        DatabaseOptions databaseOptions;
        SkillTaxonomy taxonomy;
        try
        {
            var settings = NightlySettings.Load();
            runOptions = settings.Reextraction().ToOptions();
            databaseOptions = settings.Database(options.Create);
            taxonomy = settings.Taxonomy();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            log.LogError("Bad settings: {Message}", e.Message);
            return ExitCodes.BadArguments;
        }

        MatchingDatabase db;
        try
        {
            db = MatchingDatabase.Open(databaseOptions, loggers);
        }
        catch (ArgumentException e)
        {
            log.LogError("Bad database settings: {Message}", e.Message);
            return ExitCodes.BadArguments;
        }

        await using (db)
        {
            try
            {
                await db.MigrateAsync(ct);
                // Re-extract to the taxonomy as it is now: the shipped file with the overlay's changes made through the API.
                var effective = await db.Taxonomy.EffectiveAsync(taxonomy, ct);
                var runner = new ReextractionRunner(db, new SkillExtractor(effective), effective, runOptions,
                    loggers.CreateLogger<ReextractionRunner>());
                return await RunOnceAsync(runner, options, interactive, log, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                log.LogWarning("Cancelled");
                return ExitCodes.Failed;
            }
            catch (Exception e)
            {
                log.LogError(e, "Re-extraction failed: {Message}", e.Message);
                return ExitCodes.Failed;
            }
        }
    }

    private static async Task<int> RunOnceAsync(ReextractionRunner runner, ReextractCommandOptions options, bool interactive, ILogger log,
        CancellationToken ct)
    {
        if (options.DryRun)
        {
            var due = await runner.CountDueAsync(ct);
            log.LogInformation("Dry run (nothing written): {Due} profile(s) due for {Extractor} / {Taxonomy}",
                due, runner.Target.Extractor, runner.Target.Taxonomy);
            if (interactive) AnsiConsole.MarkupLine(Markup.Escape($"{due:N0} profile(s) due for {runner.Target.Extractor} / {runner.Target.Taxonomy}"));
            return ExitCodes.Done;
        }

        var start = await runner.TryStartAsync(ReextractionTrigger.Console, ct);
        if (start.Started is not { } run)
        {
            log.LogWarning("Another re-extraction run holds the lock{Running}; nothing was done",
                start.Running is { } r ? $" (run {r.Id}, started {r.StartedAt:u} by {r.Owner}, {r.Counts.Done} of {r.Counts.Total} done)" : "");
            return ExitCodes.Locked;
        }
        await using (run)
        {
            var report = interactive
                ? await WithProgressBarAsync(run, ct)
                : await run.ExecuteAsync(LogLines(log, options.LogEvery), ct);
            Summary(report, interactive, log);
            if (report.Status != ReextractionStatus.Succeeded) return ExitCodes.Failed;
            return report.Counts.Failed > 0 ? ExitCodes.SomeFailed : ExitCodes.Done;
        }
    }

    private static Task<ReextractionReport> WithProgressBarAsync(ActiveReextraction run, CancellationToken ct) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(run.Resumed ? "Re-extracting (resumed)" : "Re-extracting", maxValue: Math.Max(1, run.Run.Counts.Total));
                var report = await run.ExecuteAsync(p => task.Value = Math.Min(task.MaxValue, p.Counts.Done), ct);
                task.Value = task.MaxValue;
                task.StopTask();
                return report;
            });

    /// <summary>One line per <paramref name="every"/> profiles, with the rate and the time left.</summary>
    private static Action<ReextractionProgress> LogLines(ILogger log, int every)
    {
        var watch = Stopwatch.StartNew();
        int? first = null;
        var next = 0;
        return p =>
        {
            var c = p.Counts;
            first ??= c.Done;
            if (c.Done < next || c.Done == first) return;
            next = (c.Done / every + 1) * every;
            var rate = (c.Done - first.Value) / Math.Max(0.001, watch.Elapsed.TotalSeconds);
            var eta = TimeSpan.FromSeconds(Math.Max(0, c.Total - c.Done) / Math.Max(0.001, rate));
            log.LogInformation("Re-extracted {Done}/{Total} ({Percent:0}%): {Changed} changed, {Unchanged} unchanged, {Failed} failed, " +
                               "{Skipped} skipped; {Rate:0.0} profiles/s, ETA {Eta:hh\\:mm\\:ss}",
                c.Done, c.Total, 100.0 * c.Done / Math.Max(1, c.Total), c.Changed, c.Unchanged, c.Failed, c.Skipped, rate, eta);
        };
    }

    private static void Summary(ReextractionReport r, bool interactive, ILogger log)
    {
        var c = r.Counts;
        var failures = r.Failures.Count == 0 ? "" : " (" + string.Join(", ", r.Failures.Select(f => $"{f.Key} {f.Value}")) + ")";
        var line = $"Run {r.RunId}{(r.Resumed ? " (resumed)" : "")}: {r.Status}; {c.Done:N0} of {c.Total:N0} profile(s) due for " +
                   $"{r.Target.Extractor} / {r.Target.Taxonomy}: {c.Changed:N0} changed, {c.Unchanged:N0} unchanged, " +
                   $"{c.Failed:N0} failed{failures}, {c.Skipped:N0} skipped; {r.Elapsed.TotalSeconds:0.0} s";
        if (interactive)
        {
            var color = r.Status == ReextractionStatus.Succeeded ? "green" : "red";
            AnsiConsole.MarkupLine($"[{color}]{Markup.Escape(line)}[/]");
            if (r.Error is not null) AnsiConsole.MarkupLine($"  [red]{Markup.Escape(r.Error)}[/]");
        }
        else log.LogInformation("{Summary}", line);
    }
}
