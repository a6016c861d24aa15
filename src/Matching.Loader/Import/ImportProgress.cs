using System.Diagnostics;
using Spectre.Console;

namespace Matching.Loader.Import;

/// <summary>
/// Shows an import's progress while it runs: a Spectre.Console progress bar on a terminal, a plain line every few
/// seconds when the output is redirected (a log file, CI), so logs hold no escape codes.
/// </summary>
public static class ImportProgress
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(2);

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static Task<T> ShowAsync<T>(int total, Func<ImportCounts> counts, Func<Task<T>> work, bool interactive) =>
        interactive ? BarAsync(total, counts, work) : PlainAsync(total, counts, work);

    private static Task<T> BarAsync<T>(int total, Func<ImportCounts> counts, Func<Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Importing", maxValue: Math.Max(1, total));
                var run = work();
                while (true)
                {
                    var c = counts();
                    task.Value = c.Done;
                    task.Description = $"{c.Done:N0}/{total:N0} · {c.Stored:N0} stored · {c.Unchanged:N0} already · {c.Failed:N0} failed";
                    if (run.IsCompleted) break;
                    await Task.WhenAny(run, Task.Delay(150));
                }
                return await run;
            });

    private static async Task<T> PlainAsync<T>(int total, Func<ImportCounts> counts, Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var run = work();
        while (await Task.WhenAny(run, Task.Delay(PlainEvery)) != run)
        {
            var c = counts();
            Console.WriteLine($"  {c.Done:N0}/{total:N0} ({100.0 * c.Done / Math.Max(1, total):F0}%): {c.Stored:N0} stored, " +
                              $"{c.Unchanged:N0} already stored, {c.Failed:N0} failed, {c.Done / watch.Elapsed.TotalSeconds:N0} records/s");
        }
        return await run;
    }
}
