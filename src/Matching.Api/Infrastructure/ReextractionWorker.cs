using Matching.Data;

namespace Matching.Api.Infrastructure;

/// <summary>
/// Runs <c>POST /reextractions</c> in the background of the API process: the same <see cref="ReextractionRunner"/> as
/// the console (same lock, so replicas and a cron job never run two at once). Its writes reach this replica's match
/// index and evidence cache, and every other replica's, through the change feed. Stopping the API cancels a run in
/// progress, which marks itself failed; the next run takes the profiles still due.
/// </summary>
public sealed class ReextractionWorker(
    TaxonomyHolder taxonomy, IReextractionStore store, ReextractionOptions options, ILoggerFactory loggers, ILogger<ReextractionWorker> log)
    : BackgroundRuns(log, "Re-extraction run")
{
    /// <summary>A runner whose target is the taxonomy in use now (each run re-extracts to the version current when it starts).</summary>
    public ReextractionRunner Runner()
    {
        var snapshot = taxonomy.Current;
        return new ReextractionRunner(store, snapshot.Extractor, snapshot.Taxonomy, options, loggers.CreateLogger<ReextractionRunner>());
    }

    /// <summary>Takes the lock and records (or resumes) the run, then runs it in the background; or returns the running run.</summary>
    public Task<ReextractionStart> TryStartAsync(CancellationToken ct) => TryStartAsync(Runner(), ReextractionTrigger.Api, ct);

    /// <inheritdoc cref="TryStartAsync(CancellationToken)"/>
    public async Task<ReextractionStart> TryStartAsync(ReextractionRunner runner, string trigger, CancellationToken ct)
    {
        var start = await runner.TryStartAsync(trigger, ct);
        if (start.Started is { } run)
            Launch(run, run.Id, async stopping => (await run.ExecuteAsync(null, stopping)).Status.ToString());
        return start;
    }
}

public static class ReextractionSetup
{
    /// <summary>The re-extraction store, options and background worker (configuration section <c>Reextraction</c>).</summary>
    public static IServiceCollection AddReextractions(this IServiceCollection services)
    {
        services.AddSingleton(sp => RequestBoundStore<IReextractionStore>.Wrap(sp.GetRequiredService<MatchingDatabase>().Reextractions));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IConfiguration>().GetSection(ReextractionSettings.Section).Get<ReextractionSettings>()
                           ?? new ReextractionSettings();
            var options = settings.ToOptions();
            // /match shares the cores: unless told otherwise, a run in the API extracts one questionnaire at a time.
            return settings.Parallelism == 0 ? options with { Parallelism = 1 } : options;
        });
        services.AddSingleton<ReextractionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ReextractionWorker>());
        return services;
    }
}
