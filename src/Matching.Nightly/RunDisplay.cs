using System.Diagnostics;
using Matching.Data;
using Matching.Scoring;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Matching.Nightly;

/// <summary>How a run shows its progress: a progress bar on a terminal, log lines otherwise (cron, containers, CI).</summary>
internal abstract class RunDisplay
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/>, which reports progress through the callback it is given.</summary>
    public abstract Task<RunReport> ShowAsync(Func<Action<ScoringProgress>, Task<RunReport>> work);

    public abstract void Summary(RunReport report);

    protected static string Seconds(long? ms) => ms is { } v ? $"{v / 1000.0:0.0} s" : "–";

    protected static string TimeSplit(RunReport r) =>
        $"loading index {Seconds(r.Timings.LoadMs)}, scoring {Seconds(r.Timings.ScoreMs)}, " +
        $"writing {Seconds(r.Timings.WriteMs)} (overlaps scoring), total {r.Elapsed.TotalSeconds:0.0} s";
}

/// <summary>Spectre.Console progress bars: loading, then scoring with rate and time left.</summary>
internal sealed class ProgressBarDisplay : RunDisplay
{
    public override async Task<RunReport> ShowAsync(Func<Action<ScoringProgress>, Task<RunReport>> work) =>
        await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var loading = ctx.AddTask("Loading profiles", maxValue: 1).IsIndeterminate(true);
                var scoring = ctx.AddTask("Scoring jobs", autoStart: false);
                var report = await work(p =>
                {
                    switch (p.Phase)
                    {
                        case RunPhase.Scoring:
                            if (!loading.IsFinished)
                            {
                                loading.Description = $"Loaded {p.Profiles:N0} profiles";
                                loading.IsIndeterminate = false;
                                loading.Value = loading.MaxValue;
                                loading.StopTask();
                                scoring.MaxValue = Math.Max(1, p.JobsTotal);
                                scoring.StartTask();
                            }
                            scoring.Value = p.JobsDone;
                            break;
                        case RunPhase.Publishing:
                            scoring.Value = scoring.MaxValue;
                            scoring.Description = "Publishing";
                            break;
                    }
                });
                loading.StopTask();
                scoring.StopTask();
                return report;
            });

    public override void Summary(RunReport r)
    {
        if (r.DryRun) AnsiConsole.MarkupLine("[bold]Dry run[/]: scored and compared, nothing written");
        else
        {
            var color = r.Status == ScoringRunStatus.Succeeded ? "green" : "red";
            AnsiConsole.MarkupLine($"[bold]Run {Markup.Escape(r.RunId ?? "")}[/]: [{color}]{Markup.Escape(r.Status)}[/]");
        }
        if (r.Error is not null) AnsiConsole.MarkupLine($"  [red]{Markup.Escape(r.Error)}[/]");
        AnsiConsole.MarkupLine(Markup.Escape($"  {r.JobsScored:N0} of {r.JobsTotal:N0} jobs over {r.Profiles:N0} profiles, {r.Results:N0} results"));
        AnsiConsole.MarkupLine(Markup.Escape($"  changes: {r.Changes.New:N0} new, {r.Changes.Dropped:N0} dropped, {r.Changes.MovedUp:N0} up, " +
                                             $"{r.Changes.MovedDown:N0} down, {r.Changes.Unchanged:N0} unchanged"));
        AnsiConsole.MarkupLine(Markup.Escape($"  time: {TimeSplit(r)}"));
        if (r.Webhook is { } w)
            AnsiConsole.MarkupLine(Markup.Escape($"  webhook: {w.Status} after {w.Attempts} attempt(s){(w.Error is null ? "" : ": " + w.Error)}"));
    }
}

/// <summary>One log line per <c>every</c> jobs, with the rate and the time left.</summary>
internal sealed class LogLineDisplay(ILogger log, int every) : RunDisplay
{
    public override Task<RunReport> ShowAsync(Func<Action<ScoringProgress>, Task<RunReport>> work)
    {
        var scoring = new Stopwatch();
        var next = every;
        var printed = -1;
        return work(p =>
        {
            if (p.Phase != RunPhase.Scoring) return;
            if (!scoring.IsRunning)
            {
                scoring.Start();
                log.LogInformation("Scoring {Jobs} jobs over {Profiles} profiles", p.JobsTotal, p.Profiles);
            }
            if (p.JobsTotal == 0 || p.JobsDone == printed || p.JobsDone < next && p.JobsDone < p.JobsTotal) return;
            printed = p.JobsDone;
            next = (p.JobsDone / every + 1) * every;
            var rate = p.JobsDone / Math.Max(0.001, scoring.Elapsed.TotalSeconds);
            var eta = TimeSpan.FromSeconds((p.JobsTotal - p.JobsDone) / Math.Max(0.001, rate));
            log.LogInformation("Scored {Done}/{Total} jobs ({Percent:0}%), {Rate:0.0} jobs/s, ETA {Eta:hh\\:mm\\:ss}",
                p.JobsDone, p.JobsTotal, 100.0 * p.JobsDone / Math.Max(1, p.JobsTotal), rate, eta);
        });
    }

    public override void Summary(RunReport r)
    {
        if (r.DryRun)
            log.LogInformation("Dry run (nothing written): {Jobs} jobs over {Profiles} profiles, {Results} results; {New} new, {Dropped} dropped, {Up} up, {Down} down",
                r.JobsScored, r.Profiles, r.Results, r.Changes.New, r.Changes.Dropped, r.Changes.MovedUp, r.Changes.MovedDown);
        log.LogInformation("Time split: {Split}", TimeSplit(r));
    }
}
