using Cronos;
using Microsoft.Extensions.Logging;

namespace Matching.Nightly;

/// <summary>
/// Keeps the process alive and starts a run at each occurrence of the cron expression (for a container). A run that
/// finds the lock taken or fails is logged and the next occurrence comes as usual; stopping the process (SIGTERM)
/// ends the wait at once.
/// </summary>
internal sealed class Scheduler(CronExpression schedule, TimeZoneInfo timeZone, ILogger log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> runOnce, CancellationToken ct)
    {
        log.LogInformation("Scheduled: {Schedule} ({TimeZone})", schedule, timeZone.Id);
        while (!ct.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            if (schedule.GetNextOccurrence(now, timeZone) is not { } next)
            {
                log.LogWarning("The schedule {Schedule} has no further occurrence; stopping", schedule);
                return ExitCodes.Done;
            }
            log.LogInformation("Next run at {Next:yyyy-MM-dd'T'HH:mm:ss'Z'}", next.UtcDateTime);
            try
            {
                // Task.Delay takes at most ~49 days at once; a yearly schedule waits in steps.
                while (next > _clock.GetUtcNow())
                {
                    var wait = next - _clock.GetUtcNow();
                    await Task.Delay(wait > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : wait, _clock, ct);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            // Whatever the outcome (it is logged), the next occurrence comes: a scheduler outlives a bad night.
            await runOnce(ct);
        }
        log.LogInformation("Scheduler stopped");
        return ExitCodes.Done;
    }
}
