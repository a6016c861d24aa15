using Matching.Data;
using Matching.Scoring;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Runs <c>POST /scoring-runs</c> in the background of the API process: the same <see cref="ScoringRunner"/> as the
/// console (same lock, so the API and a cron job never run at once), over this process's live match index instead
/// of loading a second one. Stopping the API cancels a run in progress, which marks itself failed.
/// </summary>
public sealed class ScoringRunWorker(
    MatchingDatabase db, MatchIndexHost host, TaxonomyHolder taxonomy, ScoringRunOptions options, MatchingMetrics metrics,
    ILoggerFactory loggers, ILogger<ScoringRunWorker> log)
    : BackgroundRuns(log, "Scoring run")
{
    /// <summary>
    /// Takes the lock and records the run, then runs it in the background. Returns the running run instead when one
    /// holds the lock. Throws <see cref="UnknownJobsException"/> or <see cref="ArgumentException"/> for a bad request.
    /// </summary>
    public async Task<RunStart> TryStartRunAsync(RunRequest request, CancellationToken ct)
    {
        var start = await Runner().TryStartAsync(request, ct);
        if (start.Started is { } run)
            Launch(run, run.Id, async stopping =>
            {
                var report = await run.ExecuteAsync(null, stopping);
                metrics.ScoringRuns.Finished(report);
                return report.Status;
            });
        return start;
    }

    /// <summary>
    /// A runner for the taxonomy in use when the run starts (recorded with the run). It ranks over this process's live
    /// index when that is built for the same taxonomy, else over an index of its own.
    /// </summary>
    private ScoringRunner Runner()
    {
        var current = taxonomy.Current.Taxonomy;
        var runner = new ScoringRunner(db.ScoringRuns, db.Jobs, current, options, loggers.CreateLogger<ScoringRunner>());
        return new ScoringRunner(db.ScoringRuns, db.Jobs, current, options, loggers.CreateLogger<ScoringRunner>())
        {
            IndexSource = async ct =>
            {
                while (!host.IsReady) await Task.Delay(100, ct);
                await host.CatchUpAsync(ct);
                var index = host.Index;
                return ReferenceEquals(index.Taxonomy, current)
                    ? new LoadedIndex(index, checked((int)await db.Profiles.CountAsync(ct)))
                    : await runner.IndexSource(ct);
            },
        };
    }
}

public static class ScoringRunsSetup
{
    /// <summary>The scoring-run store, options and background worker (configuration section <c>Scoring</c>).</summary>
    public static IServiceCollection AddScoringRuns(this IServiceCollection services)
    {
        services.AddSingleton(sp => RequestBoundStore<IScoringRunStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().ScoringRuns));
        services.AddSingleton(sp =>
        {
            var config = sp.GetRequiredService<IConfiguration>();
            var settings = config.GetSection(ScoringSettings.Section).Get<ScoringSettings>() ?? new ScoringSettings();
            var options = settings.ToOptions(config[ScoringSettings.WebhookSecretVariable]);
            // /match shares the cores: unless told otherwise, a run in the API ranks one job at a time.
            return settings.Parallelism == 0 ? options with { Parallelism = 1 } : options;
        });
        services.AddSingleton<ScoringRunWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ScoringRunWorker>());
        return services;
    }
}
