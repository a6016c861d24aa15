using Matching.Core.Taxonomy;
using Matching.Data;
using Matching.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Matching.Nightly;

/// <summary>The <c>run</c> command: one run, or one run per occurrence of the schedule until stopped.</summary>
internal static class RunCommand
{
    public static async Task<int> ExecuteAsync(RunCommandOptions options, CancellationToken ct)
    {
        var interactive = RunDisplay.IsInteractive;
        // On a terminal the progress bar owns the screen: only warnings and errors are logged beside it.
        using var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            })
            .SetMinimumLevel(interactive && options.Schedule is null ? LogLevel.Warning : LogLevel.Information)
            .AddFilter("Npgsql", LogLevel.Warning));
        var log = loggers.CreateLogger("Matching.Nightly");

        NightlySettings settings;
        OpenTelemetry.Metrics.MeterProvider? telemetry;
        ScoringRunOptions runOptions;
        ScoringSettings scoring;
        DatabaseOptions databaseOptions;
        SkillTaxonomy taxonomy;
        try
        {
            settings = NightlySettings.Load();
            scoring = settings.Scoring();
            runOptions = scoring.ToOptions(settings.WebhookSecret);
            databaseOptions = settings.Database(options.Create);
            taxonomy = settings.Taxonomy();
            telemetry = NightlyTelemetry.Start(settings.Configuration);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            log.LogError("Bad settings: {Message}", e.Message);
            return ExitCodes.BadArguments;
        }

        using var flushAtExit = telemetry;
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
            // A scheduler in a container waits for its database (one line per attempt, the wait doubling up to 30 s)
            // instead of exiting into a restart loop; a single run fails at once, as cron expects.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await db.MigrateAsync(ct);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException && options.Schedule is not null && DatabaseFaults.IsUnavailable(e))
                {
                    var wait = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(attempt, 5)) / 2));
                    log.LogWarning("Database not ready (attempt {Attempt}: {Fault}); retrying in {Wait} s", attempt, DatabaseFaults.Classify(e), wait.TotalSeconds);
                    try { await Task.Delay(wait, ct); }
                    catch (OperationCanceledException) { return ExitCodes.Done; }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError("The database is not usable: {Message}", e.Message);
                    return ExitCodes.Failed;
                }
            }

            // Each run scores with the taxonomy as it is when the run starts (the shipped file and the overlay's changes
            // made through the API so far) and records that version.
            async Task<ScoringRunner> RunnerAsync(CancellationToken token) =>
                new(db, await db.Taxonomy.EffectiveAsync(taxonomy, token), runOptions, loggers.CreateLogger<ScoringRunner>());
            var request = new RunRequest(options.JobIds, options.Top ?? scoring.Top,
                options.Schedule is null ? ScoringRunTrigger.Console : ScoringRunTrigger.Schedule);
            RunDisplay display = interactive && options.Schedule is null ? new ProgressBarDisplay() : new LogLineDisplay(log, options.LogEvery);

            if (options.Schedule is null) return await RunOnceAsync(await RunnerAsync(ct), request, options.DryRun, display, log, ct);
            // MATCHING_NIGHTLY_HEARTBEAT names a file touched every 30 s while the scheduler lives: the container's health check.
            using var heartbeat = Heartbeat.Start(Environment.GetEnvironmentVariable("MATCHING_NIGHTLY_HEARTBEAT"), log);
            return await new Scheduler(options.Schedule, options.TimeZone, log)
                .RunAsync(async token => await RunOnceAsync(await RunnerAsync(token), request, options.DryRun, display, log, token), ct);
        }
    }

    public static async Task<int> RunOnceAsync(ScoringRunner runner, RunRequest request, bool dryRun, RunDisplay display, ILogger log,
        CancellationToken ct)
    {
        try
        {
            if (dryRun)
            {
                var dry = await display.ShowAsync(progress => runner.DryRunAsync(request, progress, ct));
                display.Summary(dry);
                return ExitCodes.Done;
            }

            var start = await runner.TryStartAsync(request, ct);
            if (start.Started is not { } run)
            {
                log.LogWarning("Another scoring run holds the lock{Running}; nothing was done",
                    start.Running is { } r ? $" (run {r.Id}, started {r.StartedAt:u} by {r.Owner})" : "");
                return ExitCodes.Locked;
            }
            await using (run)
            {
                var report = await display.ShowAsync(progress => run.ExecuteAsync(progress, ct));
                NightlyTelemetry.ScoringRuns.Finished(report);
                display.Summary(report);
                return report.Status == ScoringRunStatus.Succeeded ? ExitCodes.Done : ExitCodes.Failed;
            }
        }
        catch (UnknownJobsException e)
        {
            log.LogError("{Message}", e.Message);
            return ExitCodes.BadArguments;
        }
        catch (ArgumentException e)
        {
            log.LogError("{Message}", e.Message);
            return ExitCodes.BadArguments;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            log.LogWarning("Cancelled");
            return ExitCodes.Failed;
        }
        catch (Exception e)
        {
            log.LogError(e, "The run failed: {Message}", e.Message);
            return ExitCodes.Failed;
        }
    }
}
